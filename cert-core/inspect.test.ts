import { describe, expect, test } from '@jest/globals';
import { generateFixtures, FIXTURE_RRN, OWNER } from './fixtures/generate.js';
import { CertReportSchema, inspect, PROBLEM_CODES, type CertReport, type ProblemCode } from './index.js';

const { now, fixtures, password } = generateFixtures();

function run(name: string): CertReport {
  const fixture = fixtures[name];
  if (!fixture) throw new Error(`no fixture ${name}`);
  return inspect(fixture.files, { now, password: fixture.password, rrn: fixture.rrn, input: name });
}

const codes = (report: CertReport) => report.problems.map((p) => p.code).sort();

describe('every generated fixture yields exactly its expected problems', () => {
  const seen = new Set<ProblemCode>();
  test.each(Object.keys(fixtures))('%s', (name) => {
    const report = run(name);
    expect(CertReportSchema.safeParse(report).success).toBe(true);
    expect(codes(report)).toEqual([...fixtures[name].expectedCodes].sort());
    expect(report.ok).toBe(!report.problems.some((p) => p.severity === 'error'));
    report.problems.forEach((p) => seen.add(p.code));
  });

  test('together the fixtures produce every one of the 15 problem codes', () => {
    expect([...seen].sort()).toEqual([...PROBLEM_CODES].sort());
    expect(PROBLEM_CODES).toHaveLength(15);
  });
});

describe('fields of a good NPKI pair', () => {
  test('certificate, key and identity are reported', () => {
    const report = run('valid-yessign');
    expect(report.ok).toBe(true);
    expect(report.certificate).toMatchObject({
      owner: OWNER,
      issuerOrg: 'yessign',
      ca: '금융결제원 (yessign)',
      testCa: false,
      policyOid: '1.2.410.200005.1.1.1',
      usage: '개인 범용',
      usage_en: 'personal, general purpose',
      generalPurpose: true,
      daysLeft: 265,
      serial: '01a2b3c4',
    });
    expect(report.certificate!.subject).toBe(`CN=${OWNER}()0001234567890123456, OU=INITECH, OU=personal4IB, O=yessign, C=kr`);
    expect(report.privateKey).toEqual({
      present: true,
      encryption: 'PBES2-HMAC-SHA256-SEED-CBC',
      decrypted: true,
      matchesCertificate: true,
      hasRandomNum: true,
    });
    expect(report.identity).toEqual({ checked: true, matches: true });
  });

  test.each([
    ['valid-SignKorea', '코스콤 (SignKorea)'],
    ['valid-KICA', '한국정보인증 (KICA)'],
    ['valid-CrossCert', '한국전자인증 (CrossCert)'],
    ['valid-TradeSign', '한국무역정보통신 (TradeSign)'],
    ['valid-INIPASS', '이니텍 (INIPASS)'],
  ])('%s is issued by %s and is general purpose', (name, ca) => {
    const report = run(name);
    expect(report.certificate).toMatchObject({ ca, usage: '개인 범용', generalPurpose: true });
  });

  test("a SHA-1 VID is checked too; another person's number does not match", () => {
    expect(run('valid-sha1-vid').identity).toEqual({ checked: true, matches: true });
    expect(run('identity-other-person').identity).toEqual({ checked: true, matches: false });
  });

  test.each(['PBES1-SHA1-SEED-CBC', 'PBES2-HMAC-SHA1-SEED-CBC', 'PBES2-HMAC-SHA256-SEED-CBC', 'PBES2-HMAC-SHA1-AES-256-CBC', 'PBES2-HMAC-SHA256-AES-256-CBC'])(
    'a key encrypted with %s decrypts and matches',
    (scheme) => {
      expect(run(`key-${scheme}`).privateKey).toEqual({ present: true, encryption: scheme, decrypted: true, matchesCertificate: true, hasRandomNum: true });
    },
  );

  test('without a password the key is described but not decrypted', () => {
    const report = run('no-password');
    expect(report.privateKey).toEqual({
      present: true,
      encryption: 'PBES2-HMAC-SHA256-SEED-CBC',
      decrypted: null,
      matchesCertificate: null,
      hasRandomNum: null,
    });
    expect(report.identity).toBeNull();
  });

  test('a wrong password is reported as not decrypted', () => {
    expect(run('wrong-password').privateKey).toMatchObject({ decrypted: false, matchesCertificate: null });
  });

  test('an unknown policy OID is shown raw, without a usage verdict', () => {
    expect(run('unknown-policy').certificate).toMatchObject({ policyOid: '1.2.410.200005.1.1.99', usage: '1.2.410.200005.1.1.99', generalPurpose: null });
  });

  test('renewal window says how many days are left', () => {
    const report = run('renewal-window');
    expect(report.certificate!.daysLeft).toBe(10);
    expect(report.problems[0].message_ko).toContain('10일');
  });

  test('a lone certificate file needs no key; the same file in a folder does', () => {
    expect(run('cert-file-alone').privateKey).toBeNull();
    expect(run('pem-cert-alone').certificate?.owner).toBe(OWNER);
    expect(run('cert-only-folder').privateKey).toMatchObject({ present: false });
  });

  test('zips of NPKI folders are read and the key-management pair is ignored', () => {
    const report = run('zip-npki');
    expect(report.ok).toBe(true);
    expect(report.certificate?.owner).toBe(OWNER);
    expect(report.otherCertificates).toEqual([]);
  });

  test('with several certificates the first is reported and the others are listed', () => {
    const report = run('two-certificates');
    expect(report.certificate?.ca).toBe('한국정보인증 (KICA)');
    expect(report.otherCertificates).toHaveLength(1);
    expect(report.otherCertificates[0]).toContain('NPKI/yessign/USER/');
  });

  test.each(['pfx-modern', 'pfx-legacy'])('%s is read with its key and randomNum', (name) => {
    const report = run(name);
    expect(report.certificate?.owner).toBe(OWNER);
    expect(report.privateKey).toMatchObject({ present: true, decrypted: true, matchesCertificate: true, hasRandomNum: true });
  });
});

