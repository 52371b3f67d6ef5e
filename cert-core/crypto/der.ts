/**
 * Thin, defensive layer over node-forge's ASN.1 reader/writer.
 *
 * Every accessor checks the shape it expects and throws DamagedError with a
 * short description of WHAT was malformed, so the public functions can turn
 * any hostile or truncated input into a DAMAGED_FILE result instead of a crash.
 */
import forge from 'node-forge';
import { concatBytes, fromBinaryString, toBinaryString } from './bytes.js';

export type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forge.asn1;

/** The bytes are not the structure they claim to be (truncated, corrupt, wrong layout). */
export class DamagedError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'DamagedError';
  }
}

/** Well-formed, but uses an algorithm or feature this library does not implement. */
export class UnsupportedError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'UnsupportedError';
  }
}

/** Deeply nested input must not exhaust the stack of node-forge's recursive parser. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export function parseDer(bytes: Uint8Array, what: string): Asn1 {
  if (bytes.length === 0) throw new DamagedError(`${what}: empty input`);
  if (bytes.length > MAX_INPUT_BYTES) throw new DamagedError(`${what}: larger than ${MAX_INPUT_BYTES} bytes`);
  try {
    // The options object is supported by node-forge ≥ 1.3 but missing from its typings.
    const options = { strict: true, parseAllBytes: true, decodeBitStrings: false } as unknown as boolean;
    return forge.asn1.fromDer(toBinaryString(bytes), options);
  } catch {
    throw new DamagedError(`${what}: not valid DER/BER (truncated or corrupt)`);
  }
}

export function encodeDer(node: Asn1): Uint8Array {
  return fromBinaryString(forge.asn1.toDer(node).getBytes());
}

function isUniversal(node: Asn1 | undefined, type: number): node is Asn1 {
  return node !== undefined && node.tagClass === Class.UNIVERSAL && node.type === type;
}

export function children(node: Asn1 | undefined, what: string, minimum = 0): Asn1[] {
  if (!isUniversal(node, Type.SEQUENCE) && !isUniversal(node, Type.SET)) {
    throw new DamagedError(`${what}: expected a SEQUENCE`);
  }
  if (!Array.isArray(node.value) || node.value.length < minimum) {
    throw new DamagedError(`${what}: expected at least ${minimum} elements`);
  }
  return node.value;
}

export function readOid(node: Asn1 | undefined, what: string): string {
  if (!isUniversal(node, Type.OID) || typeof node.value !== 'string' || node.value.length === 0) {
    throw new DamagedError(`${what}: expected an OBJECT IDENTIFIER`);
  }
  try {
    return forge.asn1.derToOid(node.value);
  } catch {
    throw new DamagedError(`${what}: malformed OBJECT IDENTIFIER`);
  }
}

/** OCTET STRING content; BER constructed OCTET STRINGs are concatenated. */
export function readOctets(node: Asn1 | undefined, what: string, depth = 0): Uint8Array {
  if (!isUniversal(node, Type.OCTETSTRING)) throw new DamagedError(`${what}: expected an OCTET STRING`);
  return octetContent(node, what, depth);
}

/** Content of a primitive or BER-constructed string node of any tag (used for [0] IMPLICIT OCTET STRING). */
export function octetContent(node: Asn1, what: string, depth = 0): Uint8Array {
  if (typeof node.value === 'string') return fromBinaryString(node.value);
  if (depth > 8) throw new DamagedError(`${what}: OCTET STRING nested too deeply`);
  return concatBytes(...node.value.map((part) => readOctets(part, what, depth + 1)));
}

/** A non-negative INTEGER that fits comfortably in a JavaScript number. */
export function readSmallInteger(node: Asn1 | undefined, what: string): number {
  if (!isUniversal(node, Type.INTEGER) || typeof node.value !== 'string' || node.value.length === 0) {
    throw new DamagedError(`${what}: expected an INTEGER`);
  }
  const bytes = fromBinaryString(node.value);
  if (bytes[0] & 0x80) throw new DamagedError(`${what}: negative INTEGER`);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  if (bytes.length - start > 6) return Number.MAX_SAFE_INTEGER; // absurdly large: callers bound it
  let value = 0;
  for (let i = start; i < bytes.length; i++) value = value * 256 + bytes[i];
  return value;
}

/** The [n] context-specific child, if present. */
export function findContext(nodes: Asn1[], tag: number): Asn1 | undefined {
  return nodes.find((node) => node.tagClass === Class.CONTEXT_SPECIFIC && node.type === tag);
}

/** Content of an [n] EXPLICIT wrapper: its single inner element. */
export function explicitInner(node: Asn1 | undefined, what: string): Asn1 {
  if (!node || node.tagClass !== Class.CONTEXT_SPECIFIC || !Array.isArray(node.value) || node.value.length !== 1) {
    throw new DamagedError(`${what}: expected an explicitly tagged value`);
  }
  return node.value[0];
}

// --- builders -------------------------------------------------------------

export function seq(...items: Asn1[]): Asn1 {
  return forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
}

export function set(...items: Asn1[]): Asn1 {
  return forge.asn1.create(Class.UNIVERSAL, Type.SET, true, items);
}

export function oid(dotted: string): Asn1 {
  return forge.asn1.create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(dotted).getBytes());
}

export function octets(bytes: Uint8Array): Asn1 {
  return forge.asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, toBinaryString(bytes));
}

export function nullValue(): Asn1 {
  return forge.asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
}

export function integer(value: number): Asn1 {
  return forge.asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.asn1.integerToDer(value).getBytes());
}

/** BIT STRING with no unused bits. */
export function bitString(bytes: Uint8Array): Asn1 {
  return forge.asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, '\0' + toBinaryString(bytes));
}

export function contextTag(tag: number, constructed: boolean, value: Asn1[] | Uint8Array): Asn1 {
  const content = value instanceof Uint8Array ? toBinaryString(value) : value;
  return forge.asn1.create(Class.CONTEXT_SPECIFIC, tag, constructed, content);
}

/** Re-parses DER bytes into a node (for embedding ready-made DER in a larger structure). */
export function rawNode(der: Uint8Array): Asn1 {
  return forge.asn1.fromDer(toBinaryString(der));
}

export function algorithmIdentifier(algorithm: string, parameters?: Asn1): Asn1 {
  return parameters ? seq(oid(algorithm), parameters) : seq(oid(algorithm));
}

export const asn1Type = Type;
export const asn1Class = Class;
