/**
 * Public API of cert-core's cryptographic layer. Runs in Node and in browsers
 * (Uint8Array + node-forge only, no Node built-ins).
 */
export { BadPaddingError, seedCbcDecrypt, seedCbcEncrypt, seedDecryptBlock, seedEncryptBlock } from './seed.js';
export {
  type DecryptKeyResult,
  type DescribeKeyResult,
  type KeyEncryption,
  type KeyReadFailure,
  decryptPrivateKey,
  describeEncryptedKey,
  encryptPrivateKey,
  privateKeyMatchesCertificate,
} from './private-key.js';
export { ALL_KEY_ENCRYPTIONS, MAX_ITERATIONS } from './pbe.js';
export { type Pkcs12ReadResult, readPkcs12, writePkcs12 } from './pkcs12.js';
