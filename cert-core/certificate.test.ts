import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { attribute, formatName, npkiView, ownerFromCommonName, parseCertificate } from './certificate.js';
import { toHex } from './bytes.js';

const sample = (name: string) => new Uint8Array(readFileSync(new URL(`../../shared/interop/pypinksign/${name}`, import.meta.url)));

describe('parseCertificate on the PyPinkSign sample', () => {
  const cert = parseCertificate(sample('signCert.der'))!;

  test('reads subject, issuer, dates and serial', () => {
    expect(attribute(cert.subject, 'CN')).toBe('HKD(KILDONG.HONG)009104120200225191000030');
    expect(formatName(cert.subject)).toBe('CN=HKD(KILDONG.HONG)009104120200225191000030, OU=INITECH, OU=personal4IB, O=yessign, C=kr');
    expect(formatName(cert.issuer)).toBe('CN=yessignCA-Test Class 4, OU=AccreditedCA, O=yessign, C=kr');
    expect(cert.notBefore.toISOString()).toBe('2020-02-24T15:00:00.000Z');
    expect(cert.notAfter.toISOString()).toBe('2020-03-25T14:59:59.000Z');
    expect(cert.serialHex).toBe('459c75');
    expect(parseInt(cert.serialHex, 16)).toBe(4562037);
  });

  test('reads the policy and the VID (SHA-256)', () => {
    expect(cert.policyOids).toEqual(['1.2.410.200005.1.1.4']);
    expect(cert.vid?.hashOid).toBe('2.16.840.1.101.3.4.2.1');
    expect(toHex(cert.vid!.value)).toBe('8ad4f673412f825da4d1fb4d4216946bbc7f8194a0af01f86622ee23c7ee0de7');
  });

  test('interprets it as a yessign test certificate for banking/insurance', () => {
    expect(npkiView(cert)).toMatchObject({
      issuerOrg: 'yessign',
      ca: '금융결제원 (yessign)',
      testCa: true,
      policyOid: '1.2.410.200005.1.1.4',
      usage: '은행·신용카드·보험용',
      generalPurpose: false,
      isNpki: true,
    });
  });
});

test('ownerFromCommonName takes the name before "(…)digits"', () => {
  expect(ownerFromCommonName('홍길동()0001234567890123456')).toBe('홍길동');
  expect(ownerFromCommonName('HKD(KILDONG.HONG)009104120200225191000030')).toBe('HKD');
  expect(ownerFromCommonName('(주)한국상사()0012345678901234')).toBe('(주)한국상사');
  expect(ownerFromCommonName('www.example.com')).toBe('www.example.com');
});

test('parseCertificate returns null for garbage and truncations', () => {
  const der = sample('signCert.der');
  expect(parseCertificate(der.subarray(0, 500))).toBeNull();
  expect(parseCertificate(new Uint8Array([1, 2, 3]))).toBeNull();
});
