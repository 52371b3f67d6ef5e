/**
 * PKCS#8 EncryptedPrivateKeyInfo (NPKI signPri.key / kmPri.key): describe,
 * decrypt, encrypt, and match against a certificate.
 *
 * A wrong password is never reported as success: the plaintext must have
 * valid PKCS#7 padding AND parse as a PKCS#8 PrivateKeyInfo holding an RSA key
 * whose modulus equals p·q. Padding alone lets roughly 1 in 256 wrong
 * passwords through. No public function throws, whatever the input bytes.
 */
import forge from 'node-forge';
import { fromBinaryString } from './bytes.js';
import {
  type Asn1,
  DamagedError,
  UnsupportedError,
  asn1Type,
  bitString,
  children,
  contextTag,
  encodeDer,
  findContext,
  octets,
  oid,
  parseDer,
  rawNode,
  readOctets,
  readOid,
  seq,
  set,
} from './der.js';
import { OID } from './oids.js';
import { type EncryptOptions, type KeyEncryption, type PasswordCipher, parsePasswordCipher, passwordEncrypt } from './pbe.js';

export type { KeyEncryption } from './pbe.js';
export type KeyReadFailure = 'WRONG_PASSWORD' | 'UNSUPPORTED_ENCRYPTION' | 'DAMAGED_FILE' | 'NOT_A_KEY';

export type DescribeKeyResult =
  { ok: true; encryption: KeyEncryption; iterations: number } | { ok: false; reason: 'UNSUPPORTED_ENCRYPTION' | 'DAMAGED_FILE' | 'NOT_A_KEY'; detail: string };

export type DecryptKeyResult =
  | { ok: true; encryption: KeyEncryption; privateKey: forge.pki.rsa.PrivateKey; randomNum: Uint8Array | null }
  | { ok: false; encryption: KeyEncryption | null; reason: KeyReadFailure; detail: string };

/** The bytes are some other kind of file (a certificate, text, an unencrypted key…). */
export class NotAKeyError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'NotAKeyError';
  }
}

/** Maps an internal error to a public failure reason; unknown errors count as damage. */
export function classifyError(error: unknown): { reason: 'UNSUPPORTED_ENCRYPTION' | 'DAMAGED_FILE' | 'NOT_A_KEY'; detail: string } {
  if (error instanceof UnsupportedError) return { reason: 'UNSUPPORTED_ENCRYPTION', detail: error.message };
  if (error instanceof NotAKeyError) return { reason: 'NOT_A_KEY', detail: error.message };
  if (error instanceof DamagedError) return { reason: 'DAMAGED_FILE', detail: error.message };
  return { reason: 'DAMAGED_FILE', detail: 'the file could not be read (unexpected structure)' };
}

function looksLikePlainPrivateKeyInfo(fields: Asn1[]): boolean {
  return fields.length >= 3 && fields[0].type === asn1Type.INTEGER && fields[2].type === asn1Type.OCTETSTRING;
}

/** Splits an EncryptedPrivateKeyInfo node into its cipher and ciphertext. */
export function readEncryptedKeyInfo(node: Asn1): { cipher: PasswordCipher; ciphertext: Uint8Array } {
  const fields = Array.isArray(node.value) && node.type === asn1Type.SEQUENCE ? node.value : [];
  if (looksLikePlainPrivateKeyInfo(fields)) {
    throw new NotAKeyError('this is an unencrypted PKCS#8 private key, not a password-protected one');
  }
  const algorithmFields = Array.isArray(fields[0]?.value) ? fields[0].value : [];
  if (fields.length !== 2 || fields[0].type !== asn1Type.SEQUENCE || algorithmFields[0]?.type !== asn1Type.OID) {
    throw new NotAKeyError('not a PKCS#8 EncryptedPrivateKeyInfo (expected SEQUENCE { AlgorithmIdentifier, OCTET STRING })');
  }
  if (fields[1].type !== asn1Type.OCTETSTRING) {
    throw new DamagedError('EncryptedPrivateKeyInfo: the encrypted data is not an OCTET STRING');
  }
  const cipher = parsePasswordCipher(fields[0]);
  return { cipher, ciphertext: readOctets(fields[1], 'encrypted key data') };
}

function parseEncryptedKeyDer(der: Uint8Array): { cipher: PasswordCipher; ciphertext: Uint8Array } {
  let node: Asn1;
  try {
    node = parseDer(der, 'private key file');
  } catch (error) {
    // A DER file starts with SEQUENCE (0x30); anything else is some other kind of file.
    if (der.length > 0 && der[0] !== 0x30) throw new NotAKeyError('not a DER-encoded key file (does not start with a SEQUENCE)');
    throw error;
  }
  return readEncryptedKeyInfo(node);
}

/** Reads the encryption scheme and iteration count without a password. Never throws. */
export function describeEncryptedKey(der: Uint8Array): DescribeKeyResult {
  try {
    const { cipher } = parseEncryptedKeyDer(der);
    return { ok: true, encryption: cipher.scheme, iterations: cipher.iterations };
  } catch (error) {
    return { ok: false, ...classifyError(error) };
  }
}

/**
 * Parses a decrypted PrivateKeyInfo. Returns null when it is not a well-formed
 * RSA PrivateKeyInfo (which, right after decryption, means: wrong password).
 * @throws UnsupportedError when it is a valid PrivateKeyInfo for a non-RSA key.
 */
