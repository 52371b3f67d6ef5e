// End-to-end interop: files made by OpenSSL (the way other tools and banks' exports make them) go
// through inspect. Key- and PFX-level cross-checks live in crypto/*.test.ts; this checks the whole path.
import { describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { LEGACY_PROVIDER_ARGS, opensslHasSeed, tryOpenssl, withTempDir } from './crypto/test-support/openssl.js';
import { generateFixtures } from './fixtures/generate.js';
import { inspect, type InputFile } from './index.js';

const { now, password, material } = generateFixtures();
const hasLegacy = opensslHasSeed();
if (!hasLegacy) console.warn('SKIPPED: OpenSSL interop for inspect — the OpenSSL legacy provider (SEED, RC2) is unavailable here.');
const withLegacy = hasLegacy ? test : test.skip;

/** Runs openssl in a temp dir holding key.pem and cert.pem; returns the bytes it wrote to out.bin. */
function opensslMake(args: (dir: string) => string[]): Uint8Array {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'key.pem'), forge.pki.privateKeyToPem(material.userPrivateKey));
    writeFileSync(
      join(dir, 'cert.pem'),
      forge.pki.certificateToPem(forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.binary.raw.encode(material.userCertificateDer)))),
    );
    const result = tryOpenssl(args(dir));
    if (!result.ok) throw new Error(`openssl failed: ${result.stderr}`);
    return new Uint8Array(readFileSync(join(dir, 'out.bin')));
  });
}

const folder = 'NPKI/yessign/USER/cn=홍길동()0001234567890123456,ou=personal4IB,o=yessign,c=kr';

describe('inspect reads files made by OpenSSL', () => {
  withLegacy.each([
    ['hmacWithSHA1', 'PBES2-HMAC-SHA1-SEED-CBC'],
    ['hmacWithSHA256', 'PBES2-HMAC-SHA256-SEED-CBC'],
  ])('signPri.key from `openssl pkcs8 -topk8 -v2 seed -v2prf %s`', (prf, encryption) => {
    const key = opensslMake((dir) => [
      'pkcs8',
      '-topk8',
      '-in',
      join(dir, 'key.pem'),
      '-outform',
      'DER',
      '-v2',
      'seed',
      '-v2prf',
      prf,
      '-iter',
      '2048',
      '-passout',
      `pass:${password}`,
      '-out',
      join(dir, 'out.bin'),
      ...LEGACY_PROVIDER_ARGS,
    ]);
    const files: InputFile[] = [
      { name: `${folder}/signCert.der`, bytes: material.userCertificateDer },
      { name: `${folder}/signPri.key`, bytes: key },
    ];
    const report = inspect(files, { now, password });
    expect(report.problems).toEqual([]);
    expect(report.privateKey).toEqual({ present: true, encryption, decrypted: true, matchesCertificate: true, hasRandomNum: false });
    expect(inspect(files, { now, password: 'wrong' }).problems.map((p) => p.code)).toEqual(['WRONG_PASSWORD']);
  });

  test('a PFX from `openssl pkcs12 -export` (OpenSSL 3 default: PBES2/AES-256)', () => {
    const pfx = opensslMake((dir) => [
      'pkcs12',
      '-export',
      '-inkey',
      join(dir, 'key.pem'),
      '-in',
      join(dir, 'cert.pem'),
      '-passout',
      `pass:${password}`,
      '-out',
      join(dir, 'out.bin'),
    ]);
    const report = inspect([{ name: 'backup.pfx', bytes: pfx }], { now, password });
    expect(report.problems).toEqual([]);
    expect(report.certificate?.owner).toBe('홍길동');
    expect(report.privateKey).toMatchObject({ present: true, decrypted: true, matchesCertificate: true });
  });

  withLegacy('a PFX from `openssl pkcs12 -export -legacy` (3DES key bag, RC2 certificates)', () => {
    const pfx = opensslMake((dir) => [
      'pkcs12',
      '-export',
      '-legacy',
      '-inkey',
      join(dir, 'key.pem'),
      '-in',
      join(dir, 'cert.pem'),
      '-passout',
      `pass:${password}`,
      '-out',
      join(dir, 'out.bin'),
      ...LEGACY_PROVIDER_ARGS,
    ]);
    const report = inspect([{ name: 'backup.p12', bytes: pfx }], { now, password });
    expect(report.problems).toEqual([]);
    expect(report.privateKey).toMatchObject({ present: true, decrypted: true, matchesCertificate: true });
    expect(inspect([{ name: 'backup.p12', bytes: pfx }], { now, password: 'wrong' }).problems.map((p) => p.code)).toEqual(['WRONG_PASSWORD']);
  });
});
