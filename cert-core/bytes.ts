// Byte helpers that work the same in Node and in browsers (no Buffer).
import forge from 'node-forge';

// The forge conversions and hex live with the crypto layer; one implementation for all of cert-core.
import { fromBinaryString, toBinaryString } from './crypto/bytes.js';
export { fromBinaryString, toBinaryString, toHex } from './crypto/bytes.js';

export function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((value, i) => bytes[offset + i] === value);
}

export function asciiAt(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** UTF-8 decode; returns null when the bytes are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes a forge binary-string ASN.1 string value as UTF-8, falling back to Latin-1. */
export function decodeAsn1Text(binary: string): string {
  return decodeUtf8Strict(fromBinaryString(binary)) ?? binary;
}

// forge accepts an options object here; @types/node-forge only declares the older boolean form.
const fromDerWithOptions = forge.asn1.fromDer as unknown as (
  bytes: string,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => forge.asn1.Asn1;

/** Parses DER strictly; never throws (forge throws on malformed input, or overflows on deep nesting). */
export function parseDer(bytes: Uint8Array): forge.asn1.Asn1 | null {
  try {
    return fromDerWithOptions(toBinaryString(bytes), { strict: true, parseAllBytes: true, decodeBitStrings: false });
  } catch {
    return null;
  }
}

/** Reads the DER TLV header at the start; returns the total encoded length or null when not a definite-length SEQUENCE. */
export function derSequenceLength(bytes: Uint8Array): number | null {
  if (bytes.length < 2 || bytes[0] !== 0x30) return null;
  const first = bytes[1];
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[2 + i];
  return 2 + count + length;
}
