// Decides what a file is by its content (magic bytes and ASN.1 shape); the name is only a tie-breaker
// for damaged files. Never throws.
import forge from 'node-forge';
import { asciiAt, decodeUtf8Strict, derSequenceLength, fromBinaryString, parseDer, startsWith } from './bytes.js';
import type { ForeignKind } from './problem-texts.js';
import { isZipMagic } from './zip.js';

export type FileRole = 'certificate' | 'key' | 'pkcs12';

export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'zip' }
  | { kind: 'certificate'; der: Uint8Array }
  | { kind: 'key'; der: Uint8Array }
  | { kind: 'pkcs12'; der: Uint8Array }
  | { kind: 'damaged'; role: FileRole | null }
  | { kind: 'foreign'; what: ForeignKind; label?: string };

const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';

export function sniff(name: string, bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'empty' };
  if (isZipMagic(bytes)) return { kind: 'zip' };
  const pem = sniffPem(bytes);
  if (pem) return pem;
  if (bytes[0] === 0x30) return sniffDer(name, bytes);
  const foreign = sniffForeign(bytes);
  if (foreign) return foreign;
  // Unknown binary content under a certificate-like name is most likely a broken certificate file.
  const role = roleFromName(name);
  return role ? { kind: 'damaged', role } : { kind: 'foreign', what: 'unknown' };
}

export function roleFromName(name: string): FileRole | null {
  const base = (name.split('/').pop() ?? name).toLowerCase();
  if (/\.(der|cer|crt|pem)$/.test(base)) return 'certificate';
  if (/\.key$/.test(base)) return 'key';
  if (/\.(pfx|p12)$/.test(base)) return 'pkcs12';
  return null;
}

function sniffDer(name: string, bytes: Uint8Array): Sniffed {
  const asn1 = parseDer(bytes);
  if (!asn1) return { kind: 'damaged', role: roleFromName(name) ?? guessRoleFromPrefix(bytes) };
  const shape = classifyAsn1(asn1);
  if (shape === 'other') return { kind: 'foreign', what: 'asn1Other' };
  if (shape === 'plainKey') return { kind: 'foreign', what: 'privateKeyPlain' };
  return { kind: shape, der: bytes };
}

type Shape = FileRole | 'plainKey' | 'other';

function classifyAsn1(node: forge.asn1.Asn1): Shape {
  const children = Array.isArray(node.value) ? node.value : null;
  if (node.tagClass !== forge.asn1.Class.UNIVERSAL || node.type !== forge.asn1.Type.SEQUENCE || !children) return 'other';
  const [first, second, third] = children;
  const isSeq = (n: forge.asn1.Asn1 | undefined) => n?.tagClass === forge.asn1.Class.UNIVERSAL && n.type === forge.asn1.Type.SEQUENCE;
  const isType = (n: forge.asn1.Asn1 | undefined, type: number) => n?.tagClass === forge.asn1.Class.UNIVERSAL && n.type === type;
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE, signature BIT STRING }
  if (children.length === 3 && isSeq(first) && isSeq(second) && isType(third, forge.asn1.Type.BITSTRING)) return 'certificate';
  // EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }
  if (children.length === 2 && isSeq(first) && isType(second, forge.asn1.Type.OCTETSTRING)) {
    const algorithm = Array.isArray(first.value) ? first.value[0] : undefined;
    if (isType(algorithm, forge.asn1.Type.OID)) return 'key';
  }
  // PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData OPTIONAL }
  if (isType(first, forge.asn1.Type.INTEGER) && isSeq(second)) {
    const contentType = Array.isArray(second.value) ? second.value[0] : undefined;
    if (isType(contentType, forge.asn1.Type.OID) && forge.asn1.derToOid(contentType!.value as string) === OID_PKCS7_DATA) return 'pkcs12';
    // PrivateKeyInfo (version, algorithm, OCTET STRING) or RSAPrivateKey (nine INTEGERs): a key without encryption.
    if (isType(third, forge.asn1.Type.OCTETSTRING)) return 'plainKey';
  }
  if (children.length === 9 && children.every((child) => isType(child, forge.asn1.Type.INTEGER))) return 'plainKey';
  return 'other';
}

