import { z } from 'zod';
import { commaList, emptyAsUndefined } from '../lib/config-values.js';

// The settings of embedding and of the security headers (server/cors.ts, server/security-headers.ts),
// spread into the one config schema like the handoff settings.

/**
 * An origin exactly as a browser sends it in the Origin header (scheme://host[:port], lower case, no
 * default port, no path): the allow list is compared by string equality, so anything looser would
 * silently never match — or, with wildcards, match a look-alike such as https://bank.example.evil.com.
 */
export function originProblem(entry: string): string | undefined {
  if (entry.includes('*')) return `"${entry}" has a wildcard: list each site's origin, e.g. https://www.bank.example`;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `"${entry}" is not a URL: write an origin like https://www.bank.example`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${entry}" must start with https:// (or http:// for a local test site)`;
  if (url.origin !== entry) return `"${entry}" is not an origin: write ${url.origin} (scheme://host[:port], no path, no trailing slash, no wildcard)`;
  return undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A Teams host allowed to frame the agent console, as a CSP source: https://host or https://*.host
 * (a wildcard only as the first label, over at least two more: *.gov.teams.microsoft.us, never *.us),
 * http:// only on this machine (a stand-in Teams host for tests). Parsed as an origin, so nothing can
 * slip into the header besides the source itself (no space, quote, semicolon or path).
 */
export function teamsOriginProblem(entry: string): string | undefined {
  const wildcard = entry.includes('://*.');
  const concrete = entry.replace('://*.', '://wildcard.');
  if (concrete.includes('*')) return `"${entry}" has a wildcard that is not the first label: write e.g. https://*.gov.teams.microsoft.us`;
  let url: URL;
  try {
    url = new URL(concrete);
  } catch {
    return `"${entry}" is not a URL: write an origin like https://*.gov.teams.microsoft.us`;
  }
  if (url.origin !== concrete)
    return `"${entry}" is not an origin: write ${url.origin.replace('://wildcard.', '://*.')} (scheme://host[:port], no path, no trailing slash)`;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    return `"${entry}" must start with https:// (http:// only for 127.0.0.1 or localhost)`;
  if (wildcard && url.hostname.split('.').length < 4) return `"${entry}" has a wildcard over too wide a domain: name at least the host's last three labels`;
  return undefined;
}

export const SECURITY_CONFIG_SHAPE = {
  /** Sites allowed to embed the assistant (frame-ancestors) and to ask for tokens (CORS), comma-separated origins. */
  EMBED_ALLOWED_ORIGINS: commaList(originProblem),
  /** Teams hosts besides the commercial cloud's (TEAMS_FRAME_ANCESTORS) that may frame the agent console: GCC High, DoD. */
  TEAMS_EXTRA_FRAME_ORIGINS: commaList(teamsOriginProblem),
  /** enforce: browsers block what the policy forbids; report-only: they only report it (for a trial on a live site). */
  CSP_MODE: z.enum(['enforce', 'report-only']).default('enforce'),
  /** Where browsers send CSP violation reports (report-uri); unset = reports only in the browser console. */
  CSP_REPORT_URI: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  /** Local mode only: a stand-in bank site on this port (another origin) that embeds the assistant. Unset = off. */
  EMBED_DEMO_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional()),
};
