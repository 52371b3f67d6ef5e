import { configErrorFor as messageFor } from '../test/support/config.js';
import { parseConfig } from './config.js';

describe('config', () => {
  test('defaults describe the embedded local mode', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3978);
    expect(config.STORAGE).toBe('lowdb');
    expect(config.MicrosoftAppId).toBeUndefined();
    expect(config.MAX_UPLOAD_BYTES).toBe(1048576);
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3978');
    expect(config.directLineSecret.length).toBeGreaterThanOrEqual(32);
    expect(parseConfig({}).directLineSecret).not.toBe(config.directLineSecret);
  });

  test('empty strings count as unset (as in a copied .env.example)', () => {
    const config = parseConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', DIRECTLINE_SECRET: '' });
    expect(config.MicrosoftAppId).toBeUndefined();
  });

  test.each([
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ STORAGE: 'mongo' }, /^STORAGE: .*lowdb.*memory.*postgres/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ MicrosoftAppType: 'Tenantless' }, /^MicrosoftAppType: /],
    [{ MicrosoftAppId: 'app' }, /^MicrosoftAppPassword: required when MicrosoftAppId is set$/],
    [{ MicrosoftAppType: 'SingleTenant' }, /^MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant$/],
    [{ DIRECTLINE_SECRET: 'short' }, /^DIRECTLINE_SECRET: at least 16 characters$/],
    [{ DIRECTLINE_TOKEN_TTL_SECONDS: '-5' }, /^DIRECTLINE_TOKEN_TTL_SECONDS: /],
    [{ MAX_UPLOAD_BYTES: '1.5' }, /^MAX_UPLOAD_BYTES: /],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, /^PUBLIC_BASE_URL: /],
    [{ DATABASE_URL: 'mysql://db' }, /^DATABASE_URL: a URL like postgres:/],
    [{ DATABASE_SCHEMA: 'Robert; DROP' }, /^DATABASE_SCHEMA: /],
  ])('%j is refused with a message naming the key', (env, expected) => {
    const message = messageFor(env as Record<string, string>);
    expect(message).toMatch(expected);
    expect(message.split('\n')).toHaveLength(1);
  });

  describe('STORAGE=postgres', () => {
    const shared = {
      STORAGE: 'postgres',
      DIRECTLINE_SECRET: 'shared-directline-secret-0123456789',
      AGENT_SESSION_SECRET: 'shared-agent-session-secret-0123456789abcdef',
      CALLBACK_ENCRYPTION_KEY: '11'.repeat(32),
    };

    test('with every shared secret it is accepted, migrating at start-up by default', () => {
      const config = parseConfig({ ...shared, DATABASE_URL: 'postgres://app@db:5432/certs' });
      expect(config.STORAGE).toBe('postgres');
      expect(config.DATABASE_MIGRATE).toBe('on');
      expect(config.directLineSecret).toBe(shared.DIRECTLINE_SECRET);
    });

    test.each(['DIRECTLINE_SECRET', 'AGENT_SESSION_SECRET', 'CALLBACK_ENCRYPTION_KEY'] as const)(
      'without %s start-up is refused in one clear line (no random per-process default)',
      (key) => {
        const env: Record<string, string> = { ...shared };
        delete env[key];
        const message = messageFor(env);
        expect(message).toBe(`${key}: required when STORAGE=postgres (every instance must use the same value)`);
      },
    );
  });
});