export function parsePrivateKeyInfo(plain: Uint8Array): { privateKey: forge.pki.rsa.PrivateKey; randomNum: Uint8Array | null } | null {
  let fields: Asn1[];
  let algorithmOid: string;
  let rsaKeyNode: Asn1;
  try {
    fields = children(parseDer(plain, 'PrivateKeyInfo'), 'PrivateKeyInfo', 3);
    if (fields[0].type !== asn1Type.INTEGER) return null;
    algorithmOid = readOid(children(fields[1], 'private key algorithm', 1)[0], 'private key algorithm');
    rsaKeyNode = parseDer(readOctets(fields[2], 'private key'), 'RSAPrivateKey');
  } catch {
    return null;
  }
  if (algorithmOid !== OID.rsaEncryption) {
    throw new UnsupportedError(`the private key algorithm ${algorithmOid} is not RSA (only RSA keys are supported)`);
  }
  let privateKey: forge.pki.rsa.PrivateKey;
  try {
    privateKey = forge.pki.privateKeyFromAsn1(rsaKeyNode) as forge.pki.rsa.PrivateKey;
  } catch {
    return null;
  }
  if (!privateKey.n || privateKey.n.signum() <= 0 || !privateKey.p.multiply(privateKey.q).equals(privateKey.n)) return null;
  return { privateKey, randomNum: readRandomNum(fields) };
}

/** NPKI randomNum (OID 1.2.410.200004.10.1.1.3, BIT STRING) from the [0] attributes, if any. */
function readRandomNum(privateKeyInfoFields: Asn1[]): Uint8Array | null {
  const attributes = findContext(privateKeyInfoFields.slice(3), 0);
  if (!attributes || !Array.isArray(attributes.value)) return null;
  for (const attribute of attributes.value) {
    try {
      const [typeNode, valuesNode] = children(attribute, 'attribute', 2);
      if (readOid(typeNode, 'attribute type') !== OID.npkiRandomNum) continue;
      const value = children(valuesNode, 'attribute values', 1)[0];
      if (value.type !== asn1Type.BITSTRING || typeof value.value !== 'string' || value.value.length < 1) return null;
      // First content byte is the count of unused bits; randomNum is whole bytes.
      return fromBinaryString(value.value.slice(1));
    } catch {
      return null;
    }
  }
  return null;
}

/** Decrypts a PKCS#8 EncryptedPrivateKeyInfo with the password. Never throws. */
export function decryptPrivateKey(der: Uint8Array, password: string): DecryptKeyResult {
  let encryption: KeyEncryption | null = null;
  try {
    const { cipher, ciphertext } = parseEncryptedKeyDer(der);
    encryption = cipher.scheme;
    return decryptWithCipher(cipher, ciphertext, password);
  } catch (error) {
    return { ok: false, encryption, ...classifyError(error) };
  }
}

export function decryptWithCipher(cipher: PasswordCipher, ciphertext: Uint8Array, password: string): DecryptKeyResult {
  const wrongPassword = {
    ok: false as const,
    encryption: cipher.scheme,
    reason: 'WRONG_PASSWORD' as const,
    detail: 'the password does not decrypt this key',
  };
  const plain = cipher.decrypt(password, ciphertext);
  if (plain === null) return wrongPassword;
  const parsed = parsePrivateKeyInfo(plain);
  if (parsed === null) return wrongPassword;
  return { ok: true, encryption: cipher.scheme, ...parsed };
}

/** DER of a PKCS#8 PrivateKeyInfo, with the NPKI randomNum attribute when given. */
export function encodePrivateKeyInfo(privateKey: forge.pki.rsa.PrivateKey, randomNum?: Uint8Array): Uint8Array {
  const rsaPrivateKeyDer = encodeDer(forge.pki.privateKeyToAsn1(privateKey));
  const fields = [
    rawNode(Uint8Array.of(0x02, 0x01, 0x00)), // version 0
    seq(oid(OID.rsaEncryption), rawNode(Uint8Array.of(0x05, 0x00))),
    octets(rsaPrivateKeyDer),
  ];
  if (randomNum) {
    fields.push(contextTag(0, true, [seq(oid(OID.npkiRandomNum), set(bitString(randomNum)))]));
  }
  return encodeDer(seq(...fields));
}

/**
 * Encrypts an RSA key as PKCS#8 EncryptedPrivateKeyInfo (DER). For fixtures
 * and tests; throws RangeError for an unknown scheme or bad options.
 */
export function encryptPrivateKey(
  privateKey: forge.pki.rsa.PrivateKey,
  password: string,
  scheme: KeyEncryption,
  options: EncryptOptions & { randomNum?: Uint8Array } = {},
): Uint8Array {
  const plain = encodePrivateKeyInfo(privateKey, options.randomNum);
  const { algorithm, ciphertext } = passwordEncrypt(scheme, password, plain, options);
  return encodeDer(seq(algorithm, octets(ciphertext)));
}

/** True when the certificate's RSA public key (modulus and exponent) belongs to the private key. */
export function privateKeyMatchesCertificate(privateKey: forge.pki.rsa.PrivateKey, certificate: forge.pki.Certificate): boolean {
  try {
    const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
    return Boolean(publicKey?.n && publicKey.e && publicKey.n.equals(privateKey.n) && publicKey.e.equals(privateKey.e));
  } catch {
    return false;
  }
}
