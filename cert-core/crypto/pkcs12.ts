// Over ~250 lines on purpose: reading and writing PKCS#12 stay in one file so that each structure's
// parser and builder are read side by side (see below for why it is written by hand).
/**
 * PKCS#12 (.pfx/.p12) reading and writing, password-integrity mode only.
 *
 * Written on our own ASN.1 layer rather than node-forge's pkcs12 module
 * because forge drops the PKCS#8 attributes of the key bag (NPKI keeps
 * randomNum there, needed for the VID identity check), only supports a
 * SHA-1 MAC when writing, and cannot encrypt certificate bags the way
 * OpenSSL's -legacy mode does (RC2-40). Key-bag decryption reuses the PKCS#8
 * code, so every scheme of private-key.ts works inside a PFX too.
 */
import forge from 'node-forge';
import { bytesEqual, fromBinaryString, randomBytes, toBinaryString } from './bytes.js';
import {
  type Asn1,
  DamagedError,
  UnsupportedError,
  asn1Type,
  children,
  contextTag,
  encodeDer,
  explicitInner,
  findContext,
  integer,
  nullValue,
  octetContent,
  octets,
  oid,
  parseDer,
  rawNode,
  readOctets,
  readOid,
  readSmallInteger,
  seq,
  set,
} from './der.js';
import { OID } from './oids.js';
import { type KeyEncryption, MAX_ITERATIONS, parsePasswordCipher, passwordEncrypt, pkcs12Kdf } from './pbe.js';
import { NotAKeyError, classifyError, decryptWithCipher, encryptPrivateKey, parsePrivateKeyInfo, readEncryptedKeyInfo } from './private-key.js';

export type Pkcs12ReadResult =
  | {
      ok: true;
      /** Scheme of the key bag (a KeyEncryption label), 'UNENCRYPTED' for a plain keyBag, 'NONE' when there is no key. */
      encryption: string;
      /** Certificates node-forge could parse (RSA), in file order. */
      certificates: forge.pki.Certificate[];
      /** Every certificate bag's DER, in file order (including any forge could not parse). */
      certificateDers: Uint8Array[];
      privateKey: forge.pki.rsa.PrivateKey | null;
      randomNum: Uint8Array | null;
    }
  | { ok: false; reason: 'WRONG_PASSWORD' | 'UNSUPPORTED_ENCRYPTION' | 'DAMAGED_FILE' | 'NOT_A_KEY'; detail: string };

class WrongPasswordError extends Error {}

const MAC_DIGESTS: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

function createDigest(name: 'sha1' | 'sha256' | 'sha384' | 'sha512'): forge.md.MessageDigest {
  if (name === 'sha384') return forge.md.sha384.create();
  if (name === 'sha512') return forge.md.sha512.create();
  return name === 'sha256' ? forge.md.sha256.create() : forge.md.sha1.create();
}

/** HMAC over the authSafe content with the RFC 7292 appendix B MAC key (id 3). */
function computeMac(
  password: string,
  digestName: 'sha1' | 'sha256' | 'sha384' | 'sha512',
  salt: Uint8Array,
  iterations: number,
  content: Uint8Array,
): Uint8Array {
  const digestLength = createDigest(digestName).digestLength;
  const key = pkcs12Kdf(password, salt, 3, iterations, digestLength, createDigest(digestName));
  const hmac = forge.hmac.create();
  hmac.start(digestName, toBinaryString(key));
  hmac.update(toBinaryString(content));
  return fromBinaryString(hmac.digest().getBytes());
}

function verifyMac(macData: Asn1, password: string, authSafeContent: Uint8Array): void {
  const [digestInfo, saltNode, iterationsNode] = children(macData, 'MacData', 2);
  const [digestAlgorithm, digestNode] = children(digestInfo, 'MAC DigestInfo', 2);
  const digestOid = readOid(children(digestAlgorithm, 'MAC algorithm', 1)[0], 'MAC algorithm');
  if (digestOid === OID.pbmac1) throw new UnsupportedError(`PBMAC1 integrity protection (${OID.pbmac1}) is not supported`);
  const digestName = MAC_DIGESTS[digestOid];
  if (!digestName) throw new UnsupportedError(`PKCS#12 MAC digest ${digestOid} is not supported`);
  const salt = readOctets(saltNode, 'MAC salt');
  const iterations = iterationsNode ? readSmallInteger(iterationsNode, 'MAC iteration count') : 1;
  if (iterations < 1) throw new DamagedError(`PKCS#12 MAC iteration count ${iterations} is invalid`);
  if (iterations > MAX_ITERATIONS) {
    throw new UnsupportedError(`PKCS#12 MAC iteration count ${iterations} exceeds the safety limit of ${MAX_ITERATIONS}`);
  }
  const expected = readOctets(digestNode, 'MAC value');
  if (!bytesEqual(computeMac(password, digestName, salt, iterations, authSafeContent), expected)) {
    throw new WrongPasswordError('the integrity check (MAC) failed: wrong password, or the file was modified');
  }
}