describe('messages', () => {
  test.each([
    ['foreign-photo.png', 'PNG', 'PNG image'],
    ['foreign-scan.jpg', 'JPEG', 'JPEG image'],
    ['foreign-document.pdf', 'PDF', 'PDF document'],
    ['foreign-readme.txt', '텍스트', 'text file'],
    ['foreign-report.hwp', 'HWP', 'HWP'],
    ['zip-no-certificates', '압축', 'zip archive'],
  ])('NOT_A_CERTIFICATE for %s says what it looks like', (name, ko, en) => {
    const [problem] = run(name).problems;
    expect(problem.message_ko).toContain(ko);
    expect(problem.message_en).toContain(en);
  });

  test('every problem has Korean and English message and fix, with no unfilled placeholders', () => {
    for (const name of Object.keys(fixtures)) {
      for (const problem of run(name).problems) {
        for (const text of [problem.message_ko, problem.message_en, problem.fix_ko, problem.fix_en]) {
          expect(text).not.toMatch(/[{}]/);
          expect(text.length).toBeGreaterThan(5);
        }
      }
    }
  });

  test('the registration number never appears in a report', () => {
    const report = run('valid-yessign');
    expect(JSON.stringify(report)).not.toContain(FIXTURE_RRN);
    expect(JSON.stringify(report)).not.toContain(password);
  });
});

describe('odd inputs', () => {
  test('no files at all', () => {
    const report = inspect([], { now });
    expect(codes(report)).toEqual(['NOT_A_CERTIFICATE']);
    expect(report.ok).toBe(false);
  });

  test('a folder of many unrelated files gets one summary problem', () => {
    const files = Array.from({ length: 8 }, (_, i) => ({ name: `photos/${i}.txt`, bytes: new TextEncoder().encode(`note ${i}`) }));
    expect(codes(inspect(files, { now }))).toEqual(['NOT_A_CERTIFICATE']);
  });

  test('maxFileBytes is honoured', () => {
    const fixture = fixtures['cert-file-alone'];
    expect(codes(inspect(fixture.files, { now, maxFileBytes: 100 }))).toEqual(['TOO_LARGE']);
  });
});
