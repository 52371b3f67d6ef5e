import { describe, expect, test } from '@jest/globals';
import { TeamsConfigError, defaultTeamsAppId, readTeamsPackageValues, uuidV5 } from './config.js';

const BOT_ID = '0a1b2c3d-1111-2222-3333-444455556666';
const GOOD_ENV = { MicrosoftAppId: BOT_ID, PUBLIC_BASE_URL: 'https://bot.example.com' };

function problemsOf(env: Record<string, string | undefined>, version = '1.2.3'): string[] {
  try {
    readTeamsPackageValues(env, version);
  } catch (error) {
    if (error instanceof TeamsConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a TeamsConfigError');
}

describe('uuidV5', () => {
  test('matches the RFC 4122 reference value (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('readTeamsPackageValues', () => {
  test('fills every placeholder; HOST is the host of PUBLIC_BASE_URL', () => {
    expect(readTeamsPackageValues({ ...GOOD_ENV, PUBLIC_BASE_URL: 'https://Bot.Example.com:8443/' }, '0.1.0')).toEqual({
      MicrosoftAppId: BOT_ID,
      TEAMS_APP_ID: defaultTeamsAppId(BOT_ID),
      HOST: 'bot.example.com:8443',
      VERSION: '0.1.0',
    });
  });

  test('the default Teams app id is a v5 GUID, stable across runs and letter case, different per bot', () => {
    const id = readTeamsPackageValues(GOOD_ENV, '1.0.0').TEAMS_APP_ID;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(readTeamsPackageValues({ ...GOOD_ENV, MicrosoftAppId: BOT_ID.toUpperCase() }, '1.0.0').TEAMS_APP_ID).toBe(id);
    expect(id).not.toBe(BOT_ID);
    expect(defaultTeamsAppId('ffffffff-1111-2222-3333-444455556666')).not.toBe(id);
  });

  test('TEAMS_APP_ID overrides the derived id (lower-cased); empty means not set', () => {
    const explicit = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';
    expect(readTeamsPackageValues({ ...GOOD_ENV, TEAMS_APP_ID: explicit }, '1.0.0').TEAMS_APP_ID).toBe(explicit.toLowerCase());
    expect(readTeamsPackageValues({ ...GOOD_ENV, TEAMS_APP_ID: '' }, '1.0.0').TEAMS_APP_ID).toBe(defaultTeamsAppId(BOT_ID));
  });

  test('missing MicrosoftAppId: exactly one line naming the key, Korean then English', () => {
    const problems = problemsOf({ PUBLIC_BASE_URL: 'https://bot.example.com', MicrosoftAppId: ' ' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^MicrosoftAppId: 설정되지 않았습니다.* \/ not set/);
  });

  test('a MicrosoftAppId that is not a GUID is refused and shown', () => {
    expect(problemsOf({ ...GOOD_ENV, MicrosoftAppId: 'my-bot' })).toEqual([
      expect.stringMatching(/^MicrosoftAppId: GUID 형식이 아닙니다 .*not a GUID.*"my-bot"/),
    ]);
    expect(problemsOf({ ...GOOD_ENV, TEAMS_APP_ID: '1234' })).toEqual([expect.stringMatching(/^TEAMS_APP_ID: .*not a GUID/)]);
  });

  test('PUBLIC_BASE_URL must be set, https, and a site root', () => {
    expect(problemsOf({ MicrosoftAppId: BOT_ID })).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL: 설정되지 않았습니다/)]);
    expect(problemsOf({ ...GOOD_ENV, PUBLIC_BASE_URL: 'http://bot.example.com' })).toEqual([expect.stringMatching(/requires https/)]);
    expect(problemsOf({ ...GOOD_ENV, PUBLIC_BASE_URL: 'https://bot.example.com/bot' })).toEqual([expect.stringMatching(/site root/)]);
    expect(problemsOf({ ...GOOD_ENV, PUBLIC_BASE_URL: 'bot.example.com' })).toEqual([expect.stringMatching(/not a URL/)]);
  });

  test('Teams accepts only x.y.z app versions', () => {
    expect(problemsOf(GOOD_ENV, '1.0.0-beta.1')).toEqual([expect.stringMatching(/^package.json version: .*x\.y\.z/)]);
  });
});