interface CollectedBags {
  certificateDers: Uint8Array[];
  privateKey: forge.pki.rsa.PrivateKey | null;
  randomNum: Uint8Array | null;
  encryption: string;
}

function decryptEncryptedData(contentInfoValue: Asn1, password: string): Uint8Array {
  const [version, encryptedContentInfo] = children(contentInfoValue, 'EncryptedData', 2);
  readSmallInteger(version, 'EncryptedData version');
  const fields = children(encryptedContentInfo, 'EncryptedContentInfo', 2);
  const cipher = parsePasswordCipher(fields[1]);
  const encryptedContent = findContext(fields.slice(2), 0);
  if (!encryptedContent) return new Uint8Array(0);
  const plain = cipher.decrypt(password, octetContent(encryptedContent, 'encrypted content'));
  if (plain === null) throw new WrongPasswordError('the password does not decrypt the certificate/key container');
  return plain;
}

function collectSafeContents(safeContentsDer: Uint8Array, password: string, bags: CollectedBags, depth: number): void {
  if (depth > 3) throw new DamagedError('PKCS#12 safe contents nested too deeply');
  for (const bag of children(parseDer(safeContentsDer, 'SafeContents'), 'SafeContents')) {
    const [bagIdNode, bagValueNode] = children(bag, 'SafeBag', 2);
    const bagId = readOid(bagIdNode, 'SafeBag type');
    const value = explicitInner(bagValueNode, 'SafeBag value');
    if (bagId === OID.certBag) {
      const [certTypeNode, certValueNode] = children(value, 'CertBag', 2);
      if (readOid(certTypeNode, 'CertBag type') !== OID.x509Certificate) continue; // e.g. SDSI certificates
      bags.certificateDers.push(readOctets(explicitInner(certValueNode, 'CertBag value'), 'certificate'));
    } else if (bagId === OID.pkcs8ShroudedKeyBag && bags.privateKey === null) {
      const { cipher, ciphertext } = readEncryptedKeyInfo(value);
      const result = decryptWithCipher(cipher, ciphertext, password);
      if (!result.ok) throw new WrongPasswordError('the password does not decrypt the private key in this file');
      bags.privateKey = result.privateKey;
      bags.randomNum = result.randomNum;
      bags.encryption = result.encryption;
    } else if (bagId === OID.keyBag && bags.privateKey === null) {
      const parsed = parsePrivateKeyInfo(encodeDer(value));
      if (!parsed) throw new DamagedError('the unencrypted key bag is not a valid RSA private key');
      bags.privateKey = parsed.privateKey;
      bags.randomNum = parsed.randomNum;
      bags.encryption = 'UNENCRYPTED';
    } else if (bagId === OID.safeContentsBag) {
      collectSafeContents(encodeDer(value), password, bags, depth + 1);
    }
    // CRL and secret bags carry nothing this library needs.
  }
}

function readAuthenticatedSafe(authSafeContent: Uint8Array, password: string): CollectedBags {
  const bags: CollectedBags = { certificateDers: [], privateKey: null, randomNum: null, encryption: 'NONE' };
  for (const contentInfo of children(parseDer(authSafeContent, 'AuthenticatedSafe'), 'AuthenticatedSafe')) {
    const [typeNode, contentNode] = children(contentInfo, 'ContentInfo', 1);
    const contentType = readOid(typeNode, 'ContentInfo type');
    if (!contentNode) continue;
    const content = explicitInner(contentNode, 'ContentInfo content');
    if (contentType === OID.data) {
      collectSafeContents(readOctets(content, 'SafeContents data'), password, bags, 0);
    } else if (contentType === OID.encryptedData) {
      collectSafeContents(decryptEncryptedData(content, password), password, bags, 0);
    } else if (contentType === OID.envelopedData) {
      throw new UnsupportedError('public-key (enveloped) PKCS#12 privacy mode is not supported');
    } else {
      throw new UnsupportedError(`PKCS#12 content type ${contentType} is not supported`);
    }
  }
  return bags;
}

