// Node-only helper (not part of the library's import graph): bundles cert-core for browsers.
// platform 'browser' makes esbuild fail on any Node built-in (fs, crypto, path, Buffer polyfills are not
// injected), so a successful build proves the library stays browser-safe.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const BROWSER_GLOBAL_NAME = 'CertCore';
const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Writes an IIFE bundle exposing the public API as `globalThis.CertCore`. */
export async function buildBrowserBundle(outfile: string): Promise<void> {
  await build({ ...options(), outfile, write: true });
}

/** The same bundle, in memory. */
export async function browserBundleCode(): Promise<string> {
  const result = await build({ ...options(), write: false, outfile: 'cert-core.js' });
  return result.outputFiles[0].text;
}

function options() {
  return {
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'browser' as const,
    format: 'iife' as const,
    globalName: BROWSER_GLOBAL_NAME,
    target: 'es2020',
    minify: true,
    logLevel: 'silent' as const,
  };
}
