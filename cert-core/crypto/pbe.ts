// Over ~250 lines on purpose: the three password-based schemes share their parameter parsing, KDFs and
// CBC ciphers, and reading and writing a scheme must stay side by side to stay inverse.
/**
 * Password-based encryption schemes found in NPKI keys and PKCS#12 files:
 *  - PBES1 with SHA-1 + SEED-CBC (KISA OID 1.2.410.200004.1.15): the classic signPri.key
 *  - PBES2 (PKCS#5 v2): PBKDF2 with HMAC-SHA1/256/512 + SEED/AES/3DES-CBC
 *  - PKCS#12 PBE (RFC 7292 appendix B/C): SHA-1 + 3DES or RC2 (PFX exports)
 *
 * Password bytes: NPKI software feeds the password's bytes to the KDF as they
 * are typed (no normalisation, no terminator). We use the UTF-8 encoding of
 * the string: identical for the ASCII passwords NPKI programs accept, and the
 * same choice OpenSSL makes for PBES2. PKCS#12 PBE is defined on a BMPString
 * (UTF-16BE + two zero bytes), which node-forge's PKCS#12 KDF builds itself.
 */
import forge from 'node-forge';
import { fromBinaryString, randomBytes, toBinaryString, utf8Bytes } from './bytes.js';
import {
  type Asn1,
  DamagedError,
  UnsupportedError,
  algorithmIdentifier,
  children,
  integer,
  nullValue,
  octets,
  readOctets,
  readOid,
  readSmallInteger,
  seq,
} from './der.js';
import { OID } from './oids.js';
import { BadPaddingError, pkcs7UnpaddedLength, seedCbcDecrypt, seedCbcEncrypt } from './seed.js';

type Prf = 'SHA1' | 'SHA256' | 'SHA512';
type Pbes2Cipher = 'SEED-CBC' | 'AES-128-CBC' | 'AES-192-CBC' | 'AES-256-CBC' | '3DES-CBC';
type Pkcs12Cipher = '3DES-CBC' | 'RC2-40-CBC' | 'RC2-128-CBC';

/** Human-readable, stable label of a private-key encryption scheme. */
export type KeyEncryption = 'PBES1-SHA1-SEED-CBC' | `PBES2-HMAC-${Prf}-${Pbes2Cipher}` | `PKCS12-SHA1-${Pkcs12Cipher}`;

/**
 * Upper bound on KDF iterations we are willing to run. Real files use 1–10,000
 * (NPKI: 2048; OpenSSL: 2048; the most paranoid tools: 600,000); a hostile
 * file claiming billions must not freeze the process or the browser tab.
 */
export const MAX_ITERATIONS = 1_000_000;

interface CipherSpec {
  oid: string;
  keyLength: number;
  ivLength: number;
  blockSize: number;
}

const PBES2_CIPHERS: Record<Pbes2Cipher, CipherSpec> = {
  'SEED-CBC': { oid: OID.seedCbc, keyLength: 16, ivLength: 16, blockSize: 16 },
  'AES-128-CBC': { oid: OID.aes128Cbc, keyLength: 16, ivLength: 16, blockSize: 16 },
  'AES-192-CBC': { oid: OID.aes192Cbc, keyLength: 24, ivLength: 16, blockSize: 16 },
  'AES-256-CBC': { oid: OID.aes256Cbc, keyLength: 32, ivLength: 16, blockSize: 16 },
  '3DES-CBC': { oid: OID.desEde3Cbc, keyLength: 24, ivLength: 8, blockSize: 8 },
};

const PRFS: Record<Prf, { oid: string; forgeName: 'sha1' | 'sha256' | 'sha512' }> = {
  SHA1: { oid: OID.hmacWithSha1, forgeName: 'sha1' },
  SHA256: { oid: OID.hmacWithSha256, forgeName: 'sha256' },
  SHA512: { oid: OID.hmacWithSha512, forgeName: 'sha512' },
};

