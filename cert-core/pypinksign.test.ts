// The PyPinkSign sample: a real NPKI test certificate made by real NPKI software (see its README).
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { inspect, type CertReport, type InputFile } from './index.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';
const file = (name: string): InputFile => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../../shared/interop/pypinksign/${name}`, import.meta.url))) });
const pair = [file('signCert.der'), file('signPri.key')];
const codes = (report: CertReport) => report.problems.map((p) => p.code).sort();
const duringValidity = new Date('2020-03-01T00:00:00Z');

describe('PyPinkSign sample pair', () => {
  const report = inspect(pair, { now: duringValidity, password: PASSWORD });

  test('certificate fields equal the published values', () => {
    expect(report.certificate).toEqual({
      subject: 'CN=HKD(KILDONG.HONG)009104120200225191000030, OU=INITECH, OU=personal4IB, O=yessign, C=kr',
      owner: 'HKD',
      issuerOrg: 'yessign',
      ca: '금융결제원 (yessign)',
      testCa: true,
      policyOid: '1.2.410.200005.1.1.4',
      usage: '은행·신용카드·보험용',
      usage_en: 'banking, credit card and insurance only',
      generalPurpose: false,
      notBefore: '2020-02-24T15:00:00.000Z',
      notAfter: '2020-03-25T14:59:59.000Z',
      daysLeft: 24,
      serial: '459c75',
    });
  });

  test('the key decrypts with the password, carries R and matches', () => {
    expect(report.privateKey).toEqual({ present: true, encryption: 'PBES1-SHA1-SEED-CBC', decrypted: true, matchesCertificate: true, hasRandomNum: true });
  });

  test('while valid: only warnings (test CA, restricted usage, renewal window)', () => {
    expect(codes(report)).toEqual(['RENEWAL_WINDOW', 'TEST_CA', 'USAGE_RESTRICTED']);
    expect(report.ok).toBe(true);
  });

  test('today it is expired', () => {
    const today = inspect(pair, { now: new Date(), password: PASSWORD });
    expect(codes(today)).toContain('EXPIRED');
    expect(today.ok).toBe(false);
  });

  test('a wrong password is WRONG_PASSWORD', () => {
    const wrong = inspect(pair, { now: duringValidity, password: PASSWORD.toLowerCase() });
    expect(codes(wrong)).toEqual(['RENEWAL_WINDOW', 'TEST_CA', 'USAGE_RESTRICTED', 'WRONG_PASSWORD']);
    expect(wrong.privateKey?.decrypted).toBe(false);
  });

  test("an identity check with a number that is not the owner's does not match", () => {
    expect(inspect(pair, { now: duringValidity, password: PASSWORD, rrn: '9104121234567' }).identity).toEqual({ checked: true, matches: false });
  });
});

test('PyPinkSign PFX export reads to the same certificate', () => {
  const report = inspect([file('cert.pfx')], { now: duringValidity, password: PASSWORD });
  expect(report.certificate?.serial).toBe('459c75');
  expect(report.privateKey).toMatchObject({ present: true, decrypted: true, matchesCertificate: true });
  expect(codes(report)).toEqual(['RENEWAL_WINDOW', 'TEST_CA', 'USAGE_RESTRICTED']);
  expect(codes(inspect([file('cert.pfx')], { now: duringValidity, password: 'wrong' }))).toEqual(['WRONG_PASSWORD']);
});
