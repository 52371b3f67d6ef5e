import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Drain } from './drain.js';

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', timeout: 5_000, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject)
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error('timeout'));
      });
  });
}

describe('Drain (SIGTERM)', () => {
  test('stops accepting, lets the turn in flight finish, then reports nothing unfinished', async () => {
    const drain = new Drain();
    let turnStarted!: () => void;
    const started = new Promise<void>((resolve) => (turnStarted = resolve));
    let finishTurn!: () => void;
    const server = http.createServer((_req, res) => {
      void drain.track(async () => {
        turnStarted();
        await new Promise<void>((resolve) => (finishTurn = resolve));
        res.end('answered');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const inFlight = get(port);
    await started;

    let closedLongLived = false;
    const drained = drain.drain({ server, closeConnections: () => void (closedLongLived = true), timeoutMs: 5_000 });
    expect(drain.draining).toBe(true);
    expect(closedLongLived).toBe(true);
    // No new connection is accepted while the old turn finishes.
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
    expect(drain.running).toBe(1);
    finishTurn();
    expect(await inFlight).toBe('answered');
    expect(await drained).toEqual({ unfinished: 0 });
  });

  test('gives up waiting after the timeout and says how much was left', async () => {
    const drain = new Drain();
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stuck = drain.track(() => new Promise<void>(() => undefined));
    void stuck;
    expect(await drain.drain({ server, timeoutMs: 50 })).toEqual({ unfinished: 1 });
  });
});
