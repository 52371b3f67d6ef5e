import { beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { fromHex, toBinaryString, toHex } from './bytes.js';
import { decryptPrivateKey, encryptPrivateKey, privateKeyMatchesCertificate } from './private-key.js';
import { readPkcs12, writePkcs12 } from './pkcs12.js';
import { LEGACY_PROVIDER_ARGS, PYPINKSIGN_DIR, opensslHasSeed, runOpenssl, tryOpenssl, withTempDir } from './test-support/openssl.js';

const PASSWORD = 'WTuA8Ev0lWXVFSiI!';
const pfx = new Uint8Array(readFileSync(join(PYPINKSIGN_DIR, 'cert.pfx')));
const signCertDer = new Uint8Array(readFileSync(join(PYPINKSIGN_DIR, 'signCert.der')));
const signPriKey = new Uint8Array(readFileSync(join(PYPINKSIGN_DIR, 'signPri.key')));
const signCert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(toBinaryString(signCertDer)));
const RANDOM_NUM = '7858b4328390805129f01c97fe6ca4a520cbd479';

function readOrFail(bytes: Uint8Array, password: string) {
  const result = readPkcs12(bytes, password);
  if (!result.ok) throw new Error(`expected success, got ${result.reason}: ${result.detail}`);
  return result;
}

describe('PyPinkSign cert.pfx (real-format interop vector)', () => {
  test('reads the certificate, the key and the randomNum from the 3DES key bag', () => {
    const result = readOrFail(pfx, PASSWORD);
    expect(result.encryption).toBe('PKCS12-SHA1-3DES-CBC');
    expect(result.certificateDers.map(toHex)).toEqual([toHex(signCertDer)]);
    expect(result.certificates).toHaveLength(1);
    expect(result.certificates[0].serialNumber).toBe('459c75');
    expect(result.privateKey && privateKeyMatchesCertificate(result.privateKey, signCert)).toBe(true);
    expect(result.randomNum && toHex(result.randomNum)).toBe(RANDOM_NUM);
  });

  test('accepts BER indefinite lengths (as in Windows exports)', () => {
    // Outer SEQUENCE 30 82 0b ca … rewritten as 30 80 … 00 00.
    const ber = new Uint8Array(pfx.length);
    ber.set([0x30, 0x80]);
    ber.set(pfx.subarray(4), 2);
    expect(readOrFail(ber, PASSWORD).randomNum).not.toBeNull();
  });

  test('wrong password → WRONG_PASSWORD (MAC mismatch)', () => {
    expect(readPkcs12(pfx, 'wrong')).toMatchObject({ ok: false, reason: 'WRONG_PASSWORD' });
    expect(readPkcs12(pfx, '')).toMatchObject({ ok: false, reason: 'WRONG_PASSWORD' });
  });

  test('a modified file fails the MAC check', () => {
    const tampered = pfx.slice();
    tampered[200] ^= 0x01; // inside the certificate bytes, covered by the MAC
    expect(readPkcs12(tampered, PASSWORD)).toMatchObject({ ok: false, reason: 'WRONG_PASSWORD' });
  });

  test('truncated, foreign and empty inputs are classified, never thrown', () => {
    for (const cut of [1, 4, 30, 1000, pfx.length - 1]) {
      expect(readPkcs12(pfx.subarray(0, cut), PASSWORD)).toMatchObject({ ok: false, reason: 'DAMAGED_FILE' });
    }
    expect(readPkcs12(signPriKey, PASSWORD)).toMatchObject({ ok: false, reason: 'NOT_A_KEY' });
    expect(readPkcs12(signCertDer, PASSWORD)).toMatchObject({ ok: false, reason: 'NOT_A_KEY' });
    expect(readPkcs12(new TextEncoder().encode('-----BEGIN CERTIFICATE-----'), PASSWORD)).toMatchObject({ ok: false, reason: 'NOT_A_KEY' });
    expect(readPkcs12(new Uint8Array(0), PASSWORD)).toMatchObject({ ok: false, reason: 'DAMAGED_FILE' });
  });
});

describe('writePkcs12 round trips through readPkcs12', () => {
  const privateKey = (() => {
    const result = decryptPrivateKey(signPriKey, PASSWORD);
    if (!result.ok) throw new Error(result.detail);
    return result.privateKey;
  })();

  test.each([
    { legacy: true, expected: 'PKCS12-SHA1-3DES-CBC' },
    { legacy: false, expected: 'PBES2-HMAC-SHA256-AES-256-CBC' },
  ])('legacy=$legacy', ({ legacy, expected }) => {
    const password = '새-비밀번호-1!';
    const bytes = writePkcs12(privateKey, signCert, password, { legacy, randomNum: fromHex(RANDOM_NUM), iterations: 100 });
    const result = readOrFail(bytes, password);
    expect(result.encryption).toBe(expected);
    expect(result.certificateDers.map(toHex)).toEqual([toHex(signCertDer)]);
    expect(result.privateKey && privateKeyMatchesCertificate(result.privateKey, signCert)).toBe(true);
    expect(result.randomNum && toHex(result.randomNum)).toBe(RANDOM_NUM);
    expect(readPkcs12(bytes, '새-비밀번호-2!')).toMatchObject({ ok: false, reason: 'WRONG_PASSWORD' });
  });

  test('a key encrypted for PKCS#8 use is unaffected by the PFX writer (sanity)', () => {
    const der = encryptPrivateKey(privateKey, 'x', 'PKCS12-SHA1-3DES-CBC', { iterations: 10 });
    expect(decryptPrivateKey(der, 'x').ok).toBe(true);
  });
});