const PKCS12_CIPHERS: Record<Pkcs12Cipher, { oid: string; keyLength: number; rc2Bits?: number }> = {
  '3DES-CBC': { oid: OID.pkcs12PbeSha1TripleDes, keyLength: 24 },
  'RC2-40-CBC': { oid: OID.pkcs12PbeSha1Rc2_40, keyLength: 5, rc2Bits: 40 },
  'RC2-128-CBC': { oid: OID.pkcs12PbeSha1Rc2_128, keyLength: 16, rc2Bits: 128 },
};

/** A parsed AlgorithmIdentifier, ready to decrypt with a password. */
export interface PasswordCipher {
  scheme: KeyEncryption;
  iterations: number;
  /** Plaintext with padding removed, or null when the padding is wrong (wrong password). */
  decrypt(password: string, ciphertext: Uint8Array): Uint8Array | null;
}

function checkIterations(iterations: number, what: string): number {
  if (iterations < 1) throw new DamagedError(`${what}: iteration count ${iterations} is invalid`);
  if (iterations > MAX_ITERATIONS) {
    throw new UnsupportedError(
      `${what}: iteration count ${iterations} exceeds the safety limit of ${MAX_ITERATIONS} (refused so a hostile file cannot hang the program)`,
    );
  }
  return iterations;
}

// --- key derivation ---------------------------------------------------------

function sha1(bytes: string): string {
  return forge.md.sha1.create().update(bytes).digest().getBytes();
}

/**
 * KISA PBES1 (OID 1.2.410.200004.1.15): DK = PBKDF1-SHA1(password, salt, c);
 * key = DK[0..16]; IV = SHA1(DK[16..20])[0..16]. Exported for tests.
 */
export function deriveSeedPbes1KeyAndIv(password: Uint8Array, salt: Uint8Array, iterations: number): { key: Uint8Array; iv: Uint8Array } {
  let digest = sha1(toBinaryString(password) + toBinaryString(salt));
  for (let i = 1; i < iterations; i++) digest = sha1(digest);
  const key = fromBinaryString(digest.slice(0, 16));
  const iv = fromBinaryString(sha1(digest.slice(16, 20)).slice(0, 16));
  return { key, iv };
}

function pbkdf2(password: string, salt: Uint8Array, iterations: number, keyLength: number, prf: Prf): Uint8Array {
  // node-forge takes binary strings; passing the md by name lets it use the
  // platform's native PBKDF2 when there is one.
  const derived = forge.pkcs5.pbkdf2(
    toBinaryString(utf8Bytes(password)),
    toBinaryString(salt),
    iterations,
    keyLength,
    PRFS[prf].forgeName as unknown as forge.md.MessageDigest,
  );
  return fromBinaryString(derived);
}

