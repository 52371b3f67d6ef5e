// The manifest template, filled with test values, must pass the official Teams schema (read
// offline from @microsoft/app-manifest); broken manifests must be refused with readable lines.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type TeamsPackageValues, readTeamsPackageValues } from './config.js';
import { appPackageDir, buildTeamsAppPackage } from './build.js';
import { ACCENT_COLOR } from './icons.js';
import { type Json, ManifestValidationError, checkLocalizationKeys, fillPlaceholders, shippedManifestVersions, validateAgainstSchema } from './manifest.js';

const BOT_ID = '0a1b2c3d-1111-2222-3333-444455556666';
const values: TeamsPackageValues = readTeamsPackageValues({ MicrosoftAppId: BOT_ID, PUBLIC_BASE_URL: 'https://bot.example.com' }, '0.1.0');
const template = JSON.parse(readFileSync(path.join(appPackageDir, 'manifest.json'), 'utf8')) as Json;
const filled = () => fillPlaceholders(template, { ...values }, 'manifest.json') as Record<string, any>;

function problemsOf(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ManifestValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ManifestValidationError');
}

describe('appPackage/manifest.json', () => {
  test('uses the newest v1.x schema shipped by @microsoft/app-manifest', () => {
    const newest = shippedManifestVersions().at(-1);
    expect((template as { manifestVersion: string }).manifestVersion).toBe(newest);
  });

  test('filled with real-looking values, it validates against the official schema, with its localization', () => {
    const manifest = filled();
    expect(() => validateAgainstSchema('manifest', manifest, manifest.manifestVersion, 'manifest.json')).not.toThrow();
    expect(() => buildTeamsAppPackage(values)).not.toThrow();
  });

  test('bot, commands, tab, domains and SSO come out as Teams needs them', () => {
    const manifest = filled();
    const [bot] = manifest.bots;
    expect(bot).toMatchObject({ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'], isNotificationOnly: false, supportsFiles: false });
    expect(bot.commandLists.map((list: { scopes: string[] }) => list.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of bot.commandLists) {
      expect(list.commands.map((command: { title: string }) => command.title)).toEqual(['발급', '등록', '문제 해결', '대기열']);
      for (const command of list.commands) expect(command.description).toMatch(/[가-힣]/);
    }
    expect(manifest.staticTabs).toEqual([
      expect.objectContaining({
        name: '상담 콘솔',
        contentUrl: 'https://bot.example.com/agent/?inTeams=1',
        websiteUrl: 'https://bot.example.com/agent/',
        scopes: ['personal'],
      }),
    ]);
    expect(manifest.validDomains).toEqual(['bot.example.com']);
    expect(manifest.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://bot.example.com/${BOT_ID}` });
    expect(manifest.id).toBe(values.TEAMS_APP_ID);
    expect(manifest.version).toBe('0.1.0');
    expect(manifest.accentColor).toBe(ACCENT_COLOR);
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'ko-kr', additionalLanguages: [{ languageTag: 'en-us', file: 'en-us.json' }] });
  });

  test('a missing required field is refused with a readable line', () => {
    const manifest = filled();
    delete manifest.developer;
    expect(problemsOf(() => validateAgainstSchema('manifest', manifest, '1.30', 'manifest.json'))).toEqual([
      "(root): 필수 필드 'developer'가 없습니다 / missing required field 'developer'",
    ]);
  });

  test('a bot id that is not a GUID is refused, pointing at the field', () => {
    const manifest = filled();
    manifest.bots[0].botId = 'my-bot';
    expect(problemsOf(() => validateAgainstSchema('manifest', manifest, '1.30', 'manifest.json'))).toEqual([
      '/bots/0/botId: GUID가 아닙니다 / not a GUID: "my-bot"',
    ]);
  });

  test('unknown fields and over-long names are refused', () => {
    const manifest = filled();
    manifest.bots[0].sendsMail = true;
    manifest.name.short = '가'.repeat(31);
    const problems = problemsOf(() => validateAgainstSchema('manifest', manifest, '1.30', 'manifest.json'));
    expect(problems).toContain("/bots/0: 허용되지 않는 필드 'sendsMail' / unknown field 'sendsMail'");
    expect(problems).toContainEqual(expect.stringMatching(/^\/name\/short: 너무 깁니다 \/ too long \(max 30 characters\)/));
  });

  test('a manifestVersion without a shipped schema is refused', () => {
    expect(problemsOf(() => validateAgainstSchema('manifest', filled(), '1.999', 'manifest.json'))).toEqual([
      expect.stringMatching(/^manifestVersion "1.999": .*no schema for this version/),
    ]);
  });

  test('unknown placeholders are refused instead of shipping "{{…}}"', () => {
    expect(problemsOf(() => fillPlaceholders({ a: ['https://{{HOTS}}/x'] }, { HOST: 'h' }, 'manifest.json'))).toEqual([
      '{{HOTS}}: 알 수 없는 자리표시자 / unknown placeholder (known: HOST)',
    ]);
  });
});

describe('appPackage/en-us.json', () => {
  const localization = JSON.parse(readFileSync(path.join(appPackageDir, 'en-us.json'), 'utf8')) as Record<string, Json>;

  test('validates against the localization schema and only translates fields the manifest has', () => {
    expect(() => validateAgainstSchema('localization', localization, '1.30', 'en-us.json')).not.toThrow();
    expect(() => checkLocalizationKeys(filled(), localization, 'en-us.json')).not.toThrow();
    expect(localization['staticTabs[0].name']).toBe('Agent console');
  });

  test('a translation of a missing field, or an unknown key, is refused', () => {
    expect(
      problemsOf(() => checkLocalizationKeys(filled(), { ...localization, 'bots[0].commandLists[2].commands[7].description': 'x' }, 'en-us.json')),
    ).toEqual([expect.stringMatching(/^bots\[0\]\.commandLists\[2\]\.commands\[7\]\.description: .*does not have/)]);
    expect(problemsOf(() => validateAgainstSchema('localization', { ...localization, 'bot.title': 'x' }, '1.30', 'en-us.json'))).toEqual([
      "(root): 허용되지 않는 필드 'bot.title' / unknown field 'bot.title'",
    ]);
  });
});
