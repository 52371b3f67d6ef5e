// Node-only (not part of the page): bundles the console's TypeScript and Preact into one browser script.
// platform 'browser' fails on any Node built-in, so a server module pulled in by mistake breaks the build.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));

/** One browser script (an IIFE, minified) from a TypeScript entry file; the embed launcher is built the same way. */
export async function browserScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

export function agentConsoleBundle(): Promise<string> {
  return browserScript(ENTRY);
}
