import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CappedAttachmentReader } from './attachments.js';

let server: http.Server;
let base: string;
let hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/small') res.end(Buffer.alloc(100, 1));
    else if (req.url === '/declared-big') {
      // Not chained: restify, loaded by other suites in the same worker, patches writeHead to return nothing.
      res.writeHead(200, { 'Content-Length': String(5000) });
      res.end(Buffer.alloc(5000));
    } else if (req.url === '/chunked-big') {
      res.writeHead(200); // no Content-Length: the cap must hold while streaming
      const timer = setInterval(() => res.write(Buffer.alloc(1000)), 5);
      res.on('close', () => clearInterval(timer));
    } else if (req.url === '/never') {
      /* never answers */
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => (hits = []));

const emulator = { channelId: 'emulator', conversationId: 'c1' };
const reader = new CappedAttachmentReader({
  maxBytes: 2048,
  timeoutMs: 20_000, // generous: a loaded CI machine must not turn a slow answer into a wrong verdict
  inProcessChannelId: 'directline',
  inProcess: (url, conversationId) =>
    url === 'local://mine' && conversationId === 'c1' ? { name: 'signCert.der', contentType: 'x', bytes: new Uint8Array(10) } : undefined,
});
const attachment = (contentUrl: string) => ({ contentType: 'application/octet-stream', contentUrl, name: 'f' });

test('reads a small file over HTTP for channels that host their own files', async () => {
  const outcome = await reader.read(attachment(`${base}/small`), emulator);
  expect(outcome.ok && outcome.file.bytes.byteLength).toBe(100);
});

test.each(['/declared-big', '/chunked-big'])('refuses %s as too large without reading it whole', async (path) => {
  expect(await reader.read(attachment(`${base}${path}`), emulator)).toEqual({ ok: false, reason: 'too_large' });
});

test('gives up on a server that never answers', async () => {
  const impatient = new CappedAttachmentReader({ maxBytes: 2048, timeoutMs: 300 });
  // 'unavailable' comes only from the reader's own 300 ms timeout (the server never answers).
  expect(await impatient.read(attachment(`${base}/never`), emulator)).toEqual({ ok: false, reason: 'unavailable' });
});

test('on the embedded Direct Line channel only this conversation’s uploads are read, never a URL', async () => {
  expect((await reader.read(attachment('local://mine'), { channelId: 'directline', conversationId: 'c1' })).ok).toBe(true);
  expect(await reader.read(attachment('local://mine'), { channelId: 'directline', conversationId: 'c2' })).toEqual({ ok: false, reason: 'unavailable' });
  expect(await reader.read(attachment(`${base}/small`), { channelId: 'directline', conversationId: 'c1' })).toEqual({ ok: false, reason: 'unavailable' });
  expect(hits).toEqual([]); // no request was made on a Direct Line user's behalf
});

test('non-http URLs are never fetched', async () => {
  expect(await reader.read(attachment('file:///etc/passwd'), emulator)).toEqual({ ok: false, reason: 'unavailable' });
});

test('with mayFetch (local mode: loopback only), a refused link is never requested', async () => {
  const loopbackOnly = new CappedAttachmentReader({ maxBytes: 2048, timeoutMs: 20_000, mayFetch: (url) => url.startsWith(base) });
  expect(await loopbackOnly.read(attachment(`${base.replace('127.0.0.1', 'localhost.invalid')}/small`), emulator)).toEqual({
    ok: false,
    reason: 'unavailable',
  });
  expect(hits).toEqual([]);
  expect((await loopbackOnly.read(attachment(`${base}/small`), emulator)).ok).toBe(true);
  expect(hits).toEqual(['/small']);
});