const hasLegacy = opensslHasSeed();
if (!hasLegacy) {
  console.warn('SKIPPED: OpenSSL PKCS#12 cross-checks — OpenSSL with the legacy provider (RC2-40) is unavailable here.');
}
const describeCrossCheck = hasLegacy ? describe : describe.skip;

describeCrossCheck('PKCS#12 interoperability with OpenSSL', () => {
  const P12_PASSWORD = 'Interop-Pass!42';
  let keyPem = '';
  let certPem = '';
  let certificate: forge.pki.Certificate;

  beforeAll(() => {
    withTempDir((dir) => {
      runOpenssl([
        'req',
        '-x509',
        '-newkey',
        'rsa:1024',
        '-nodes',
        '-subj',
        '/CN=cert-core test',
        '-days',
        '2',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]);
      keyPem = readFileSync(join(dir, 'key.pem'), 'utf8');
      certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    });
    certificate = forge.pki.certificateFromPem(certPem);
  });

  function opensslExport(extraArgs: string[]): Uint8Array {
    return withTempDir((dir) => {
      writeFileSync(join(dir, 'key.pem'), keyPem);
      writeFileSync(join(dir, 'cert.pem'), certPem);
      const out = join(dir, 'out.p12');
      const made = tryOpenssl([
        'pkcs12',
        '-export',
        ...extraArgs,
        ...LEGACY_PROVIDER_ARGS,
        '-inkey',
        join(dir, 'key.pem'),
        '-in',
        join(dir, 'cert.pem'),
        '-out',
        out,
        '-passout',
        `pass:${P12_PASSWORD}`,
      ]);
      expect(made.stderr).toBe('');
      return new Uint8Array(readFileSync(out));
    });
  }

  test.each([
    { name: 'OpenSSL 3 default (AES-256, SHA-256 MAC)', args: [], expected: 'PBES2-HMAC-SHA256-AES-256-CBC' },
    { name: '-legacy (3DES key, RC2-40 certs)', args: ['-legacy'], expected: 'PKCS12-SHA1-3DES-CBC' },
    { name: '-nomac (wrong password found by decryption)', args: ['-nomac'], expected: 'PBES2-HMAC-SHA256-AES-256-CBC' },
  ])('reads `openssl pkcs12 -export` $name', ({ args, expected }) => {
    const bytes = opensslExport(args);
    const result = readOrFail(bytes, P12_PASSWORD);
    expect(result.encryption).toBe(expected);
    expect(result.certificates).toHaveLength(1);
    expect(result.certificates[0].subject.getField('CN').value).toBe('cert-core test');
    expect(result.privateKey && privateKeyMatchesCertificate(result.privateKey, certificate)).toBe(true);
    expect(result.randomNum).toBeNull();
    expect(readPkcs12(bytes, 'not-it')).toMatchObject({ ok: false, reason: 'WRONG_PASSWORD' });
  });

  test.each([true, false])('OpenSSL reads our writePkcs12 output (legacy=%s)', (legacy) => {
    const privateKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
    const bytes = writePkcs12(privateKey, certificate, P12_PASSWORD, { legacy, randomNum: fromHex(RANDOM_NUM) });
    withTempDir((dir) => {
      const file = join(dir, 'ours.p12');
      writeFileSync(file, bytes);
      const read = tryOpenssl(['pkcs12', '-in', file, '-nodes', ...LEGACY_PROVIDER_ARGS, '-passin', `pass:${P12_PASSWORD}`]);
      expect(read.stderr).toBe('');
      const text = new TextDecoder().decode(read.stdout);
      const keyBlock = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(text)?.[0] ?? '';
      const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0] ?? '';
      const recoveredKey = forge.pki.privateKeyFromPem(keyBlock) as forge.pki.rsa.PrivateKey;
      expect(privateKeyMatchesCertificate(recoveredKey, certificate)).toBe(true);
      expect(forge.pki.certificateFromPem(certificateBlock).subject.getField('CN').value).toBe('cert-core test');
      // OpenSSL itself rejects a wrong password for our file (MAC verified by OpenSSL).
      const wrong = tryOpenssl(['pkcs12', '-in', file, '-nodes', ...LEGACY_PROVIDER_ARGS, '-passin', 'pass:not-it']);
      expect(wrong.ok).toBe(false);
      expect(wrong.stderr).toMatch(/mac verify/i);
    });
  });
});
