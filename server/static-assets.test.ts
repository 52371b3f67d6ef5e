import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type restify from 'restify';
import { StaticAssets, accepts } from './static-assets.js';

let dir: string;
let server: Server;
let base: string;
const body = Buffer.from('console.log("인증서 도우미");\n'.repeat(200));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'assets-'));
  const assets = new StaticAssets(dir);
  await assets.add('/app.js', { bytes: body, type: 'text/javascript; charset=utf-8', versioned: true });
  assets.alias('/plain.js', '/app.js', false);
  await assets.add('/tiny.txt', { bytes: Buffer.from('hi'), type: 'text/plain', versioned: false });
  await assets.settled();
  server = createServer((req, res) => {
    if (!assets.serve(req.url!, req as unknown as restify.Request, res as unknown as restify.Response)) {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 20_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
}, 20_000);

/** Status and headers; the body is read to the end so that no connection is left waiting. */
async function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(base + url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

test('brotli, gzip or identity by Accept-Encoding, each with its own ETag, and 304 on a match', async () => {
  const br = await get('/app.js', { 'Accept-Encoding': 'gzip, br' });
  expect(br.headers.get('content-encoding')).toBe('br');
  expect(br.headers.get('vary')).toBe('Accept-Encoding');
  expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const gz = await get('/app.js', { 'Accept-Encoding': 'gzip, br;q=0' });
  expect(gz.headers.get('content-encoding')).toBe('gzip');
  const none = await get('/app.js', { 'Accept-Encoding': 'identity' });
  expect(none.headers.get('content-encoding')).toBeNull();
  expect(none.body).toEqual(body);
  const tags = new Set([br.headers.get('etag'), gz.headers.get('etag'), none.headers.get('etag')]);
  expect(tags.size).toBe(3);
  const again = await get('/app.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.headers.get('etag')! });
  expect(again.status).toBe(304);
  expect((await get('/app.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': br.headers.get('etag')! })).status).toBe(200);
}, 20_000);

test('the compressed forms decode to the file; brotli is kept in the cache directory', async () => {
  const { request } = await import('node:http');
  const raw = (encoding: string) =>
    new Promise<Buffer>((resolve) => {
      request(`${base}/app.js`, { headers: { 'Accept-Encoding': encoding }, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks)));
      }).end();
    });
  expect(brotliDecompressSync(await raw('br'))).toEqual(body);
  expect(gunzipSync(await raw('gzip'))).toEqual(body);
  expect((await readdir(dir)).filter((name) => name.endsWith('.br'))).toHaveLength(1);
}, 20_000);

test('an alias is revalidated when unversioned; tiny files are not compressed; unknown paths are not ours', async () => {
  const plain = await get('/plain.js', { 'Accept-Encoding': 'br' });
  expect(plain.headers.get('cache-control')).toBe('no-cache');
  expect((await get('/tiny.txt', { 'Accept-Encoding': 'br, gzip' })).headers.get('content-encoding')).toBeNull();
  expect((await get('/nope.js', {})).status).toBe(404);
}, 20_000);

test('Accept-Encoding parsing honours q=0', () => {
  expect(accepts('gzip, deflate, br', 'br')).toBe(true);
  expect(accepts('br;q=0, gzip', 'br')).toBe(false);
  expect(accepts('BR;q=0.5', 'br')).toBe(true);
  expect(accepts('', 'gzip')).toBe(false);
}, 20_000);
