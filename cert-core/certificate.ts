// Reads the fields cert-core reports from an X.509 certificate. Walks the ASN.1 itself (instead of relying
// on forge.pki.certificateFromAsn1, which refuses non-RSA keys) so any well-formed certificate, e.g. an
// ECDSA web server certificate, still yields a NOT_NPKI verdict rather than a parse failure.
import forge from 'node-forge';
import { decodeAsn1Text, fromBinaryString, parseDer, toBinaryString, toHex } from './bytes.js';
import { findIssuer, isNpkiPolicy, isTestCaName, OID_NPKI_IDENTIFY_DATA, POLICIES } from './npki-tables.js';

const { Class, Type } = forge.asn1;
type Node = forge.asn1.Asn1;

export interface NameAttribute {
  type: string;
  shortName: string;
  value: string;
}

export interface Vid {
  hashOid: string | null;
  value: Uint8Array;
}

export interface ParsedCertificate {
  subject: NameAttribute[];
  issuer: NameAttribute[];
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  policyOids: string[];
  vid: Vid | null;
}

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'E',
};

const OID_CERTIFICATE_POLICIES = '2.5.29.32';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';

/** Returns null when the DER is not a structurally valid certificate. */
export function parseCertificate(der: Uint8Array): ParsedCertificate | null {
  try {
    const root = parseDer(der);
    const tbs = children(root)[0];
    const fields = children(tbs);
    // version [0] EXPLICIT is optional (v1 certificates omit it).
    const offset = fields[0]?.tagClass === Class.CONTEXT_SPECIFIC && fields[0].type === 0 ? 1 : 0;
    const [serial, , issuer, validity, subject] = fields.slice(offset);
    const [notBefore, notAfter] = children(validity).map(readTime);
    const extensions = readExtensions(fields.slice(offset + 6));
    return {
      serialHex: normaliseSerial(primitive(serial, Type.INTEGER)),
      issuer: readName(issuer),
      subject: readName(subject),
      notBefore,
      notAfter,
      policyOids: readPolicies(extensions.get(OID_CERTIFICATE_POLICIES)),
      vid: readVid(extensions.get(OID_SUBJECT_ALT_NAME)),
    };
  } catch {
    return null;
  }
}

/** forge's certificate object (needed for key matching); null for non-RSA or otherwise unreadable ones. */
export function toForgeCertificate(der: Uint8Array): forge.pki.Certificate | null {
  try {
    return forge.pki.certificateFromAsn1(forge.asn1.fromDer(toBinaryString(der)));
  } catch {
    return null;
  }
}

export function attribute(name: NameAttribute[], shortName: string): string | null {
  return name.find((attr) => attr.shortName === shortName)?.value ?? null;
}

/** RFC 4514 order (most specific first), the order NPKI folder names use: "CN=…, OU=…, O=…, C=kr". */
export function formatName(name: NameAttribute[]): string {
  return [...name]
    .reverse()
    .map((attr) => `${attr.shortName}=${attr.value}`)
    .join(', ');
}

/** NPKI CNs look like `홍길동()0001234…` or `HKD(KILDONG.HONG)0091…`: the owner is the part before the last "(…)digits". */
export function ownerFromCommonName(commonName: string): string {
  const match = /^(.*?)\([^()]*\)\d+$/.exec(commonName.trim());
  return (match && match[1].trim() !== '' ? match[1] : commonName).trim();
}

export interface NpkiView {
  issuerOrg: string | null;
  ca: string | null;
  testCa: boolean;
  policyOid: string | null;
  usage: string | null;
  usage_en: string | null;
  generalPurpose: boolean | null;
  isNpki: boolean;
  issuerName: string;
}

/** Interprets issuer and policy against the NPKI tables. */
export function npkiView(cert: ParsedCertificate): NpkiView {
  const issuerOrg = attribute(cert.issuer, 'O');
  const issuer = findIssuer(issuerOrg);
  const policyOid = cert.policyOids.find(isNpkiPolicy) ?? cert.policyOids[0] ?? null;
  const policy = policyOid ? POLICIES[policyOid] : undefined;
  const npkiPolicy = policyOid !== null && isNpkiPolicy(policyOid);
  return {
    issuerOrg,
    ca: issuer ? `${issuer.ko} (${issuer.brand})` : null,
    testCa: isTestCaName(attribute(cert.issuer, 'CN')),
    policyOid,
    usage: policy ? policy.ko : policyOid,
    usage_en: policy ? policy.en : policyOid,
    generalPurpose: policy ? policy.scope === 'general' : null,
    isNpki: issuer !== null || npkiPolicy,
    issuerName: formatName(cert.issuer),
  };
}

