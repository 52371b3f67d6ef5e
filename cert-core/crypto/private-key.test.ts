import { describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { fromBinaryString, fromHex, toBinaryString, toHex, utf8Bytes } from './bytes.js';
import { encodeDer, oid, octets, seq, integer } from './der.js';
import { ALL_KEY_ENCRYPTIONS, MAX_ITERATIONS, deriveSeedPbes1KeyAndIv } from './pbe.js';
import { decryptPrivateKey, describeEncryptedKey, encryptPrivateKey, privateKeyMatchesCertificate } from './private-key.js';
import { LEGACY_PROVIDER_ARGS, PYPINKSIGN_DIR, opensslHasSeed, tryOpenssl, withTempDir } from './test-support/openssl.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';
const signPriKey = new Uint8Array(readFileSync(join(PYPINKSIGN_DIR, 'signPri.key')));
const signCertDer = new Uint8Array(readFileSync(join(PYPINKSIGN_DIR, 'signCert.der')));
const signCert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(toBinaryString(signCertDer)));

function decryptOrFail(der: Uint8Array, password: string) {
  const result = decryptPrivateKey(der, password);
  if (!result.ok) throw new Error(`expected success, got ${result.reason}: ${result.detail}`);
  return result;
}

const pinkSignKey = decryptOrFail(signPriKey, PASSWORD).privateKey;

describe('PyPinkSign NPKI key (real-format interop vector)', () => {
  test('describes PBES1 SEED with 2048 iterations', () => {
    expect(describeEncryptedKey(signPriKey)).toEqual({ ok: true, encryption: 'PBES1-SHA1-SEED-CBC', iterations: 2048 });
  });

  test('derives the published key and IV', () => {
    const salt = fromBinaryString(forge.util.decode64('yOovolAjwoU='));
    const { key, iv } = deriveSeedPbes1KeyAndIv(utf8Bytes(PASSWORD), salt, 2048);
    expect(toHex(key)).toBe('6240e2686a6abbc48c922ccba906bb91');
    expect(toHex(iv)).toBe('4471a1fd154167f22848770d578a5b73');
  });

  test('decrypts, yields the published randomNum, and matches signCert.der', () => {
    const result = decryptOrFail(signPriKey, PASSWORD);
    expect(result.encryption).toBe('PBES1-SHA1-SEED-CBC');
    expect(result.randomNum && toHex(result.randomNum)).toBe('7858b4328390805129f01c97fe6ca4a520cbd479');
    expect(privateKeyMatchesCertificate(result.privateKey, signCert)).toBe(true);
  });

  test('wrong passwords are WRONG_PASSWORD, never a garbage key', () => {
    for (const wrong of ['', 'wtua8ev0lwxvfsii!', PASSWORD + ' ', PASSWORD.slice(0, -1), '1234', '비밀번호']) {
      const result = decryptPrivateKey(signPriKey, wrong);
      expect(result).toEqual({
        ok: false,
        encryption: 'PBES1-SHA1-SEED-CBC',
        reason: 'WRONG_PASSWORD',
        detail: expect.any(String),
      });
    }
  });

  test('a different key does not match the certificate', () => {
    const other = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 }).privateKey;
    expect(privateKeyMatchesCertificate(other, signCert)).toBe(false);
  });
});

