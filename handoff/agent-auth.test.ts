import { randomBytes } from 'node:crypto';
import { describe, expect, test, jest } from '@jest/globals';
import { createLocalJWKSet, errors, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { hashPassword, parseAgentAccounts } from './agent-accounts.js';
import { AgentAuth } from './agent-auth.js';
import type { ConsoleRole } from './console-roles.js';

// RSA key generation and scrypt are CPU-bound: on a loaded 2-core CI box they can take seconds.
jest.setTimeout(30_000);

const AUDIENCE = 'api://console.example/app';
const ISSUER = 'https://login.microsoftonline.com/bank/v2.0';

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1' };
  const token = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('1h').sign(privateKey);
  const accounts = parseAgentAccounts(`kim:${await hashPassword('pw-1234567', { N: 1024, r: 8, p: 1 })}`);
  return { jwk, token, accounts };
}

describe('AgentAuth', () => {
  test('with Teams SSO off, an Entra token is just an unknown token (401)', async () => {
    const { token, accounts } = await setup();
    const auth = new AgentAuth({ accounts, sessionSecret: randomBytes(32) });
    expect(await auth.authenticate(`Bearer ${await token({ oid: 'o', tid: 'bank' })}`)).toMatchObject({ ok: false, status: 401 });
  });

  test('a token without a user object id → 403; a key set that cannot be fetched → 503', async () => {
    const { jwk, token, accounts } = await setup();
    const teams = { issuers: [ISSUER], audiences: [AUDIENCE], allowedTenants: [] };
    const auth = new AgentAuth({ accounts, sessionSecret: randomBytes(32), teams: { ...teams, jwks: createLocalJWKSet({ keys: [jwk] }) } });
    expect(await auth.authenticate(`Bearer ${await token({ tid: 'bank', appid: 'daemon' })}`)).toMatchObject({ ok: false, status: 403, code: 'NotAUser' });
    expect(await auth.authenticate(`bearer   ${await token({ oid: 'o', preferred_username: 'kim@bank.example' })}`)).toMatchObject({
      ok: true,
      agent: { id: 'o', name: 'kim@bank.example', via: 'teams' },
    });
    const offline = new AgentAuth({
      accounts,
      sessionSecret: randomBytes(32),
      teams: {
        ...teams,
        jwks: async () => {
          throw new errors.JWKSTimeout();
        },
      },
    });
    expect(await offline.authenticate(`Bearer ${await token({ oid: 'o' })}`)).toMatchObject({ ok: false, status: 503 });
  });

  test('session tokens: tampered → 401; expired after 8 h → 401; account removed → 401', async () => {
    const { accounts } = await setup();
    let now = new Date('2026-11-25T00:00:00Z');
    const secret = randomBytes(32);
    const auth = new AgentAuth({ accounts, sessionSecret: secret, now: () => now, passwordTenantId: 'bank' });
    const login = await auth.login('kim', 'pw-1234567', 'ip');
    if (!login.ok) throw new Error('login failed');
    expect(login.agent).toEqual({ id: 'local:kim', name: 'kim', tenantId: 'bank', via: 'password', roles: ['agent'] });
    expect(await auth.authenticate(`Bearer ${login.token}`)).toMatchObject({ ok: true, agent: { id: 'local:kim', tenantId: 'bank' } });
    const [header, payload, signature] = login.token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'local:admin' })).toString('base64url');
    expect(await auth.authenticate(`Bearer ${header}.${forged}.${signature}`)).toMatchObject({ ok: false, status: 401 });
    const withoutKim = new AgentAuth({ accounts: [], sessionSecret: secret, now: () => now });
    expect(await withoutKim.authenticate(`Bearer ${login.token}`)).toMatchObject({ ok: false, status: 401 });
    now = new Date(now.getTime() + 8 * 3600_000 + 1000);
    expect(await auth.authenticate(`Bearer ${login.token}`)).toMatchObject({ ok: false, status: 401, code: 'TokenExpired' });
  });

  test('roles: the session token carries them, a forged roles claim fails the signature, a role taken away stops counting', async () => {
    const { accounts, jwk, token } = await setup();
    const secret = randomBytes(32);
    const rules = (kim: ConsoleRole[]) => ({ accounts: new Map([['kim', kim]]), qaGroups: [], qaUsers: [], agentGroups: [] });
    const auth = new AgentAuth({ accounts, sessionSecret: secret, roles: rules(['qa']) });
    const login = await auth.login('kim', 'pw-1234567', 'ip');
    if (!login.ok) throw new Error('login failed');
    expect(await auth.authenticate(`Bearer ${login.token}`)).toMatchObject({ ok: true, agent: { roles: ['qa'] } });
    const [header, payload, signature] = login.token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['agent', 'qa'] })).toString('base64url');
    expect(await auth.authenticate(`Bearer ${header}.${forged}.${signature}`)).toMatchObject({ ok: false, status: 401 });
    // The same token after a restart where kim is an agent only: the QA role it claims no longer counts.
    const demoted = new AgentAuth({ accounts, sessionSecret: secret, roles: rules(['agent']) });
    expect(await demoted.authenticate(`Bearer ${login.token}`)).toMatchObject({ ok: false, status: 403, code: 'NoRole' });
    const teams = {
      issuers: [ISSUER],
      audiences: [AUDIENCE],
      allowedTenants: [],
      jwks: createLocalJWKSet({ keys: [jwk] }),
    };
    const gated = new AgentAuth({
      accounts,
      sessionSecret: secret,
      teams,
      roles: { accounts: new Map(), qaGroups: ['g-qa'], qaUsers: [], agentGroups: ['g-agents'] },
    });
    expect(await gated.authenticate(`Bearer ${await token({ oid: 'o', groups: ['g-qa'] })}`)).toMatchObject({ ok: true, agent: { roles: ['qa'] } });
    expect(await gated.authenticate(`Bearer ${await token({ oid: 'o', groups: ['g-other'] })}`)).toMatchObject({ ok: false, status: 403, code: 'NoRole' });
  });

  test('refuses weak setups', () => {
    expect(() => new AgentAuth({ accounts: [], sessionSecret: randomBytes(16) })).toThrow(/32 bytes/);
    expect(
      () =>
        new AgentAuth({
          accounts: [],
          sessionSecret: randomBytes(32),
          teams: {
            issuers: ['https://login.microsoftonline.com/{tenantid}/v2.0'],
            audiences: [AUDIENCE],
            allowedTenants: [],
            jwks: async () => {
              throw new Error('unused');
            },
          },
        }),
    ).toThrow(/allowed tenants/);
  });
});