/** For truncated DER: the first bytes after the outer header still tell a certificate, key and PFX apart. */
function guessRoleFromPrefix(bytes: Uint8Array): FileRole | null {
  const outer = derSequenceLength(bytes);
  if (outer === null) return null;
  const headerLength = bytes[1] < 0x80 ? 2 : 2 + (bytes[1] & 0x7f);
  const inner = bytes.subarray(headerLength);
  if (startsWith(inner, [0x02, 0x01, 0x03])) return 'pkcs12';
  if (inner[0] === 0x30) {
    const innerHeader = inner.length > 1 && inner[1] >= 0x80 ? 2 + (inner[1] & 0x7f) : 2;
    const next = inner[innerHeader];
    if (next === 0xa0 || next === 0x02) return 'certificate';
    if (next === 0x06) return 'key';
  }
  return null;
}

const PEM_CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

function sniffPem(bytes: Uint8Array): Sniffed | null {
  const head = asciiAt(bytes, 0, Math.min(bytes.length, 64))
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  if (!head.startsWith('-----BEGIN ')) return null;
  const text = decodeUtf8Strict(bytes) ?? '';
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? '';
  const role: FileRole | null = PEM_CERT_LABELS.has(label) ? 'certificate' : label === 'ENCRYPTED PRIVATE KEY' ? 'key' : label === 'PKCS12' ? 'pkcs12' : null;
  if (!match) return role ? { kind: 'damaged', role } : { kind: 'foreign', what: 'pemOther', label };
  if (!role) {
    if (/PRIVATE KEY$/.test(label)) return { kind: 'foreign', what: 'privateKeyPlain' };
    return { kind: 'foreign', what: 'pemOther', label };
  }
  const body = match[2].replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) return { kind: 'damaged', role };
  const der = fromBinaryString(forge.util.decode64(body));
  const inner = sniffDer('', der);
  if (inner.kind === role) return inner;
  return { kind: 'damaged', role };
}

function sniffForeign(bytes: Uint8Array): Sniffed | null {
  const what = foreignKind(bytes);
  return what ? { kind: 'foreign', what } : null;
}

function foreignKind(bytes: Uint8Array): ForeignKind | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (asciiAt(bytes, 0, 4) === 'GIF8') return 'gif';
  if (asciiAt(bytes, 0, 4) === 'RIFF' && asciiAt(bytes, 8, 4) === 'WEBP') return 'webp';
  if (asciiAt(bytes, 4, 4) === 'ftyp' && /^(heic|heix|mif1|msf1|hevc)$/.test(asciiAt(bytes, 8, 4))) return 'heic';
  if (asciiAt(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'hwp';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  if (asciiAt(bytes, 0, 4) === 'Rar!') return 'rar';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'sevenZip';
  if (asciiAt(bytes, 0, 2) === 'MZ' || startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'exe';
  if (asciiAt(bytes, 0, 2) === 'BM' && bytes.length > 26) return 'bmp';
  const text = decodeUtf8Strict(bytes.subarray(0, Math.min(bytes.length, 4096)).slice()) ?? decodeUtf8Strict(bytes);
  if (text !== null && isMostlyPrintable(text)) {
    return /^\s*(<!doctype html|<html)/i.test(text) ? 'html' : 'text';
  }
  return null;
}

function isMostlyPrintable(text: string): boolean {
  if (text.length === 0) return false;
  let printable = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 9 || code === 10 || code === 13 || (code >= 0x20 && code !== 0x7f && code !== 0xfffd)) printable++;
  }
  return printable / text.length >= 0.95;
}