/** RFC 7292 appendix B KDF; id 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(
  password: string,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  length: number,
  md: forge.md.MessageDigest = forge.md.sha1.create(),
): Uint8Array {
  const derived = forge.pkcs12.generateKey(password, forge.util.createBuffer(toBinaryString(salt)), id, iterations, length, md);
  return fromBinaryString(derived.getBytes());
}

// --- raw CBC ciphers --------------------------------------------------------

type CbcName = 'SEED' | 'AES' | '3DES' | 'RC2';

function cbcDecrypt(name: CbcName, key: Uint8Array, iv: Uint8Array, data: Uint8Array, rc2Bits = 128): Uint8Array | null {
  const blockSize = name === 'SEED' || name === 'AES' ? 16 : 8;
  if (data.length === 0 || data.length % blockSize !== 0) return null;
  if (name === 'SEED') {
    try {
      return seedCbcDecrypt(key, iv, data);
    } catch (error) {
      if (error instanceof BadPaddingError) return null;
      throw error;
    }
  }
  let raw: Uint8Array;
  const input = forge.util.createBuffer(toBinaryString(data));
  const keepPadding = () => true; // we check PKCS#7 ourselves, strictly
  if (name === 'RC2') {
    const cipher = forge.rc2.createDecryptionCipher(toBinaryString(key), rc2Bits);
    cipher.start(toBinaryString(iv));
    cipher.update(input);
    cipher.finish(keepPadding);
    raw = fromBinaryString(cipher.output.getBytes());
  } else {
    const cipher = forge.cipher.createDecipher(name === 'AES' ? 'AES-CBC' : '3DES-CBC', toBinaryString(key));
    cipher.start({ iv: toBinaryString(iv) });
    cipher.update(input);
    (cipher.finish as (pad: () => boolean) => boolean)(keepPadding);
    raw = fromBinaryString(cipher.output.getBytes());
  }
  const length = pkcs7UnpaddedLength(raw, blockSize);
  return length === null ? null : raw.slice(0, length);
}

function cbcEncrypt(name: CbcName, key: Uint8Array, iv: Uint8Array, data: Uint8Array, rc2Bits = 128): Uint8Array {
  if (name === 'SEED') return seedCbcEncrypt(key, iv, data);
  const input = forge.util.createBuffer(toBinaryString(data));
  if (name === 'RC2') {
    const cipher = forge.rc2.createEncryptionCipher(toBinaryString(key), rc2Bits);
    cipher.start(toBinaryString(iv));
    cipher.update(input);
    cipher.finish();
    return fromBinaryString(cipher.output.getBytes());
  }
  const cipher = forge.cipher.createCipher(name === 'AES' ? 'AES-CBC' : '3DES-CBC', toBinaryString(key));
  cipher.start({ iv: toBinaryString(iv) });
  cipher.update(input);
  cipher.finish();
  return fromBinaryString(cipher.output.getBytes());
}

function cbcNameOf(cipher: Pbes2Cipher): CbcName {
  return cipher === 'SEED-CBC' ? 'SEED' : cipher === '3DES-CBC' ? '3DES' : 'AES';
}

// --- parsing AlgorithmIdentifiers --------------------------------------------

function parseSaltAndIterations(params: Asn1 | undefined, what: string): { salt: Uint8Array; iterations: number } {
  const fields = children(params, `${what} parameters`, 2);
  const salt = readOctets(fields[0], `${what} salt`);
  const iterations = checkIterations(readSmallInteger(fields[1], `${what} iteration count`), what);
  return { salt, iterations };
}

function parsePbes2(params: Asn1 | undefined): PasswordCipher {
  const [kdf, encryption] = children(params, 'PBES2 parameters', 2);
  const kdfFields = children(kdf, 'PBES2 key derivation function', 1);
  const kdfOid = readOid(kdfFields[0], 'PBES2 key derivation function');
  if (kdfOid !== OID.pbkdf2) throw new UnsupportedError(`PBES2 key derivation function ${kdfOid} is not supported (only PBKDF2)`);
  const pbkdf2Fields = children(kdfFields[1], 'PBKDF2 parameters', 2);
  if (pbkdf2Fields[0]?.type !== forge.asn1.Type.OCTETSTRING) {
    throw new UnsupportedError('PBKDF2 salt from "otherSource" is not supported');
  }
  const salt = readOctets(pbkdf2Fields[0], 'PBKDF2 salt');
  const iterations = checkIterations(readSmallInteger(pbkdf2Fields[1], 'PBKDF2 iteration count'), 'PBKDF2');
  let declaredKeyLength: number | null = null;
  let prf: Prf = 'SHA1'; // DEFAULT algid-hmacWithSHA1
  for (const optional of pbkdf2Fields.slice(2)) {
    if (optional.type === forge.asn1.Type.INTEGER) {
      declaredKeyLength = readSmallInteger(optional, 'PBKDF2 key length');
    } else {
      const prfOid = readOid(children(optional, 'PBKDF2 PRF', 1)[0], 'PBKDF2 PRF');
      const known = (Object.keys(PRFS) as Prf[]).find((name) => PRFS[name].oid === prfOid);
      if (!known) throw new UnsupportedError(`PBKDF2 PRF ${prfOid} is not supported`);
      prf = known;
    }
  }

  const encryptionFields = children(encryption, 'PBES2 encryption scheme', 1);
  const cipherOid = readOid(encryptionFields[0], 'PBES2 encryption scheme');
  const cipherName = (Object.keys(PBES2_CIPHERS) as Pbes2Cipher[]).find((name) => PBES2_CIPHERS[name].oid === cipherOid);
  if (!cipherName) throw new UnsupportedError(`PBES2 encryption scheme ${cipherOid} is not supported`);
  const spec = PBES2_CIPHERS[cipherName];
  const iv = readOctets(encryptionFields[1], `${cipherName} IV`);
  if (iv.length !== spec.ivLength) throw new DamagedError(`${cipherName} IV is ${iv.length} bytes, expected ${spec.ivLength}`);
  if (declaredKeyLength !== null && declaredKeyLength !== spec.keyLength) {
    throw new DamagedError(`PBKDF2 key length ${declaredKeyLength} does not fit ${cipherName}`);
  }
  return {
    scheme: `PBES2-HMAC-${prf}-${cipherName}`,
    iterations,
    decrypt(password, ciphertext) {
      const key = pbkdf2(password, salt, iterations, spec.keyLength, prf);
      return cbcDecrypt(cbcNameOf(cipherName), key, iv, ciphertext);
    },
  };
}

function parsePkcs12Pbe(cipherName: Pkcs12Cipher, params: Asn1 | undefined): PasswordCipher {
  const { salt, iterations } = parseSaltAndIterations(params, `PKCS#12 PBE (${cipherName})`);
  const spec = PKCS12_CIPHERS[cipherName];
  return {
    scheme: `PKCS12-SHA1-${cipherName}`,
    iterations,
    decrypt(password, ciphertext) {
      const key = pkcs12Kdf(password, salt, 1, iterations, spec.keyLength);
      const iv = pkcs12Kdf(password, salt, 2, iterations, 8);
      return cbcDecrypt(spec.rc2Bits ? 'RC2' : '3DES', key, iv, ciphertext, spec.rc2Bits);
    },
  };
}

/**
 * Reads an AlgorithmIdentifier of a password-based encryption scheme.
 * @throws UnsupportedError (unknown OID in the message) or DamagedError.
 */
