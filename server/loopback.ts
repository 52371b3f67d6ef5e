import { isIPv4 } from 'node:net';

/**
 * True when `url` is http(s) on this machine's loopback: localhost, 127.0.0.0/8 or ::1. The WHATWG
 * parser has already normalised spellings such as 127.1 or 0x7f.0.0.1, so they are judged as what
 * they reach. Anything else (0.0.0.0, LAN and metadata addresses, other names) is not loopback.
 */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const host = parsed.hostname;
  return host === 'localhost' || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
}

/** Host names a server can listen on that only this machine reaches (HOST settings that need no public address). */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '::1'];