describe('encryptPrivateKey / decryptPrivateKey round trips', () => {
  const randomNum = fromHex('00112233445566778899aabbccddeeff00112233');

  test.each([...ALL_KEY_ENCRYPTIONS])('%s', (scheme) => {
    const password = 'pässwörd-한글-1!';
    const der = encryptPrivateKey(pinkSignKey, password, scheme, { randomNum, iterations: 100 });
    expect(describeEncryptedKey(der)).toEqual({ ok: true, encryption: scheme, iterations: 100 });
    const result = decryptOrFail(der, password);
    expect(result.encryption).toBe(scheme);
    expect(result.randomNum && toHex(result.randomNum)).toBe(toHex(randomNum));
    expect(privateKeyMatchesCertificate(result.privateKey, signCert)).toBe(true);
    const wrong = decryptPrivateKey(der, 'pässwörd-한글-2!');
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.reason).toBe('WRONG_PASSWORD');
  });

  test('without randomNum the attribute is absent', () => {
    const der = encryptPrivateKey(pinkSignKey, 'x', 'PBES2-HMAC-SHA256-SEED-CBC', { iterations: 10 });
    expect(decryptOrFail(der, 'x').randomNum).toBeNull();
  });

  test('honours fixed salt, IV and iterations (deterministic output)', () => {
    const options = { salt: fromHex('0102030405060708'), iv: fromHex('00'.repeat(16)), iterations: 7 };
    const a = encryptPrivateKey(pinkSignKey, 'p', 'PBES2-HMAC-SHA1-AES-128-CBC', options);
    const b = encryptPrivateKey(pinkSignKey, 'p', 'PBES2-HMAC-SHA1-AES-128-CBC', options);
    expect(toHex(a)).toBe(toHex(b));
    expect(() => encryptPrivateKey(pinkSignKey, 'p', 'ROT13' as never)).toThrow(RangeError);
  });
});

