// The names under which a private key travels: signPri.key (NPKI), .key, and PKCS#12 exports
// (.pfx/.p12) which hold the key too. Imports nothing, so a page can check a name without loading forge.

const PRIVATE_KEY_NAME = /(^|[\\/])([^\\/]*\.(key|pfx|p12)|signPri[^\\/]*)$/i;

/** True when a file name (or path) is that of a private key or an export holding one. */
export function isPrivateKeyFileName(name: string): boolean {
  return PRIVATE_KEY_NAME.test(name);
}
