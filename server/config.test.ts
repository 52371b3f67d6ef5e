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
    [{ STORAGE: 'mongo' }, /^STORAGE: .*lowdb.*memory/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ MicrosoftAppType: 'Tenantless' }, /^MicrosoftAppType: /],
    [{ MicrosoftAppId: 'app' }, /^MicrosoftAppPassword: required when MicrosoftAppId is set$/],
    [{ MicrosoftAppType: 'SingleTenant' }, /^MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant$/],
    [{ DIRECTLINE_SECRET: 'short' }, /^DIRECTLINE_SECRET: at least 16 characters$/],
    [{ DIRECTLINE_TOKEN_TTL_SECONDS: '-5' }, /^DIRECTLINE_TOKEN_TTL_SECONDS: /],
    [{ MAX_UPLOAD_BYTES: '1.5' }, /^MAX_UPLOAD_BYTES: /],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, /^PUBLIC_BASE_URL: /],
  ])('%j is refused with a message naming the key', (env, expected) => {
    const message = messageFor(env as Record<string, string>);
    expect(message).toMatch(expected);
    expect(message.split('\n')).toHaveLength(1);
  });
});
