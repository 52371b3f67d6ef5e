import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type restify from 'restify';

/**
 * The browser code of web/embed/, bundled by esbuild on first request and kept in memory (like
 * cert-core's bundle). `/embed.js` is the launcher a bank's page loads by one script tag;
 * `/embed/frame.js` is the customer page's side of the panel (conversation resume, institution).
 */
const ENTRIES: Record<string, string> = {
  '/embed.js': fileURLToPath(new URL('../web/embed/launcher.ts', import.meta.url)),
  '/embed/frame.js': fileURLToPath(new URL('../web/embed/frame.ts', import.meta.url)),
};

export const BUNDLE_PATHS = Object.keys(ENTRIES);

const built = new Map<string, Promise<Buffer>>();

/** The bundle's bytes; a failed build is retried on the next request instead of being cached. */
export function bundle(urlPath: string): Promise<Buffer> | undefined {
  const entry = ENTRIES[urlPath];
  if (!entry) return undefined;
  let pending = built.get(urlPath);
  if (!pending) {
    pending = build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', target: 'es2020', minify: true, write: false, logLevel: 'silent' })
      .then((result) => Buffer.from(result.outputFiles[0].contents))
      .catch((error: unknown) => {
        built.delete(urlPath);
        throw error;
      });
    built.set(urlPath, pending);
  }
  return pending;
}

/** Subresource integrity value of some bytes (sha384, as browsers and SRI generators use). */
export function integrityOf(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

export function mountBundles(server: restify.Server, onError: (error: Error) => void): void {
  for (const urlPath of BUNDLE_PATHS) {
    server.get(urlPath, async (_req: restify.Request, res: restify.Response) => {
      try {
        const code = await bundle(urlPath)!;
        res.writeHead(200, {
          'Content-Type': 'text/javascript; charset=utf-8',
          'Content-Length': code.byteLength,
          'Cache-Control': 'no-cache',
          // Public code meant for other sites' pages: readable cross-origin, so a bank can pin it
          // with <script integrity=… crossorigin="anonymous">. It carries no data of anyone.
          'Access-Control-Allow-Origin': '*',
          'Cross-Origin-Resource-Policy': 'cross-origin',
        });
        res.end(code);
      } catch (error) {
        onError(error as Error);
        res.send(500, { error: { code: 'BundleFailed', message: 'The assistant script is unavailable.' } });
      }
    });
  }
}
