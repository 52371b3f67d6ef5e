// Node-only (never bundled): builds the customer page's TypeScript (web/src) and CSS with esbuild into
// memory, with a content hash in every file name so that they can be cached for a year. The local
// check (web/src/local-check, with cert-core) becomes a separate chunk loaded only when it is needed.
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ASSET_PREFIX = '/assets/';

/** Entry points by the name index.html uses for them (`/assets/<name>`). */
const ENTRIES = { 'app.js': path.join(WEB_DIR, 'src', 'app.ts'), 'app.css': path.join(WEB_DIR, 'app.css') };

export interface BuiltFile {
  /** URL path, e.g. /assets/app-3FQ2K7.js */
  urlPath: string;
  bytes: Buffer;
  type: string;
}

export interface WebBuild {
  files: BuiltFile[];
  /** `/assets/app.js` → `/assets/app-<hash>.js`, for rewriting index.html. */
  versioned: Map<string, string>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export async function buildWebAssets(): Promise<WebBuild> {
  const result = await build({
    entryPoints: Object.values(ENTRIES),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    metafile: true,
    outdir: path.join(WEB_DIR, 'out'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: '[name]-[hash]',
    loader: { '.svg': 'file' },
    publicPath: ASSET_PREFIX,
    logLevel: 'silent',
  });
  const outDir = path.join(WEB_DIR, 'out');
  const urlOf = (outPath: string) => ASSET_PREFIX + path.relative(outDir, path.resolve(outPath)).split(path.sep).join('/');
  const files: BuiltFile[] = result.outputFiles.map((file) => ({
    urlPath: urlOf(file.path),
    bytes: Buffer.from(file.contents),
    type: TYPES[path.extname(file.path)] ?? 'application/octet-stream',
  }));
  const versioned = new Map<string, string>();
  for (const [outPath, output] of Object.entries(result.metafile!.outputs)) {
    const entry = Object.entries(ENTRIES).find(([, source]) => output.entryPoint && path.resolve(output.entryPoint) === source);
    if (entry) versioned.set(ASSET_PREFIX + entry[0], urlOf(outPath));
  }
  // Pictures the HTML names directly (logo, favicon): hashed here the same way.
  for (const name of ['logo.svg', 'favicon.svg']) {
    const bytes = await readFile(path.join(WEB_DIR, 'images', name));
    const hashed = `${ASSET_PREFIX}${name.replace('.svg', '')}-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.svg`;
    files.push({ urlPath: hashed, bytes, type: TYPES['.svg'] });
    versioned.set(ASSET_PREFIX + name, hashed);
  }
  return { files, versioned };
}

/**
 * The page's import map, pinning every module of the page with subresource integrity: the entry's
 * <script> carries its own integrity attribute, but the chunks esbuild split off (the local check,
 * cert-core) are fetched by import() at run time, which has no attribute to carry one. Browsers that
 * support import-map integrity (Chromium 127+) refuse a chunk whose bytes differ; others load as before.
 */
export function integrityImportMap(files: readonly BuiltFile[]): string {
  const modules = files.filter((file) => file.urlPath.endsWith('.js')).sort((a, b) => a.urlPath.localeCompare(b.urlPath));
  return JSON.stringify({ integrity: Object.fromEntries(modules.map((file) => [file.urlPath, sriOf(file.bytes)])) });
}

/** The CSP hash source of an inline script's text ('sha256-…', without the quotes). */
export function inlineScriptHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

const sriOf = (bytes: Uint8Array) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/**
 * index.html for one language, every asset URL replaced by its versioned name, every script and
 * stylesheet pinned with subresource integrity (`bytesOf` gives what is served under a URL path), and
 * the import map (integrityImportMap) inlined before the first module script, as browsers require.
 */
export async function renderIndexHtml(
  versioned: Map<string, string>,
  language: 'ko' | 'en',
  bytesOf: (urlPath: string) => Buffer | undefined,
  importMap: string,
): Promise<string> {
  let html = await readFile(path.join(WEB_DIR, 'index.html'), 'utf8');
  for (const [plain, hashed] of versioned) html = html.split(`"${plain}"`).join(`"${hashed}"`);
  html = html.replace(/<(script\b[^>]*\bsrc|link\b[^>]*rel="stylesheet"[^>]*\bhref)="(\/[^"]+)"/g, (tag: string, _kind: string, urlPath: string) => {
    const bytes = bytesOf(urlPath);
    return bytes ? `${tag} integrity="${sriOf(bytes)}"` : tag;
  });
  const firstModule = html.indexOf('<script type="module"');
  if (firstModule < 0) throw new Error('index.html has no module script to put the import map before');
  html = `${html.slice(0, firstModule)}<script type="importmap">${importMap}</script>\n    ${html.slice(firstModule)}`;
  return html.replace('<html lang="ko">', `<html lang="${language}">`);
}
