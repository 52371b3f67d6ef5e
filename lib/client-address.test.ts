import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from '@jest/globals';
import { configErrorFor } from '../test/support/config.js';
import { ClientAddresses, clientOfTurn, withClient } from './client-address.js';

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('ClientAddresses', () => {
  test('without TRUST_PROXY the client is the TCP peer, whatever X-Forwarded-For claims', () => {
    const clients = new ClientAddresses();
    expect(clients.of(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
    expect(clients.of(request('::ffff:203.0.113.7'))).toBe('203.0.113.7');
  });

  test('behind a trusted proxy the client is the nearest address the proxies did not add', () => {
    const clients = new ClientAddresses(['10.0.0.0/8', '192.0.2.10']);
    expect(clients.of(request('10.1.1.1', '198.51.100.1'))).toBe('198.51.100.1');
    // What the client wrote itself (left of its real address) is ignored.
    expect(clients.of(request('10.1.1.1', '1.2.3.4, 198.51.100.1'))).toBe('198.51.100.1');
    // Two proxies in a row.
    expect(clients.of(request('192.0.2.10', '198.51.100.1, 10.2.2.2'))).toBe('198.51.100.1');
    // A peer that is not a listed proxy is the client, even if it sends the header.
    expect(clients.of(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
    // A proxy that wrote something other than an address: the last trusted hop is the client.
    expect(clients.of(request('10.1.1.1', 'unknown'))).toBe('10.1.1.1');
    expect(clients.of(request('10.1.1.1'))).toBe('10.1.1.1');
  });

  test('IPv6 clients are grouped by their /64', () => {
    const clients = new ClientAddresses();
    expect(clients.of(request('2001:db8:1:2:aaaa::1'))).toBe('2001:db8:1:2/64');
    expect(clients.of(request('2001:db8:1:2:bbbb:cccc:dddd:eeee'))).toBe('2001:db8:1:2/64');
    expect(clients.of(request('2001:db8::1'))).toBe('2001:db8:0:0/64');
    expect(clients.of(request('::1'))).toBe('0:0:0:0/64');
  });

  test('TRUST_PROXY entries must be addresses or CIDR ranges', () => {
    expect(configErrorFor({ TRUST_PROXY: '10.0.0.0/8, proxy.internal' })).toMatch(/^TRUST_PROXY: "proxy.internal" is not an IP address or CIDR range/);
    expect(configErrorFor({ TRUST_PROXY: '10.0.0.0/33' })).toMatch(/^TRUST_PROXY: /);
  });
});

test('a turn knows its client only when the channel said so', async () => {
  const context = { turnState: new Map<unknown, unknown>(), activity: { conversation: { id: 'c-1' } } };
  expect(clientOfTurn(context)).toBe('conversation:c-1');
  let seen = '';
  await withClient(async (turn: typeof context) => {
    seen = clientOfTurn(turn);
  }, '203.0.113.7')(context);
  expect(seen).toBe('203.0.113.7');
});