export function parsePasswordCipher(algorithm: Asn1 | undefined): PasswordCipher {
  const fields = children(algorithm, 'encryption algorithm', 1);
  const algorithmOid = readOid(fields[0], 'encryption algorithm');
  switch (algorithmOid) {
    case OID.pbeWithSha1AndSeedCbc: {
      const { salt, iterations } = parseSaltAndIterations(fields[1], 'PBES1 SEED');
      return {
        scheme: 'PBES1-SHA1-SEED-CBC',
        iterations,
        decrypt(password, ciphertext) {
          const { key, iv } = deriveSeedPbes1KeyAndIv(utf8Bytes(password), salt, iterations);
          return cbcDecrypt('SEED', key, iv, ciphertext);
        },
      };
    }
    case OID.pbes2:
      return parsePbes2(fields[1]);
    case OID.pkcs12PbeSha1TripleDes:
      return parsePkcs12Pbe('3DES-CBC', fields[1]);
    case OID.pkcs12PbeSha1Rc2_40:
      return parsePkcs12Pbe('RC2-40-CBC', fields[1]);
    case OID.pkcs12PbeSha1Rc2_128:
      return parsePkcs12Pbe('RC2-128-CBC', fields[1]);
    case OID.seedCbc:
      throw new UnsupportedError(`bare seedCBC (${OID.seedCbc}) without PBES2 wrapping is not supported: no verified sample of its key derivation`);
    default:
      throw new UnsupportedError(`encryption algorithm ${algorithmOid} is not supported`);
  }
}

// --- encryption (fixture generation) -----------------------------------------

