import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type restify from 'restify';
import { browserBundleCode } from '../cert-core/bundle.js';
import { agentConsoleBundle, browserScript } from '../web/agent/bundle.js';
import type { StaticAssets } from './static-assets.js';

/**
 * The browser scripts built from TypeScript on first request and kept in memory: the embed
 * launcher a bank's page loads by one script tag (`/embed.js`), cert-core for the local check,
 * and the agent console. One registry, so every page can pin them with subresource integrity.
 * (The customer page's own hashed assets are built by web/build.ts: server/customer-page.ts.)
 */
interface Bundle {
  build: () => Promise<Buffer>;
  /** Public code meant for other sites' pages: readable cross-origin, so a bank can pin it too. */
  crossOrigin?: boolean;
}

const LAUNCHER = fileURLToPath(new URL('../web/embed/launcher.ts', import.meta.url));

const BUNDLES: Record<string, Bundle> = {
  '/embed.js': {
    build: async () => Buffer.from(await browserScript(LAUNCHER)),
    crossOrigin: true,
  },
  '/vendor/cert-core.js': { build: async () => Buffer.from(await browserBundleCode()) },
  '/agent/agent.js': { build: async () => Buffer.from(await agentConsoleBundle()) },
};

export const BUNDLE_PATHS = Object.keys(BUNDLES);

const built = new Map<string, Promise<Buffer>>();

/** The bundle's bytes; a failed build is retried on the next request instead of being cached. */
export function bundle(urlPath: string): Promise<Buffer> | undefined {
  const entry = BUNDLES[urlPath];
  if (!entry) return undefined;
  let pending = built.get(urlPath);
  if (!pending) {
    pending = entry.build().catch((error: unknown) => {
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

const JS = 'text/javascript; charset=utf-8';
// It carries no data of anyone, so a bank may load it with <script integrity=… crossorigin>.
const CROSS_ORIGIN = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

/** Serves the bundles through `assets` (compressed, ETag; built on their first request). */
export function mountBundles(server: restify.Server, assets: StaticAssets, onError: (error: Error) => void): void {
  for (const [urlPath, entry] of Object.entries(BUNDLES)) {
    server.get(urlPath, async (req: restify.Request, res: restify.Response) => {
      try {
        await assets.serveOnDemand(
          urlPath,
          async () => ({ bytes: await bundle(urlPath)!, type: JS, versioned: false, headers: entry.crossOrigin ? CROSS_ORIGIN : undefined }),
          req,
          res,
        );
      } catch (error) {
        onError(error as Error);
        res.send(500, { error: { code: 'BundleFailed', message: 'This script is unavailable.' } });
      }
    });
  }
}