describe('bad input is classified, never thrown', () => {
  test('truncated key → DAMAGED_FILE', () => {
    for (const cut of [1, 2, 10, 31, 100, signPriKey.length - 1]) {
      const result = decryptPrivateKey(signPriKey.subarray(0, cut), PASSWORD);
      expect(!result.ok && result.reason).toBe('DAMAGED_FILE');
      expect(describeEncryptedKey(signPriKey.subarray(0, cut)).ok).toBe(false);
    }
  });

  test('other files → NOT_A_KEY', () => {
    expect(decryptPrivateKey(utf8Bytes('hello, I am a text file'), 'x')).toMatchObject({ ok: false, reason: 'NOT_A_KEY' });
    expect(describeEncryptedKey(signCertDer)).toMatchObject({ ok: false, reason: 'NOT_A_KEY' });
    expect(describeEncryptedKey(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'DAMAGED_FILE' });
  });

  test('unknown algorithm → UNSUPPORTED_ENCRYPTION naming the OID', () => {
    const der = encodeDer(seq(seq(oid('1.2.3.4.5'), seq(octets(new Uint8Array(8)), integer(1))), octets(new Uint8Array(32))));
    expect(describeEncryptedKey(der)).toEqual({ ok: false, reason: 'UNSUPPORTED_ENCRYPTION', detail: expect.stringContaining('1.2.3.4.5') });
    expect(decryptPrivateKey(der, 'x')).toMatchObject({ ok: false, encryption: null, reason: 'UNSUPPORTED_ENCRYPTION' });
  });

  test('a hostile iteration count is refused before any work', () => {
    const der = encodeDer(seq(seq(oid('1.2.410.200004.1.15'), seq(octets(new Uint8Array(8)), integer(2_000_000_000))), octets(new Uint8Array(32))));
    const started = Date.now();
    const result = describeEncryptedKey(der);
    expect(result).toMatchObject({ ok: false, reason: 'UNSUPPORTED_ENCRYPTION' });
    expect(!result.ok && result.detail).toContain(String(MAX_ITERATIONS));
    expect(decryptPrivateKey(der, 'x')).toMatchObject({ ok: false, reason: 'UNSUPPORTED_ENCRYPTION' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('randomly corrupted keys never throw and never yield a key that does not match', () => {
    let seed = 12345;
    const nextRandom = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    // Each attempt runs the real 2048-round KDF, so the count is kept small for speed.
    for (let round = 0; round < 40; round++) {
      const corrupted = signPriKey.slice();
      const flips = 1 + Math.floor(nextRandom() * 3);
      for (let i = 0; i < flips; i++) corrupted[Math.floor(nextRandom() * corrupted.length)] ^= 1 + Math.floor(nextRandom() * 255);
      const result = decryptPrivateKey(corrupted, PASSWORD);
      if (result.ok) expect(privateKeyMatchesCertificate(result.privateKey, signCert)).toBe(true);
      else expect(['WRONG_PASSWORD', 'DAMAGED_FILE', 'UNSUPPORTED_ENCRYPTION', 'NOT_A_KEY']).toContain(result.reason);
    }
  });
});

const hasLegacy = opensslHasSeed();
if (!hasLegacy) {
  console.warn('SKIPPED: OpenSSL PKCS#8 cross-checks — OpenSSL with the legacy provider (SEED, RC2) is unavailable here.');
}
const crossCheck = hasLegacy ? test : test.skip;

describe('PKCS#8 interoperability with OpenSSL', () => {
  const OPENSSL_PASSWORD = 'Interop-Pass!42';
  const pem = forge.pki.privateKeyToPem(pinkSignKey);

  const opensslMadeKeys: Array<{ args: string[]; expected: string }> = [
    { args: ['-v2', 'seed-cbc', '-v2prf', 'hmacWithSHA1'], expected: 'PBES2-HMAC-SHA1-SEED-CBC' },
    { args: ['-v2', 'seed-cbc', '-v2prf', 'hmacWithSHA256'], expected: 'PBES2-HMAC-SHA256-SEED-CBC' },
    { args: ['-v2', 'aes-256-cbc'], expected: 'PBES2-HMAC-SHA256-AES-256-CBC' },
    { args: ['-v2', 'aes-128-cbc', '-v2prf', 'hmacWithSHA1'], expected: 'PBES2-HMAC-SHA1-AES-128-CBC' },
    { args: ['-v2', 'aes-192-cbc', '-v2prf', 'hmacWithSHA512'], expected: 'PBES2-HMAC-SHA512-AES-192-CBC' },
    { args: ['-v2', 'des3'], expected: 'PBES2-HMAC-SHA256-3DES-CBC' },
    { args: ['-v1', 'PBE-SHA1-3DES'], expected: 'PKCS12-SHA1-3DES-CBC' },
    { args: ['-v1', 'PBE-SHA1-RC2-40'], expected: 'PKCS12-SHA1-RC2-40-CBC' },
  ];

  crossCheck.each(opensslMadeKeys)('OpenSSL `pkcs8 -topk8 $args` decrypts with our code', ({ args, expected }) => {
    withTempDir((dir) => {
      const keyPem = join(dir, 'key.pem');
      const out = join(dir, 'key.p8');
      writeFileSync(keyPem, pem);
      const made = tryOpenssl([
        'pkcs8',
        '-topk8',
        ...args,
        ...LEGACY_PROVIDER_ARGS,
        '-in',
        keyPem,
        '-outform',
        'DER',
        '-out',
        out,
        '-passout',
        `pass:${OPENSSL_PASSWORD}`,
      ]);
      expect(made.stderr).toBe('');
      const der = new Uint8Array(readFileSync(out));
      const result = decryptOrFail(der, OPENSSL_PASSWORD);
      expect(result.encryption).toBe(expected);
      expect(privateKeyMatchesCertificate(result.privateKey, signCert)).toBe(true);
      expect(decryptPrivateKey(der, 'not-it')).toMatchObject({ ok: false, reason: 'WRONG_PASSWORD' });
    });
  });

  // OpenSSL does not know the KISA PBES1 OID, so that scheme is checked against PyPinkSign above instead.
  const opensslReadable = ALL_KEY_ENCRYPTIONS.filter((scheme) => scheme !== 'PBES1-SHA1-SEED-CBC');

  crossCheck.each(opensslReadable)('our %s key decrypts with OpenSSL', (scheme) => {
    withTempDir((dir) => {
      const file = join(dir, 'ours.p8');
      writeFileSync(file, encryptPrivateKey(pinkSignKey, OPENSSL_PASSWORD, scheme, { iterations: 1000 }));
      const read = tryOpenssl(['pkcs8', '-inform', 'DER', '-in', file, ...LEGACY_PROVIDER_ARGS, '-passin', `pass:${OPENSSL_PASSWORD}`]);
      expect(read.stderr).toBe('');
      const recovered = forge.pki.privateKeyFromPem(new TextDecoder().decode(read.stdout)) as forge.pki.rsa.PrivateKey;
      expect(privateKeyMatchesCertificate(recovered, signCert)).toBe(true);
    });
  });
});
