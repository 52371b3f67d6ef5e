// Identity check (VID, KISA): VID = H(H(DER(HashContent))), HashContent ::= SEQUENCE { idn PrintableString,
// randomNum BIT STRING }. The registration number lives only in this function's arguments: never stored or logged.
import forge from 'node-forge';
import { toBinaryString, toHex } from './bytes.js';
import type { Vid } from './certificate.js';

const HASHES: Record<string, () => forge.md.MessageDigest> = {
  '1.3.14.3.2.26': () => forge.md.sha1.create(),
  '2.16.840.1.101.3.4.2.1': () => forge.md.sha256.create(),
};

const SHA1 = '1.3.14.3.2.26';

/** Returns null when the hash algorithm is unknown (then the check cannot be made). */
export function computeVid(registrationNumber: string, randomNum: Uint8Array, hashOid: string | null): Uint8Array | null {
  const createHash = HASHES[hashOid ?? SHA1];
  if (!createHash) return null;
  const { asn1 } = forge;
  const hashContent = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.PRINTABLESTRING, false, registrationNumber),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\x00' + toBinaryString(randomNum)),
  ]);
  const once = createHash().update(asn1.toDer(hashContent).getBytes()).digest().getBytes();
  const twice = createHash().update(once).digest().toHex();
  return Uint8Array.from(twice.match(/../g)!.map((byte) => parseInt(byte, 16)));
}

/** Normalises "800101-1234567" to digits only: people type the dash, the VID is computed without it. */
export function normaliseRegistrationNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function vidMatches(registrationNumber: string, randomNum: Uint8Array, vid: Vid): boolean | null {
  const computed = computeVid(normaliseRegistrationNumber(registrationNumber), randomNum, vid.hashOid);
  return computed === null ? null : toHex(computed) === toHex(vid.value);
}
