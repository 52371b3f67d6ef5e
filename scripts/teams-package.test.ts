// `npm run teams:package` end to end (spawned like a user runs it) and the zip it builds.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { readTeamsPackageValues } from './teams/config.js';
import { buildTeamsAppPackage } from './teams/build.js';
import { validateAgainstSchema } from './teams/manifest.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const BOT_ID = '0a1b2c3d-1111-2222-3333-444455556666';
const EXPECTED_FILES = ['color.png', 'en-us.json', 'manifest.json', 'outline.png'];
let workDir = '';

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'teams-package-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * Runs the script from an empty working directory, so that a developer's own .env in the
 * repository cannot leak into the test; the child sees only the variables given here.
 */
function teamsPackage(env: Record<string, string>, args: string[] = [], cwd = workDir) {
  const tsx = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const result = spawnSync(process.execPath, ['--import', tsx, path.join(repoRoot, 'scripts', 'teams-package.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run teams:package', () => {
  test('missing MicrosoftAppId: exit 1 with one clear line and no zip', () => {
    const out = path.join(workDir, 'missing.zip');
    const { code, stdout, stderr } = teamsPackage({ PUBLIC_BASE_URL: 'https://bot.example.com' }, ['--out', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^teams:package: MicrosoftAppId: 설정되지 않았습니다: .* \/ not set: .*\(a GUID\)/)]);
    expect(existsSync(out)).toBe(false);
  });

  test('MicrosoftAppId that is not a GUID: exit 1 with one clear line', () => {
    const { code, stderr } = teamsPackage({ MicrosoftAppId: 'not-a-guid', PUBLIC_BASE_URL: 'https://bot.example.com' });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      'teams:package: MicrosoftAppId: GUID 형식이 아닙니다 / not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, got "not-a-guid")',
    ]);
  });

  test('values from .env in the working directory: writes a zip that passes the schema, and says how to upload it', () => {
    const projectDir = mkdtempSync(path.join(workDir, 'project-'));
    writeFileSync(path.join(projectDir, '.env'), `MicrosoftAppId=${BOT_ID}\nPUBLIC_BASE_URL=https://agents.example.com\n`);
    const out = path.join(projectDir, 'out', 'teams-app.zip');
    const { code, stdout, stderr } = teamsPackage({}, ['--out', out], projectDir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(out);
    expect(stdout).toContain('Upload a custom app');

    const files = unzipSync(readFileSync(out));
    expect(Object.keys(files).sort()).toEqual(EXPECTED_FILES);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8'));
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual(['agents.example.com']);
    expect(() => validateAgainstSchema('manifest', manifest, manifest.manifestVersion, 'manifest.json')).not.toThrow();
  });
});

describe('buildTeamsAppPackage', () => {
  const values = readTeamsPackageValues({ MicrosoftAppId: BOT_ID, PUBLIC_BASE_URL: 'https://bot.example.com' }, '0.1.0');

  test('the zip holds exactly manifest, localization and the two icons, at the root, byte for byte', () => {
    const built = buildTeamsAppPackage(values);
    const files = unzipSync(built.zip);
    expect(Object.keys(files).sort()).toEqual(EXPECTED_FILES);
    expect(built.files[0]).toBe('manifest.json');
    expect(Buffer.from(files['color.png']).equals(readFileSync(path.join(repoRoot, 'appPackage', 'color.png')))).toBe(true);
    expect(Buffer.from(files['manifest.json']).toString('utf8')).not.toContain('{{');
    expect(Buffer.from(files['en-us.json']).toString('utf8')).not.toContain('{{');
  });

  test('the same inputs give the same zip (stable app id, fixed timestamps)', () => {
    expect(Buffer.from(buildTeamsAppPackage(values).zip).equals(Buffer.from(buildTeamsAppPackage(values).zip))).toBe(true);
  });

  test('a broken template in a package folder is refused, naming the file and the field', () => {
    const sourceDir = mkdtempSync(path.join(workDir, 'broken-'));
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'appPackage', 'manifest.json'), 'utf8'));
    manifest.bots[0].botId = '{{TEAMS_APP_ID}}-x';
    delete manifest.icons;
    writeFileSync(path.join(sourceDir, 'manifest.json'), JSON.stringify(manifest));
    expect(() => buildTeamsAppPackage(values, sourceDir)).toThrow(/manifest\.json:\n.*missing required field 'icons'[\s\S]*\/bots\/0\/botId: GUID가 아닙니다/);
  });
});
