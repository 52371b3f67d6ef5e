import type { Activity, TurnContext } from 'botbuilder';
import { createAdapter, ReusedClients } from './adapter.js';
import { parseConfig } from './config.js';

// A connector client (and its HTTP pipeline) is built once per app id, service URL and audience,
// not on every turn (issue 15); different service URLs still get their own clients.
const baseUri = (client: object) => (client as { baseUri?: string }).baseUri;

describe('CertAdapter connector clients', () => {
  const adapter = createAdapter(parseConfig({ PORT: '0', HOST: '127.0.0.1' }));
  const activity = (serviceUrl: string) => ({ type: 'message', channelId: 'emulator', serviceUrl }) as Activity;

  it('reuses the client for the same service URL across turns', async () => {
    const first = await adapter.authenticate(activity('http://127.0.0.1:3978'), '');
    const second = await adapter.authenticate(activity('http://127.0.0.1:3978'), '');
    const a = await first.connectorFactory!.create('http://127.0.0.1:3978', undefined);
    const b = await second.connectorFactory!.create('http://127.0.0.1:3978', undefined);
    expect(a).toBe(b);
    expect(baseUri(a)).toBe('http://127.0.0.1:3978');
  });

  it('builds a separate client for another service URL', async () => {
    const auth = await adapter.authenticate(activity('http://127.0.0.1:3978'), '');
    const a = await auth.connectorFactory!.create('http://127.0.0.1:3978', undefined);
    const c = await auth.connectorFactory!.create('http://localhost:4000', undefined);
    expect(c).not.toBe(a);
    expect(baseUri(c)).toBe('http://localhost:4000');
  });
});

// The user-token client (another HTTP pipeline) is built once per app id, not on every turn (issue 15).
describe('CertAdapter user-token clients', () => {
  const adapter = createAdapter(parseConfig({ PORT: '0', HOST: '127.0.0.1' }));
  const activity = { type: 'message', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:3978', conversation: { id: 'c1' }, from: { id: 'u' } } as Activity;

  async function tokenClientOfTurn(): Promise<unknown> {
    let client: unknown;
    const auth = await adapter.authenticate(activity, '');
    await adapter.runAuthenticated(auth, activity, async (context: TurnContext) => {
      client = context.turnState.get(adapter.UserTokenClientKey);
    });
    return client;
  }

  it('hands every turn of the same app id the same client', async () => {
    const first = await tokenClientOfTurn();
    const second = await tokenClientOfTurn();
    expect(first).toBeDefined();
    expect(second).toBe(first);
  });
});

// The cache behind both: a flood of distinct keys (forged app ids, service URLs) cannot grow it, and a
// client that failed to be built is built again next time rather than failing every later turn.
describe('ReusedClients', () => {
  it('keeps at most its bound, the oldest going first', async () => {
    const cache = new ReusedClients<string>(3);
    let built = 0;
    const create = (key: string) => () => Promise.resolve(`${key}#${++built}`);
    for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, create(key));
    expect(await cache.get('d', create('d'))).toBe('d#4');
    expect(await cache.get('b', create('b'))).toBe('b#2');
    expect(await cache.get('a', create('a'))).toBe('a#5'); // evicted by d, built again
  });

  it('forgets a failed creation, so the next call builds again', async () => {
    const cache = new ReusedClients<string>();
    await expect(cache.get('k', () => Promise.reject(new Error('credentials unavailable')))).rejects.toThrow('credentials unavailable');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('k', () => Promise.resolve('ok'))).toBe('ok');
  });
});