export interface EncryptOptions {
  iterations?: number;
  salt?: Uint8Array;
  iv?: Uint8Array;
}

export const ALL_KEY_ENCRYPTIONS: readonly KeyEncryption[] = [
  'PBES1-SHA1-SEED-CBC',
  ...(['SHA1', 'SHA256', 'SHA512'] as const).flatMap((prf) =>
    (Object.keys(PBES2_CIPHERS) as Pbes2Cipher[]).map((cipher) => `PBES2-HMAC-${prf}-${cipher}` as const),
  ),
  'PKCS12-SHA1-3DES-CBC',
  'PKCS12-SHA1-RC2-40-CBC',
  'PKCS12-SHA1-RC2-128-CBC',
];

export function isKeyEncryption(value: string): value is KeyEncryption {
  return (ALL_KEY_ENCRYPTIONS as readonly string[]).includes(value);
}

/** Encrypts with the scheme; returns the AlgorithmIdentifier to store beside the ciphertext. */
export function passwordEncrypt(
  scheme: KeyEncryption,
  password: string,
  plaintext: Uint8Array,
  options: EncryptOptions = {},
): { algorithm: Asn1; ciphertext: Uint8Array } {
  if (!isKeyEncryption(scheme)) throw new RangeError(`unknown key encryption scheme ${String(scheme)}`);
  const iterations = options.iterations ?? 2048;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new RangeError(`iterations must be an integer from 1 to ${MAX_ITERATIONS}`);
  }

  if (scheme === 'PBES1-SHA1-SEED-CBC') {
    const salt = options.salt ?? randomBytes(8);
    const { key, iv } = deriveSeedPbes1KeyAndIv(utf8Bytes(password), salt, iterations);
    return {
      algorithm: algorithmIdentifier(OID.pbeWithSha1AndSeedCbc, seq(octets(salt), integer(iterations))),
      ciphertext: cbcEncrypt('SEED', key, iv, plaintext),
    };
  }

  if (scheme.startsWith('PKCS12-')) {
    const cipherName = scheme.slice('PKCS12-SHA1-'.length) as Pkcs12Cipher;
    const spec = PKCS12_CIPHERS[cipherName];
    const salt = options.salt ?? randomBytes(8);
    const key = pkcs12Kdf(password, salt, 1, iterations, spec.keyLength);
    const iv = pkcs12Kdf(password, salt, 2, iterations, 8);
    return {
      algorithm: algorithmIdentifier(spec.oid, seq(octets(salt), integer(iterations))),
      ciphertext: cbcEncrypt(spec.rc2Bits ? 'RC2' : '3DES', key, iv, plaintext, spec.rc2Bits),
    };
  }

  const [, , prfName, ...cipherParts] = scheme.split('-');
  const prf = prfName as Prf;
  const cipherName = cipherParts.join('-') as Pbes2Cipher;
  const spec = PBES2_CIPHERS[cipherName];
  const salt = options.salt ?? randomBytes(16);
  const iv = options.iv ?? randomBytes(spec.ivLength);
  if (iv.length !== spec.ivLength) throw new RangeError(`${cipherName} IV must be ${spec.ivLength} bytes`);
  const key = pbkdf2(password, salt, iterations, spec.keyLength, prf);
  // The optional keyLength is left out (fixed by the cipher), like OpenSSL does;
  // the PRF is written only when it is not the default HMAC-SHA1.
  const pbkdf2Params = [octets(salt), integer(iterations)];
  if (prf !== 'SHA1') pbkdf2Params.push(algorithmIdentifier(PRFS[prf].oid, nullValue()));
  return {
    algorithm: algorithmIdentifier(OID.pbes2, seq(algorithmIdentifier(OID.pbkdf2, seq(...pbkdf2Params)), algorithmIdentifier(spec.oid, octets(iv)))),
    ciphertext: cbcEncrypt(cbcNameOf(cipherName), key, iv, plaintext),
  };
}