function readPfx(bytes: Uint8Array, password: string): Pkcs12ReadResult {
  let pfx: Asn1;
  try {
    pfx = parseDer(bytes, 'PKCS#12 file');
  } catch (error) {
    if (bytes.length > 0 && bytes[0] !== 0x30) throw new NotAKeyError('not a PKCS#12 (.pfx/.p12) file');
    throw error;
  }
  const fields = Array.isArray(pfx.value) ? pfx.value : [];
  if (fields.length < 2 || fields[0].type !== asn1Type.INTEGER || fields[1].type !== asn1Type.SEQUENCE) {
    throw new NotAKeyError('not a PKCS#12 (.pfx/.p12) file');
  }
  const version = readSmallInteger(fields[0], 'PFX version');
  if (version !== 3) throw new UnsupportedError(`PKCS#12 version ${version} is not supported (expected 3)`);
  const [authSafeType, authSafeContentNode] = children(fields[1], 'PFX authSafe', 2);
  const authSafeOid = readOid(authSafeType, 'PFX authSafe type');
  if (authSafeOid !== OID.data) {
    throw new UnsupportedError(`PKCS#12 integrity mode ${authSafeOid} is not supported (only password integrity)`);
  }
  const authSafeContent = readOctets(explicitInner(authSafeContentNode, 'PFX authSafe content'), 'PFX authSafe content');
  if (fields[2]) verifyMac(fields[2], password, authSafeContent);

  const bags = readAuthenticatedSafe(authSafeContent, password);
  const certificates: forge.pki.Certificate[] = [];
  for (const der of bags.certificateDers) {
    try {
      certificates.push(forge.pki.certificateFromAsn1(forge.asn1.fromDer(toBinaryString(der))));
    } catch {
      // Non-RSA or unusual certificates stay available as DER for other parsers.
    }
  }
  return {
    ok: true,
    encryption: bags.encryption,
    certificates,
    certificateDers: bags.certificateDers,
    privateKey: bags.privateKey,
    randomNum: bags.randomNum,
  };
}

/** Reads a PKCS#12 file: MAC check, certificates, private key and NPKI randomNum. Never throws. */
export function readPkcs12(bytes: Uint8Array, password: string): Pkcs12ReadResult {
  try {
    return readPfx(bytes, password);
  } catch (error) {
    if (error instanceof WrongPasswordError) return { ok: false, reason: 'WRONG_PASSWORD', detail: error.message };
    return { ok: false, ...classifyError(error) };
  }
}

// --- writing (fixtures) -------------------------------------------------------

function localKeyIdAttributes(certificateDer: Uint8Array): Asn1 {
  const fingerprint = forge.md.sha1.create().update(toBinaryString(certificateDer)).digest().getBytes();
  return set(seq(oid(OID.localKeyId), set(octets(fromBinaryString(fingerprint)))));
}

function dataContentInfo(der: Uint8Array): Asn1 {
  return seq(oid(OID.data), contextTag(0, true, [octets(der)]));
}

function encryptedDataContentInfo(scheme: KeyEncryption, password: string, plain: Uint8Array, iterations: number): Asn1 {
  const { algorithm, ciphertext } = passwordEncrypt(scheme, password, plain, { iterations });
  const encryptedContentInfo = seq(oid(OID.data), algorithm, contextTag(0, false, ciphertext));
  return seq(oid(OID.encryptedData), contextTag(0, true, [seq(integer(0), encryptedContentInfo)]));
}

/**
 * Writes a PKCS#12 file like `openssl pkcs12 -export` does, for fixtures:
 *  legacy: key bag PKCS12-SHA1-3DES-CBC, certificate bag RC2-40, SHA-1 MAC;
 *  modern: both PBES2-HMAC-SHA256-AES-256-CBC, SHA-256 MAC (OpenSSL 3 default).
 * The randomNum, when given, is stored in the key bag's PKCS#8 attributes.
 */
export function writePkcs12(
  privateKey: forge.pki.rsa.PrivateKey,
  certificate: forge.pki.Certificate,
  password: string,
  options: { legacy: boolean; randomNum?: Uint8Array; iterations?: number },
): Uint8Array {
  const iterations = options.iterations ?? 2048;
  const keyScheme: KeyEncryption = options.legacy ? 'PKCS12-SHA1-3DES-CBC' : 'PBES2-HMAC-SHA256-AES-256-CBC';
  const certificateScheme: KeyEncryption = options.legacy ? 'PKCS12-SHA1-RC2-40-CBC' : 'PBES2-HMAC-SHA256-AES-256-CBC';
  const macDigest = options.legacy ? 'sha1' : 'sha256';

  const certificateDer = encodeDer(forge.pki.certificateToAsn1(certificate));
  const attributes = localKeyIdAttributes(certificateDer);
  const certificateBag = seq(oid(OID.certBag), contextTag(0, true, [seq(oid(OID.x509Certificate), contextTag(0, true, [octets(certificateDer)]))]), attributes);
  const encryptedKey = encryptPrivateKey(privateKey, password, keyScheme, { randomNum: options.randomNum, iterations });
  const keyBag = seq(oid(OID.pkcs8ShroudedKeyBag), contextTag(0, true, [rawNode(encryptedKey)]), attributes);

  const authenticatedSafe = encodeDer(
    seq(encryptedDataContentInfo(certificateScheme, password, encodeDer(seq(certificateBag)), iterations), dataContentInfo(encodeDer(seq(keyBag)))),
  );
  const macSalt = randomBytes(8);
  const mac = computeMac(password, macDigest, macSalt, iterations, authenticatedSafe);
  const digestOid = macDigest === 'sha1' ? OID.sha1 : OID.sha256;
  const macData = seq(seq(seq(oid(digestOid), nullValue()), octets(mac)), octets(macSalt), integer(iterations));
  return encodeDer(seq(integer(3), dataContentInfo(authenticatedSafe), macData));
}
