import { randomBytes } from 'node:crypto';
import { describe, expect, test, jest } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { parseConfig } from '../server/config.js';
import { configErrorFor } from '../test/support/config.js';
import { hashPassword } from './agent-accounts.js';
import { createHandoffRuntime, parseHandoffConfig } from './config.js';

// RSA key generation and scrypt are CPU-bound: on a loaded 2-core CI box they can take seconds.
jest.setTimeout(30_000);

const configError = configErrorFor;

describe('handoff settings', () => {
  test('defaults: weekday hours, 10-minute accept time-out, Teams SSO off, no accounts', () => {
    const config = parseConfig({});
    expect(config.HANDOFF_HOURS).toBe('mon-fri 09:00-18:00');
    expect(config.HANDOFF_HOLIDAYS).toEqual([]);
    expect(config.HANDOFF_ACCEPT_TIMEOUT_MINUTES).toBe(10);
    expect(config.HANDOFF_AVG_HANDLING_MINUTES).toBe(5);
    expect(config.HANDOFF_CUSTOMER_LEFT_SECONDS).toBe(90); // README: the place is given up after 90 s closed
    expect(config.TEAMS_SSO_ISSUER).toEqual([]);
    const runtime = createHandoffRuntime(parseHandoffConfig({}));
    expect(runtime.auth.teamsEnabled).toBe(false);
    expect(runtime.auth.passwordEnabled).toBe(false);
    expect(runtime.tenantId).toBeUndefined();
  });

  test('the copied .env.example (all handoff keys empty) means defaults', async () => {
    const { readFile } = await import('node:fs/promises');
    const dotenv = (await import('dotenv')).default;
    const env = dotenv.parse(await readFile(new URL('../.env.example', import.meta.url)));
    expect(env).toHaveProperty('HANDOFF_HOURS', '');
    const config = parseConfig(env);
    expect(config).toMatchObject({
      HANDOFF_HOURS: 'mon-fri 09:00-18:00',
      HANDOFF_ACCEPT_TIMEOUT_MINUTES: 10,
      HANDOFF_CLOSED_LIST_DAYS: 7,
      TEAMS_SSO_AUDIENCE: [],
    });
    expect(config.TEAMS_SSO_JWKS_URL).toBe('https://login.microsoftonline.com/common/discovery/v2.0/keys');
  });

  test.each([
    [{ HANDOFF_HOURS: 'mon-fri 9-18' }, /HANDOFF_HOURS: "mon-fri 9-18": bad time range/],
    [{ HANDOFF_HOLIDAYS: '2026-12-25,2026-13-01' }, /HANDOFF_HOLIDAYS: holiday "2026-13-01"/],
    [{ HANDOFF_ACCEPT_TIMEOUT_MINUTES: '0' }, /HANDOFF_ACCEPT_TIMEOUT_MINUTES/],
    [{ HANDOFF_CUSTOMER_LEFT_SECONDS: '1.5' }, /HANDOFF_CUSTOMER_LEFT_SECONDS/],
    [{ CALLBACK_ENCRYPTION_KEY: 'abc' }, /CALLBACK_ENCRYPTION_KEY: must be 32 bytes/],
    [{ AGENT_ACCOUNTS: 'kim' }, /AGENT_ACCOUNTS: entry 1/],
    [{ AGENT_SESSION_SECRET: 'short' }, /AGENT_SESSION_SECRET: at least 32 characters/],
    [{ TEAMS_SSO_ISSUER: 'https://login.microsoftonline.com/t/v2.0' }, /TEAMS_SSO_AUDIENCE: Teams SSO needs both/],
    [{ TEAMS_SSO_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0', TEAMS_SSO_AUDIENCE: 'api://h/app' }, /TEAMS_SSO_ALLOWED_TENANTS: required/],
    [{ TEAMS_SSO_JWKS_URL: 'file:///etc/keys' }, /TEAMS_SSO_JWKS_URL/],
  ])('%j is refused with a precise message', (env, message) => {
    expect(configError(env as Record<string, string>)).toMatch(message);
  });

  test('a configured runtime: Teams SSO with a single tenant, accounts, a fixed callback key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1' };
    const key = randomBytes(32);
    const env = {
      TEAMS_SSO_ISSUER: 'https://login.microsoftonline.com/{tenantid}/v2.0, https://sts.windows.net/{tenantid}/',
      TEAMS_SSO_AUDIENCE: 'api://console.example/app',
      TEAMS_SSO_ALLOWED_TENANTS: 'bank-tenant',
      AGENT_ACCOUNTS: `kim:${await hashPassword('pw-1234567', { N: 1024, r: 8, p: 1 })}`,
      CALLBACK_ENCRYPTION_KEY: key.toString('base64'),
    };
    parseConfig(env); // the whole configuration accepts these
    const runtime = createHandoffRuntime(parseHandoffConfig(env), { jwks: createLocalJWKSet({ keys: [jwk] }) });
    // One allowed tenant: web chat tickets and password agents belong to it.
    expect(runtime.tenantId).toBe('bank-tenant');
    expect(runtime.auth.passwordEnabled).toBe(true);
    const v1Token = await new SignJWT({ oid: 'o', tid: 'bank-tenant', name: 'Kim' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://sts.windows.net/bank-tenant/')
      .setAudience('api://console.example/app')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await runtime.auth.authenticate(`Bearer ${v1Token}`)).toMatchObject({ ok: true, agent: { id: 'o', tenantId: 'bank-tenant' } });
    const sealed = runtime.sealer.seal('010-1234-5678', 't');
    expect(createHandoffRuntime(parseHandoffConfig(env)).sealer.open(sealed, 't')).toBe('010-1234-5678');
  });
});
