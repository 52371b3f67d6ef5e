import { describe, expect, test } from '@jest/globals';
import { BadPaddingError, seedCbcDecrypt, seedCbcEncrypt, seedDecryptBlock, seedEncryptBlock } from './seed.js';
import { fromHex, randomBytes, toHex } from './bytes.js';
import { LEGACY_PROVIDER_ARGS, opensslHasSeed, runOpenssl } from './test-support/openssl.js';

// RFC 4269 Appendix B.
const RFC_VECTORS = [
  { key: '00000000000000000000000000000000', plain: '000102030405060708090a0b0c0d0e0f', cipher: '5ebac6e0054e166819aff1cc6d346cdb' },
  { key: '000102030405060708090a0b0c0d0e0f', plain: '00000000000000000000000000000000', cipher: 'c11f22f20140505084483597e4370f43' },
  { key: '4706480851e61be85d74bfb3fd956185', plain: '83a2f8a288641fb9a4e9a5cc2f131c7d', cipher: 'ee54d13ebcae706d226bc3142cd40d4a' },
  { key: '28dbc3bc49ffd87dcfa509b11d422be7', plain: 'b41e6be2eba84a148e2eed84593c5ec7', cipher: '9b9b7bfcd1813cb95d0b3618f40f5122' },
];

describe('SEED block cipher (RFC 4269 known answers)', () => {
  test.each(RFC_VECTORS)('key $key encrypts and decrypts', ({ key, plain, cipher }) => {
    expect(toHex(seedEncryptBlock(fromHex(key), fromHex(plain)))).toBe(cipher);
    expect(toHex(seedDecryptBlock(fromHex(key), fromHex(cipher)))).toBe(plain);
  });

  test('rejects keys and blocks of the wrong size', () => {
    expect(() => seedEncryptBlock(new Uint8Array(15), new Uint8Array(16))).toThrow(RangeError);
    expect(() => seedEncryptBlock(new Uint8Array(16), new Uint8Array(17))).toThrow(RangeError);
    expect(() => seedCbcEncrypt(new Uint8Array(16), new Uint8Array(8), new Uint8Array(1))).toThrow(RangeError);
  });
});

describe('SEED-CBC with PKCS#7 padding', () => {
  test('round trips every length from 0 to 40 and pads to the next block', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    for (let length = 0; length <= 40; length++) {
      const plain = randomBytes(length);
      const cipher = seedCbcEncrypt(key, iv, plain);
      expect(cipher.length).toBe((Math.floor(length / 16) + 1) * 16);
      expect(toHex(seedCbcDecrypt(key, iv, cipher))).toBe(toHex(plain));
    }
  });

  test('first CBC block equals the block cipher applied to plaintext XOR IV', () => {
    const key = fromHex(RFC_VECTORS[2].key);
    const iv = randomBytes(16);
    const plain = fromHex(RFC_VECTORS[2].plain);
    const xored = plain.map((byte, i) => byte ^ iv[i]);
    expect(toHex(seedCbcEncrypt(key, iv, plain).subarray(0, 16))).toBe(toHex(seedEncryptBlock(key, xored)));
  });

  test('bad lengths and bad padding throw BadPaddingError', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    expect(() => seedCbcDecrypt(key, iv, new Uint8Array(0))).toThrow(BadPaddingError);
    expect(() => seedCbcDecrypt(key, iv, new Uint8Array(17))).toThrow(BadPaddingError);
    // A last block whose plaintext ends in 0x00 is never valid PKCS#7.
    const zeroPadded = seedCbcEncrypt(key, iv, new Uint8Array(16)).subarray(0, 16);
    expect(() => seedCbcDecrypt(key, iv, zeroPadded)).toThrow(BadPaddingError);
    // Pad bytes that disagree (…, 0x01, 0x02) are rejected too.
    const mixed = seedCbcEncrypt(key, iv, Uint8Array.from([...new Uint8Array(14), 1, 2])).subarray(0, 16);
    expect(() => seedCbcDecrypt(key, iv, mixed)).toThrow(BadPaddingError);
  });
});

const hasSeed = opensslHasSeed();
if (!hasSeed) {
  console.warn('SKIPPED: OpenSSL SEED cross-check — `openssl enc -seed-cbc` with the legacy provider is unavailable here.');
}
const crossCheck = hasSeed ? test : test.skip;

describe('SEED-CBC matches OpenSSL byte for byte', () => {
  crossCheck('random keys, IVs and lengths (incl. 0 and multiples of 16), both directions', () => {
    for (const length of [0, 1, 15, 16, 17, 32, 100, 4096, 4099]) {
      const key = randomBytes(16);
      const iv = randomBytes(16);
      const plain = randomBytes(length);
      const opensslArgs = ['-K', toHex(key), '-iv', toHex(iv), ...LEGACY_PROVIDER_ARGS];
      const ours = seedCbcEncrypt(key, iv, plain);
      const theirs = runOpenssl(['enc', '-seed-cbc', ...opensslArgs], plain);
      expect(toHex(ours)).toBe(toHex(theirs));
      expect(toHex(seedCbcDecrypt(key, iv, theirs))).toBe(toHex(plain));
      expect(toHex(runOpenssl(['enc', '-d', '-seed-cbc', ...opensslArgs], ours))).toBe(toHex(plain));
    }
  });
});
