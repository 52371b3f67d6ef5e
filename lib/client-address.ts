import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Who "one client" is, for per-client limits: the address of the TCP peer. X-Forwarded-For is
 * written by whoever sends the request, so trusting it would let a flooder pick a fresh identity
 * per request (and frame someone else). It is read only when the peer is a proxy listed in
 * TRUST_PROXY, and then from the right: each trusted proxy appends the address it saw, so the
 * first address that is not one of ours is the client; anything further left is the client's
 * own claim and is ignored.
 *
 * IPv6 clients are grouped by their /64 network: one subscriber usually holds a whole /64 and
 * could otherwise rotate through 2^64 addresses.
 */
export class ClientAddresses {
  private readonly proxies = new BlockList();
  private readonly anyProxy: boolean;

  constructor(trustedProxies: readonly string[] = []) {
    for (const entry of trustedProxies) addToList(this.proxies, entry);
    this.anyProxy = trustedProxies.length > 0;
  }

  /** The limit key of the client behind a request. */
  of(req: IncomingMessage): string {
    const peer = unmapped(req.socket?.remoteAddress ?? '');
    if (!peer) return 'unknown';
    if (!this.anyProxy || !this.isProxy(peer)) return clientKey(peer);
    const hops = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((hop) => unmapped(hop.trim()));
    let client = peer;
    for (const hop of hops.reverse()) {
      if (!isIP(hop)) break; // our own proxy wrote something that is not an address: keep the last one we trust
      client = hop;
      if (!this.isProxy(hop)) break;
    }
    return clientKey(client);
  }

  private isProxy(address: string): boolean {
    return this.proxies.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
}

/** Throws a readable error for a TRUST_PROXY entry that is neither an address nor a CIDR range. */
export function checkProxyEntry(entry: string): void {
  addToList(new BlockList(), entry);
}

function addToList(list: BlockList, entry: string): void {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  const prefix = bits === undefined ? undefined : Number(bits);
  const maxBits = family === 6 ? 128 : 32;
  if (!family || extra !== undefined || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxBits))) {
    throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/8)`);
  }
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(address!, type);
  else list.addSubnet(address!, prefix, type);
}

/** "::ffff:203.0.113.7" (IPv4 on a dual-stack socket) → "203.0.113.7". */
function unmapped(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

function clientKey(address: string): string {
  return isIP(address) === 6 ? `${ipv6Network64(address)}/64` : address;
}

/** The first four groups of an IPv6 address, written out: "2001:db8::1" → "2001:db8:0:0". */
function ipv6Network64(address: string): string {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((group) => (parseInt(group, 16) || 0).toString(16))
    .join(':');
}

/** Where a turn keeps the key of the client that sent its activity (set for the embedded Direct Line channel). */
const CLIENT_OF_TURN = Symbol('client of turn');

/** Runs `logic` with the client's key available to `clientOfTurn` (never stored: only this turn sees it). */
export function withClient<C extends { turnState: Map<unknown, unknown> }>(logic: (context: C) => Promise<void>, client: string | undefined) {
  return (context: C): Promise<void> => {
    if (client) context.turnState.set(CLIENT_OF_TURN, client);
    return logic(context);
  };
}

/** The client behind a turn; channels that do not say (Teams, the Emulator) count per conversation. */
export function clientOfTurn(context: { turnState: Map<unknown, unknown>; activity: { conversation?: { id?: string } } }): string {
  const client = context.turnState.get(CLIENT_OF_TURN);
  return typeof client === 'string' ? client : `conversation:${context.activity.conversation?.id ?? ''}`;
}
