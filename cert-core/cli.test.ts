// Spawns scripts/certcheck.ts the way a user runs it (npm run -s certcheck -- …).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_NOW, FIXTURE_PASSWORD, FIXTURE_RRN, generateFixtures } from './fixtures/generate.js';
import { CertReportSchema } from './index.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certcheck-'));
  generateFixtures(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function certcheck(args: string[], stdin = '') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/certcheck.ts', ...args], {
    cwd: repoRoot,
    input: stdin,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const now = ['--now', FIXTURE_NOW.toISOString()];

describe('certcheck CLI', () => {
  test('--json --password-stdin on a good NPKI folder: one report, exit 0', () => {
    const { code, stdout } = certcheck(['--json', ...now, '--password-stdin', join(dir, 'valid-yessign')], `${FIXTURE_PASSWORD}\n`);
    expect(code).toBe(0);
    const report = CertReportSchema.parse(JSON.parse(stdout));
    expect(Object.keys(report).sort()).toEqual(['certificate', 'identity', 'input', 'ok', 'otherCertificates', 'privateKey', 'problems']);
    expect(report).toMatchObject({ ok: true, input: join(dir, 'valid-yessign'), privateKey: { decrypted: true, matchesCertificate: true }, identity: null });
  });

  test('several PATHs give an array; one bad report makes exit 1', () => {
    const { code, stdout } = certcheck(['--json', ...now, '--password-stdin', join(dir, 'valid-KICA'), join(dir, 'expired')], `${FIXTURE_PASSWORD}\n`);
    expect(code).toBe(1);
    const reports = JSON.parse(stdout);
    expect(reports).toHaveLength(2);
    expect(reports[1].problems.map((p: { code: string }) => p.code)).toEqual(['EXPIRED']);
  });

  test('--password-stdin with --rrn-stdin: password first line, number second', () => {
    const { code, stdout } = certcheck(
      ['--json', ...now, '--password-stdin', '--rrn-stdin', join(dir, 'valid-yessign')],
      `${FIXTURE_PASSWORD}\n${FIXTURE_RRN}\n`,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).identity).toEqual({ checked: true, matches: true });
    expect(stdout).not.toContain(FIXTURE_RRN);
  });

  test('wrong password on a zip: exit 1 with WRONG_PASSWORD', () => {
    const { code, stdout } = certcheck(['--json', ...now, '--password-stdin', join(dir, 'zip-npki', 'NPKI.zip')], 'wrong\n');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).problems.map((p: { code: string }) => p.code)).toEqual(['WRONG_PASSWORD']);
  });

  test('without --json: a readable Korean summary', () => {
    const { code, stdout } = certcheck([...now, join(dir, 'usage-restricted')], '');
    expect(code).toBe(0);
    expect(stdout).toContain('결과: 정상');
    expect(stdout).toContain('금융결제원 (yessign)');
    expect(stdout).toContain('용도제한');
    expect(stdout).toContain('비밀번호: 확인 안 함');
  });

  test.each([[['--bogus', 'x']], [['--json']], [['--now', 'yesterday', 'x']], [['/definitely/not/here']]])('usage error %j: exit 2 with usage text', (args) => {
    const { code, stderr, stdout } = certcheck(args);
    expect(code).toBe(2);
    expect(stderr).toContain('사용법');
    expect(stdout).toBe('');
  });
});
