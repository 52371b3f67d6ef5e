// What the console's browser tests need around the real app: agent accounts, web chat customers driven
// over Direct Line, and a stand-in for Entra ID (a local RSA key set signing Teams SSO tokens).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { hashPassword } from '../../handoff/agent-accounts.js';
import { waitFor } from '../../directline/test-support.js';

export const TENANT = 'tenant-bank-1';
export const SSO_AUDIENCE = 'api://cert-helper.bank.test/6f1c1f0e-0000-4000-8000-000000000001';
const SSO_ISSUER = 'https://login.microsoftonline.com/{tenantid}/v2.0';

/** Password agents; password agents are named by their username. */
export const AGENT = { username: 'kim', password: 'correct horse battery' };
export const OTHER_AGENT = { username: 'lee', password: 'another long passphrase' };

/** Low scrypt cost: the tests sign in a handful of times on a busy machine. */
const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export async function agentAccounts(): Promise<string> {
  const entries = await Promise.all([AGENT, OTHER_AGENT].map(async (a) => `${a.username}:${await hashPassword(a.password, TEST_SCRYPT)}`));
  return entries.join(',');
}

/** The app's environment: handoff always open, transcripts kept, password accounts and Teams SSO both on. */
export async function consoleAppEnv(): Promise<Record<string, string>> {
  return {
    HANDOFF_HOURS: 'always',
    TRANSCRIPTS: 'on',
    AGENT_ACCOUNTS: await agentAccounts(),
    TEAMS_SSO_ISSUER: SSO_ISSUER,
    TEAMS_SSO_AUDIENCE: SSO_AUDIENCE,
    TEAMS_SSO_ALLOWED_TENANTS: TENANT,
  };
}

export interface TeamsIdentityProvider {
  /** What the app verifies Teams SSO tokens against (instead of Microsoft's published keys). */
  jwks: JWTVerifyGetKey;
  /** An SSO access token as Teams' getAuthToken hands it out, for this user. */
  token(user: { oid: string; name: string; tenantId?: string }): Promise<string>;
}

export async function localTeamsIdentityProvider(): Promise<TeamsIdentityProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  return {
    jwks,
    token: ({ oid, name, tenantId = TENANT }) =>
      new SignJWT({ oid, name, tid: tenantId, ver: '2.0', scp: 'access_as_user' })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(SSO_ISSUER.replace('{tenantid}', tenantId))
        .setAudience(SSO_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
  };
}

interface SeenActivity {
  from: { role?: string };
  text?: string;
  attachments?: { content?: unknown }[];
}

export interface WebChatCustomer {
  conversationId: string;
  say(text: string): Promise<void>;
  /** Waits for a bot message (text or card) matching the pattern, seen since the conversation began. */
  expectBot(pattern: RegExp, timeoutMs?: number): Promise<SeenActivity>;
}

/** A customer on the embedded Direct Line channel, over plain HTTP (as test/integration/handoff.test.ts does). */
export async function webChatCustomer(appUrl: string): Promise<WebChatCustomer> {
  const response = await fetch(`${appUrl}/api/webchat/token`, { method: 'POST' });
  const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
  const auth = { Authorization: `Bearer ${token}` };
  await fetch(`${appUrl}/v3/directline/conversations`, { method: 'POST', headers: auth });
  const base = `${appUrl}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
  const seen: SeenActivity[] = [];
  let watermark = '';
  const botText = (a: SeenActivity) => `${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`;
  return {
    conversationId,
    async say(text) {
      const posted = await fetch(base, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: `customer-${conversationId}` }, locale: 'ko-KR', text }),
      });
      if (!posted.ok) throw new Error(`posting to Direct Line failed: ${posted.status}`);
    },
    expectBot: (pattern, timeoutMs = 15_000) =>
      waitFor(async () => {
        const page = (await (await fetch(`${base}?watermark=${watermark}`, { headers: auth })).json()) as { activities: SeenActivity[]; watermark: string };
        watermark = page.watermark;
        seen.push(...page.activities);
        return seen.find((a) => a.from.role === 'bot' && pattern.test(botText(a)));
      }, timeoutMs),
  };
}

/**
 * A stand-in Teams host on its own port (another origin than the app's), serving one page. The app
 * lets it frame the console only when its origin is in TEAMS_EXTRA_FRAME_ORIGINS, as a GCC High host would be.
 * @param page The page's HTML, asked per request (the app's address is known only after the host listens).
 */
export async function teamsStandInHost(page: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(page());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
