import { readFile, stat } from 'node:fs/promises';
import type restify from 'restify';
import { bundle, integrityOf } from './web-bundles.js';

/** The SRI value of a same-origin script or stylesheet by its URL path, or undefined when it is not ours. */
export type IntegrityLookup = (urlPath: string) => Promise<string | undefined>;

const SCRIPT_OR_STYLESHEET = /<(script|link)\b([^>]*?)\s(src|href)="(\/[^/"][^"]*)"([^>]*)>/g;

/**
 * Adds subresource integrity to every <script src> and <link href> of a page that names one of our
 * own files by path: a proxy or a tampered cache that changes a bundle makes the browser refuse it.
 */
export async function withIntegrity(html: string, integrity: IntegrityLookup): Promise<string> {
  const tags = [...html.matchAll(SCRIPT_OR_STYLESHEET)];
  const replacements = await Promise.all(
    tags.map(async ([tag, name, before, attribute, urlPath, after]) => {
      if (/\bintegrity=/.test(tag)) return tag;
      const value = await integrity(urlPath);
      return value ? `<${name}${before} ${attribute}="${urlPath}" integrity="${value}"${after}>` : tag;
    }),
  );
  let index = 0;
  return html.replace(SCRIPT_OR_STYLESHEET, () => replacements[index++]);
}

const fileHashes = new Map<string, { stamp: string; integrity: Promise<string> }>();

/** A file's SRI value, hashed again only when the file changed (Web Chat's bundle is megabytes). */
export async function fileIntegrity(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    const stamp = `${info.mtimeMs}:${info.size}`;
    let entry = fileHashes.get(file);
    if (entry?.stamp !== stamp) {
      entry = { stamp, integrity: readFile(file).then(integrityOf) };
      fileHashes.set(file, entry);
    }
    return await entry.integrity;
  } catch {
    return undefined;
  }
}

/** Sends an HTML page with integrity attributes on its own scripts and stylesheets. */
export async function sendPage(res: restify.Response, file: string, integrity: IntegrityLookup): Promise<void> {
  let body: Buffer;
  try {
    body = Buffer.from(await withIntegrity(await readFile(file, 'utf8'), integrity));
  } catch {
    res.send(404, { error: { code: 'NotFound', message: 'Not found' } });
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.byteLength, 'Cache-Control': 'no-cache' });
  res.end(body);
}

/** Integrity of our static files (by their path on disk) and of the web/embed bundles. */
export function integrityLookup(fileOf: (urlPath: string) => string | undefined): IntegrityLookup {
  return async (urlPath) => {
    const file = fileOf(urlPath);
    if (file) return fileIntegrity(file);
    const code = bundle(urlPath);
    return code && integrityOf(await code);
  };
}
