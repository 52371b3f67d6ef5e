// SIGTERM through the real HTTP routes: /readyz says 503 while the instance still serves, then the
// listener closes and streams end with 1012 (the drain itself: lib/drain.test.ts).
import { WebSocket } from 'ws';
import { api, waitFor } from '../directline/test-support.js';
import { startTestApp } from '../test/support/app.js';

describe('SIGTERM drain over HTTP (memory storage)', () => {
  test('/readyz 503 and /healthz 200 during the notice; then refused, streams closed with 1012', async () => {
    const { app, url } = await startTestApp();
    try {
      expect(await api(`${url}/readyz`)).toEqual({ status: 200, body: { ok: true } });
      const { token } = (await api<{ token: string }>(`${url}/api/webchat/token`, { method: 'POST' })).body;
      const { conversationId } = (await api<{ conversationId: string }>(`${url}/v3/directline/conversations`, { method: 'POST', credential: token })).body;
      const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
      let closeCode: number | undefined;
      socket.on('close', (code) => (closeCode = code));
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

      // The notice is long enough for a loaded machine's few requests; the drain is awaited below.
      const drained = app.drain({ timeoutMs: 5_000, noticeMs: 4_000 });
      const ready = await api<{ ok: boolean; reason?: string }>(`${url}/readyz`);
      expect(ready).toEqual({ status: 503, body: { ok: false, reason: 'draining' } });
      expect(await api(`${url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
      // Still serving during the notice: the customer's stream is open.
      expect(closeCode).toBeUndefined();

      expect(await drained).toEqual({ unfinished: 0 });
      await waitFor(() => closeCode);
      expect(closeCode).toBe(1012);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      await app.close();
    }
  }, 60_000);
});
