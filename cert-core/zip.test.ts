import { describe, expect, test } from '@jest/globals';
import { zipSync } from 'fflate';
import { crc32, readZip, zipEntryNames } from './zip.js';

const text = (value: string) => new TextEncoder().encode(value);

function patchSizes(zip: Uint8Array, declared: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let at = 0; at + 4 <= copy.length; at++) {
    if (view.getUint32(at, true) === 0x04034b50) view.setUint32(at + 22, declared, true);
    if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, declared, true);
  }
  return copy;
}

describe('readZip', () => {
  test('reads stored and deflated entries, skipping folders and macOS junk', () => {
    const zip = zipSync({
      'NPKI/a/signCert.der': [text('cert'), { level: 0 }],
      'NPKI/a/signPri.key': text('key'.repeat(100)),
      '__MACOSX/._x': text('junk'),
      'empty/': new Uint8Array(0),
    });
    const result = readZip(zip);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files.map((f) => f.name).sort()).toEqual(['NPKI/a/signCert.der', 'NPKI/a/signPri.key']);
    expect(new TextDecoder().decode(result.files.find((f) => f.name.endsWith('.key'))!.bytes)).toBe('key'.repeat(100));
  });

  test('refuses an entry whose declared size passes the cap before inflating it', () => {
    const zip = zipSync({ 'big.bin': new Uint8Array(2 << 20) });
    expect(readZip(zip)).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });

  test('refuses a zip bomb that lies about its size, stopping early', () => {
    const bomb = patchSizes(zipSync({ 'x.der': new Uint8Array(16 << 20) }, { level: 9 }), 1000);
    const started = performance.now();
    expect(readZip(bomb)).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('an entry that inflates to more than declared but under the cap is damaged', () => {
    const lying = patchSizes(zipSync({ 'x.der': new Uint8Array(5000) }), 1000);
    expect(readZip(lying)).toMatchObject({ ok: false, code: 'DAMAGED_FILE' });
  });

  test('caps the total and the entry count', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, new Uint8Array(1000)]));
    expect(readZip(zipSync(many), { maxTotalBytes: 5000 })).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(readZip(zipSync(many), { maxEntries: 10 })).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });

  test('truncated or corrupted archives are damaged, never thrown', () => {
    const zip = zipSync({ 'a.txt': text('hello world '.repeat(50)) });
    expect(readZip(zip.subarray(0, zip.length - 10))).toMatchObject({ ok: false, code: 'DAMAGED_FILE' });
    const flipped = zip.slice();
    flipped[40] ^= 0xff;
    expect(readZip(flipped)).toMatchObject({ ok: false, code: 'DAMAGED_FILE' });
  });

  test('password-protected entries are reported as unsupported encryption', () => {
    const zip = zipSync({ 'a.txt': text('hello') });
    const view = new DataView(zip.buffer);
    for (let at = 0; at + 4 <= zip.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint16(at + 8, 1, true);
    expect(readZip(zip)).toMatchObject({ ok: false, code: 'UNSUPPORTED_ENCRYPTION' });
  });

  test('decodes CP949 (EUC-KR) names written by Korean Windows', () => {
    // "홍길동" in CP949, written without the UTF-8 flag.
    const zip = zipSync({ 'XXXXXX/signCert.der': text('c') });
    const cp949 = [0xc8, 0xab, 0xb1, 0xe6, 0xb5, 0xbf];
    for (let at = 0; at + 6 <= zip.length; at++) {
      if (String.fromCharCode(...zip.subarray(at, at + 6)) === 'XXXXXX') zip.set(cp949, at);
    }
    const view = new DataView(zip.buffer);
    for (let at = 0; at + 4 <= zip.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint16(at + 8, 0, true);
    const result = readZip(zip);
    expect(result.ok && result.files[0].name).toBe('홍길동/signCert.der');
  });

  test('crc32 matches the standard check value', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
  });
});

describe('zipEntryNames', () => {
  test('lists the files from the directory only: a declared bomb is named, not inflated; folders are left out', () => {
    const zip = patchSizes(zipSync({ 'NPKI/a/signPri.key': text('key'), 'empty/': new Uint8Array(0) }), 0x7fffffff);
    expect(readZip(zip)).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(zipEntryNames(zip)).toEqual(['NPKI/a/signPri.key']);
  });

  test('[] for anything that is not a readable zip', () => {
    expect(zipEntryNames(text('-----BEGIN CERTIFICATE-----'))).toEqual([]);
    expect(zipEntryNames(zipSync({ 'a.der': text('x') }).subarray(0, 30))).toEqual([]);
  });
});