function children(node: Node | null | undefined): Node[] {
  if (!node || !Array.isArray(node.value)) throw new Error('expected a constructed ASN.1 value');
  return node.value;
}

function primitive(node: Node | undefined, type: number): string {
  if (!node || node.tagClass !== Class.UNIVERSAL || node.type !== type || typeof node.value !== 'string') {
    throw new Error(`expected ASN.1 type ${type}`);
  }
  return node.value;
}

function normaliseSerial(raw: string): string {
  const hex = toHex(fromBinaryString(raw)).replace(/^(00)+(?=..)/, '');
  return hex === '' ? '00' : hex;
}

function readTime(node: Node): Date {
  const date =
    node.type === Type.UTCTIME
      ? forge.asn1.utcTimeToDate(primitive(node, Type.UTCTIME))
      : forge.asn1.generalizedTimeToDate(primitive(node, Type.GENERALIZEDTIME));
  if (Number.isNaN(date.getTime())) throw new Error('bad time');
  return date;
}

function readName(name: Node): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const set of children(name)) {
    for (const pair of children(set)) {
      const [typeNode, valueNode] = children(pair);
      const type = forge.asn1.derToOid(primitive(typeNode, Type.OID));
      out.push({ type, shortName: SHORT_NAMES[type] ?? type, value: readString(valueNode) });
    }
  }
  return out;
}

function readString(node: Node): string {
  if (typeof node.value !== 'string') throw new Error('expected a string');
  if (node.type === Type.BMPSTRING) {
    let out = '';
    for (let i = 0; i + 1 < node.value.length; i += 2) out += String.fromCharCode((node.value.charCodeAt(i) << 8) | node.value.charCodeAt(i + 1));
    return out;
  }
  return node.type === Type.UTF8 ? decodeAsn1Text(node.value) : node.value;
}

function readExtensions(rest: Node[]): Map<string, Node> {
  const map = new Map<string, Node>();
  const wrapper = rest.find((node) => node.tagClass === Class.CONTEXT_SPECIFIC && node.type === 3);
  if (!wrapper) return map;
  for (const extension of children(children(wrapper)[0])) {
    const parts = children(extension);
    const oid = forge.asn1.derToOid(primitive(parts[0], Type.OID));
    const inner = parseDer(fromBinaryString(primitive(parts[parts.length - 1], Type.OCTETSTRING)));
    if (inner) map.set(oid, inner);
  }
  return map;
}

function readPolicies(policies: Node | undefined): string[] {
  if (!policies) return [];
  return children(policies).map((info) => forge.asn1.derToOid(primitive(children(info)[0], Type.OID)));
}

/** subjectAltName otherName 1.2.410.200004.10.1.1: [0] { realName, SEQ OF SEQ { vidOid, SEQ { hashAlg, [0] { OCTET STRING vid } } } } */
function readVid(subjectAltName: Node | undefined): Vid | null {
  if (!subjectAltName) return null;
  for (const generalName of children(subjectAltName)) {
    if (generalName.tagClass !== Class.CONTEXT_SPECIFIC || generalName.type !== 0 || !Array.isArray(generalName.value)) continue;
    const [typeId, value] = generalName.value;
    if (forge.asn1.derToOid(primitive(typeId, Type.OID)) !== OID_NPKI_IDENTIFY_DATA) continue;
    return findVid(value, 0);
  }
  return null;
}

/** Searches the identify data for `SEQ { AlgorithmIdentifier?, [0] { OCTET STRING } }`, tolerating shape variations. */
function findVid(node: Node | undefined, depth: number): Vid | null {
  if (!node || depth > 8 || !Array.isArray(node.value)) return null;
  const parts = node.value;
  const tagged = parts.find((part) => part.tagClass === Class.CONTEXT_SPECIFIC && part.type === 0 && Array.isArray(part.value));
  const octets = tagged && Array.isArray(tagged.value) ? tagged.value[0] : undefined;
  if (node.type === Type.SEQUENCE && octets?.type === Type.OCTETSTRING && typeof octets.value === 'string') {
    const algorithm = parts.find((part) => part.type === Type.SEQUENCE && Array.isArray(part.value));
    const hashOid = algorithm && Array.isArray(algorithm.value) ? forge.asn1.derToOid(primitive(algorithm.value[0], Type.OID)) : null;
    return { hashOid, value: fromBinaryString(octets.value) };
  }
  for (const part of parts) {
    const found = findVid(part, depth + 1);
    if (found) return found;
  }
  return null;
}
