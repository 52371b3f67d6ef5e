// The customer page's routes: index.html per language, the page's bundles (web/src, built by esbuild in
// the server on first request: `npm start` needs no separate build step) and Web Chat's bundle from node_modules, all through
// StaticAssets (compressed, ETag, versioned names cached for a year).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type restify from 'restify';
import { buildWebAssets, inlineScriptHash, integrityImportMap, renderIndexHtml } from '../web/build.js';
import { rootDir } from '../lib/paths.js';
import type { Logger } from '../lib/logger.js';
import { allowInlineScripts } from './security-headers.js';
import { StaticAssets } from './static-assets.js';

const WEBCHAT_FILE = path.join(rootDir, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js');
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

export interface CustomerPage {
  /** Builds on first call; resolves once every file is built and gzip-compressed (brotli may follow). */
  ready(): Promise<BuiltPage>;
}

interface BuiltPage {
  assets: StaticAssets;
  /** CSP hash sources of the page's inline scripts (its import map), for the page's own responses only. */
  scriptHashes: string[];
}

export function mountCustomerPage(
  server: restify.Server,
  logger: Logger,
  cacheDir = path.join(rootDir, 'node_modules', '.cache', 'cert-helper'),
): CustomerPage {
  // Built on the first page request, not at start-up: API-only processes (tests, restarts under load) never
  // pay for it, and a failed build is tried again by the next request instead of being kept.
  let building: Promise<BuiltPage> | undefined;
  const ready = () =>
    (building ??= prepare(cacheDir).catch((error: Error) => {
      building = undefined;
      logger.error({ err: { message: error.message } }, 'customer page build failed');
      throw error;
    }));
  const handler = async (req: restify.Request, res: restify.Response) => {
    let page: BuiltPage;
    try {
      page = await ready();
    } catch {
      res.send(500, { error: { code: 'PageUnavailable', message: 'The page could not be built.' } });
      return;
    }
    const urlPath = req.path();
    const isIndex = urlPath === '/' || urlPath === '/index.html';
    const file = isIndex ? (new URL(req.url ?? '/', 'http://page').searchParams.get('lang') === 'en' ? '/index.en.html' : '/index.ko.html') : urlPath;
    if (isIndex) allowInlineScripts(res, page.scriptHashes);
    if (!page.assets.serve(file, req, res)) res.send(404, { error: { code: 'NotFound', message: 'Not found' } });
  };
  for (const route of ['/', '/index.html', '/favicon.ico', '/assets/*', '/vendor/webchat.js', '/vendor/webchat-:version']) {
    server.get(route, handler);
  }
  return { ready };
}

async function prepare(cacheDir: string): Promise<BuiltPage> {
  const assets = new StaticAssets(cacheDir);
  const [web, webchat] = await Promise.all([buildWebAssets(), readFile(WEBCHAT_FILE)]);
  const adding: Promise<void>[] = web.files.map((file) => assets.add(file.urlPath, { bytes: file.bytes, type: file.type, versioned: true }));
  // Web Chat: under its plain name (revalidated) for others, and under a versioned name for this page.
  adding.push(assets.add('/vendor/webchat.js', { bytes: webchat, type: JS, versioned: false }));
  await Promise.all(adding);
  const versionedWebChat = `/vendor/webchat-${assets.hashOf('/vendor/webchat.js')}.js`;
  assets.alias(versionedWebChat, '/vendor/webchat.js', true);
  web.versioned.set('/vendor/webchat.js', versionedWebChat);
  // Browsers ask for /favicon.ico whatever the page says; the SVG answers (every current browser draws it).
  assets.alias('/favicon.ico', web.versioned.get('/assets/favicon.svg')!, false);
  const bytesOf = (urlPath: string) => (urlPath.startsWith('/vendor/webchat') ? webchat : web.files.find((file) => file.urlPath === urlPath)?.bytes);
  const importMap = integrityImportMap(web.files);
  for (const language of ['ko', 'en'] as const) {
    await assets.add(`/index.${language}.html`, {
      bytes: Buffer.from(await renderIndexHtml(web.versioned, language, bytesOf, importMap)),
      type: HTML,
      versioned: false,
    });
  }
  return { assets, scriptHashes: [inlineScriptHash(importMap)] };
}
