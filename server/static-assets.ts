// The customer page's files, served the way a slow phone connection needs them: compressed (brotli or
// gzip, chosen by Accept-Encoding), with a strong ETag per representation (304 on If-None-Match), and
// versioned URLs (a content hash in the name) cached for a year; unversioned URLs are revalidated.
// Compression is done once, not per request: gzip at start-up, brotli (best quality, ~20 s for Web Chat's
// 3.9 MB) in the background and kept in node_modules/.cache so the next start reuses it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type restify from 'restify';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Below this, compression costs more than it saves. */
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|javascript)|image\/svg\+xml)/;
const YEAR_SECONDS = 365 * 24 * 3600;

export interface Asset {
  bytes: Buffer;
  type: string;
  /** The URL names this exact content (a hash in it): cached as immutable. */
  versioned: boolean;
  /** Further response headers (e.g. CORS for a script other sites load). */
  headers?: Record<string, string>;
}

interface Content {
  type: string;
  hash: string;
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

interface Prepared {
  content: Content;
  versioned: boolean;
  headers?: Record<string, string>;
}

export class StaticAssets {
  private readonly byPath = new Map<string, Prepared>();
  private readonly pending: Promise<unknown>[] = [];
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly cacheDir: string) {}

  /** Adds a file under `urlPath`; resolves once its gzip form is ready (brotli may follow later). */
  async add(urlPath: string, asset: Asset): Promise<void> {
    const hash = createHash('sha256').update(asset.bytes).digest('base64url').slice(0, 22);
    const content: Content = { type: asset.type, hash, identity: asset.bytes };
    this.byPath.set(urlPath, { content, versioned: asset.versioned, headers: asset.headers });
    if (asset.bytes.length < MIN_COMPRESS_BYTES || !COMPRESSIBLE.test(asset.type)) return;
    content.gzip = await gzip(asset.bytes, { level: 9 });
    this.pending.push(this.brotliOf(content).catch(() => undefined));
  }

  /** The file already under `existing`, also under `urlPath` (compressed once, cached by its own rule). */
  alias(urlPath: string, existing: string, versioned: boolean): void {
    const file = this.byPath.get(existing);
    if (!file) throw new Error(`No asset at ${existing}`);
    this.byPath.set(urlPath, { content: file.content, versioned });
  }

  /**
   * Answers GET/HEAD for `urlPath`, adding it from `load` on its first request (files read or built
   * only when asked for). A failed load rejects and is tried again by the next request.
   */
  async serveOnDemand(urlPath: string, load: () => Promise<Asset>, req: restify.Request, res: restify.Response): Promise<void> {
    let adding = this.loading.get(urlPath);
    if (!adding) {
      adding = load().then((asset) => this.add(urlPath, asset));
      this.loading.set(urlPath, adding);
      adding.catch(() => this.loading.delete(urlPath));
    }
    await adding;
    this.serve(urlPath, req, res);
  }

  /** Resolves when every background compression has finished (tests and benchmarks wait for it). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }

  has(urlPath: string): boolean {
    return this.byPath.has(urlPath);
  }

  /** The strong validator of the file behind `urlPath` (identity form), e.g. for a versioned name. */
  hashOf(urlPath: string): string | undefined {
    return this.byPath.get(urlPath)?.content.hash;
  }

  /** Answers GET/HEAD for a registered path; false when the path is not one of ours. */
  serve(urlPath: string, req: restify.Request, res: restify.Response): boolean {
    const entry = this.byPath.get(urlPath);
    if (!entry) return false;
    const file = entry.content;
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = file.br && accepts(accepted, 'br') ? 'br' : file.gzip && accepts(accepted, 'gzip') ? 'gzip' : 'identity';
    const body = encoding === 'br' ? file.br! : encoding === 'gzip' ? file.gzip! : file.identity;
    const etag = `"${file.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    const headers: Record<string, string | number> = {
      ...entry.headers,
      'Content-Type': file.type,
      ETag: etag,
      'Cache-Control': entry.versioned ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache',
    };
    if (file.gzip) headers.Vary = 'Accept-Encoding';
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    if (matches(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  private async brotliOf(file: Content): Promise<void> {
    const cached = path.join(this.cacheDir, `${file.hash}.br`);
    try {
      file.br = await readFile(cached);
      return;
    } catch {
      // not compressed yet on this machine
    }
    const compressed = await brotli(file.identity, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: file.identity.length },
    });
    file.br = compressed;
    await mkdir(this.cacheDir, { recursive: true });
    await writeFile(cached, compressed);
  }
}

/** Accept-Encoding lists the coding without `;q=0`. */
export function accepts(header: string, coding: string): boolean {
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name.trim().toLowerCase() !== coding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

function matches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const values = (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch).split(',').map((v) => v.trim().replace(/^W\//, ''));
  return values.includes(etag) || values.includes('*');
}
