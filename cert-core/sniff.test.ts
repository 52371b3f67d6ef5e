import { describe, expect, test } from '@jest/globals';
import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { inspect } from './index.js';
import { sniff } from './sniff.js';

const ascii = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: Array<number[] | string>) => new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...ascii(part)] : part)));
const pad = new Array(64).fill(0x41);
const sample = (name: string) => new Uint8Array(readFileSync(new URL(`../../shared/interop/pypinksign/${name}`, import.meta.url)));

describe('sniff recognises foreign formats by content', () => {
  test.each([
    ['GIF89a', bytes('GIF89a', pad), 'gif'],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBP', pad), 'webp'],
    ['HEIC', bytes([0, 0, 0, 24], 'ftypheic', pad), 'heic'],
    ['BMP', bytes('BM', pad), 'bmp'],
    ['gzip', bytes([0x1f, 0x8b, 8, 0], pad), 'gzip'],
    ['RAR', bytes('Rar!', [0x1a, 7, 0], pad), 'rar'],
    ['7z', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], pad), 'sevenZip'],
    ['Windows exe', bytes('MZ', [0x90, 0], pad), 'exe'],
    ['HTML', ascii('<!DOCTYPE html><html><body>인증서</body></html>'), 'html'],
    ['unencrypted PEM key', ascii('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n'), 'privateKeyPlain'],
    ['PEM CSR', ascii('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n'), 'pemOther'],
  ])('%s', (_, data, what) => {
    expect(sniff('file.bin', data)).toEqual(expect.objectContaining({ kind: 'foreign', what }));
  });

  test('a DER that is neither certificate, key nor PFX is "other security data"', () => {
    expect(sniff('x.der', bytes([0x30, 0x03, 0x02, 0x01, 0x05]))).toEqual({ kind: 'foreign', what: 'asn1Other' });
  });
});

describe('sniff recognises certificate files and their damage', () => {
  test('the PyPinkSign files by content, whatever their names', () => {
    expect(sniff('a', sample('signCert.der')).kind).toBe('certificate');
    expect(sniff('b', sample('signPri.key')).kind).toBe('key');
    expect(sniff('c', sample('cert.pfx')).kind).toBe('pkcs12');
  });

  test('truncated DER keeps its role, guessed from the bytes', () => {
    expect(sniff('a', sample('signCert.der').subarray(0, 300))).toEqual({ kind: 'damaged', role: 'certificate' });
    expect(sniff('b', sample('signPri.key').subarray(0, 300))).toEqual({ kind: 'damaged', role: 'key' });
    expect(sniff('c', sample('cert.pfx').subarray(0, 300))).toEqual({ kind: 'damaged', role: 'pkcs12' });
  });

  test('a PEM certificate with a broken body or no END line is damaged', () => {
    expect(sniff('c.pem', ascii('-----BEGIN CERTIFICATE-----\nMIIB$$$\n-----END CERTIFICATE-----\n'))).toEqual({ kind: 'damaged', role: 'certificate' });
    expect(sniff('c.pem', ascii('-----BEGIN CERTIFICATE-----\nMIIBAAAA\n'))).toEqual({ kind: 'damaged', role: 'certificate' });
  });

  test('random bytes: damaged under a certificate name, unknown otherwise', () => {
    const noise = bytes([0x00, 0x9c, 0x13, 0xff, 0x80, 0x01, 0xfe, 0x7f, 0x00, 0x00, 0x11]);
    expect(sniff('signCert.der', noise)).toEqual({ kind: 'damaged', role: 'certificate' });
    expect(sniff('mystery', noise)).toEqual({ kind: 'foreign', what: 'unknown' });
  });
});

describe('office documents are zips too', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  test.each([
    ['report.docx', { '[Content_Types].xml': ascii('<Types/>'), 'word/document.xml': ascii('<w/>') }, 'MS 오피스'],
    ['report.hwpx', { mimetype: ascii('application/hwp+zip'), 'Contents/section0.xml': ascii('<s/>') }, '한글(HWPX)'],
  ])('%s is named in NOT_A_CERTIFICATE', (name, entries, ko) => {
    const [problem] = inspect([{ name, bytes: zipSync(entries) }], { now }).problems;
    expect(problem.code).toBe('NOT_A_CERTIFICATE');
    expect(problem.message_ko).toContain(ko);
  });
});
