import { zipSync } from 'fflate';
import { generateFixtures } from '../cert-core/fixtures/generate.js';
import { mayHoldPrivateKey } from './private-files.js';

const set = generateFixtures();
const files = set.fixtures['valid-yessign'].files;
const keyBytes = files.find((f) => f.name.endsWith('signPri.key'))!.bytes;
const certBytes = files.find((f) => f.name.endsWith('signCert.der'))!.bytes;
const text = (value: string) => new TextEncoder().encode(value);

describe('mayHoldPrivateKey (decided before an upload is stored)', () => {
  test('a key by its name, whatever the bytes', () => {
    for (const name of ['signPri.key', 'NPKI/yessign/USER/cn=x/signPri.key', 'kmPri.key', 'export.pfx', 'backup.P12']) {
      expect({ name, kept: mayHoldPrivateKey({ name, bytes: text('anything') }) }).toEqual({ name, kept: true });
    }
  });

  test('a key under an innocent name, by its content', () => {
    expect(mayHoldPrivateKey({ name: 'photo.der', bytes: keyBytes })).toBe(true);
    expect(mayHoldPrivateKey({ name: 'notes.txt', bytes: text('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n') })).toBe(true);
    expect(mayHoldPrivateKey({ name: 'notes.txt', bytes: text('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n') })).toBe(
      true,
    );
  });

  test('every zip, since its entries could hide a key under any name', () => {
    expect(mayHoldPrivateKey({ name: 'npki.zip', bytes: zipSync({ 'signCert.der': certBytes }) })).toBe(true);
    expect(mayHoldPrivateKey({ name: 'cert.der', bytes: zipSync({ 'a/signPri.key': keyBytes }) })).toBe(true);
  });

  test('a certificate, a picture and plain text go to shared storage', () => {
    expect(mayHoldPrivateKey({ name: 'signCert.der', bytes: certBytes })).toBe(false);
    expect(mayHoldPrivateKey({ name: 'screen.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]) })).toBe(false);
    expect(mayHoldPrivateKey({ name: 'error.txt', bytes: text('인증서 오류 화면') })).toBe(false);
  });
});
