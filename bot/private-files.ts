import { isPrivateKeyFileName } from '../cert-core/index.js';
import { sniff } from '../cert-core/sniff.js';

/**
 * Whether an uploaded file may hold private key material, decided BEFORE it is stored: such a
 * file is kept in this process's memory only (never in a shared database), for the turn that
 * refuses it (bot/cert-check.ts) to discard. Stricter than the refusal itself on purpose: every
 * zip stays in memory (its entries could hide a key under any name), and a key is recognised by
 * its content as well as its name.
 */
export function mayHoldPrivateKey(file: { name: string; bytes: Uint8Array }): boolean {
  if (isPrivateKeyFileName(file.name)) return true;
  const sniffed = sniff(file.name, file.bytes);
  switch (sniffed.kind) {
    case 'zip':
    case 'key':
    case 'pkcs12':
      return true;
    case 'damaged':
      // A broken file that is not clearly a certificate could be a truncated key.
      return sniffed.role !== 'certificate';
    case 'foreign':
      return sniffed.what === 'privateKeyPlain';
    default:
      return false;
  }
}
