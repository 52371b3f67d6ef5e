// Over ~250 lines on purpose: one cipher (S-boxes built from RFC 4269's definition, key schedule, rounds
// written out for speed, CBC with padding), whose parts only make sense read together.
/**
 * SEED block cipher (RFC 4269, KISA) and SEED-CBC with PKCS#7 padding.
 *
 * Written by hand because node-forge has no SEED, and NPKI private keys
 * (signPri.key) are encrypted with SEED-CBC. Pure TypeScript on Uint8Array /
 * Int32Array so it runs unchanged in Node and in a browser.
 *
 * Speed: the four 8→32-bit "SS" tables of the G function are expanded once at
 * module load, round keys are computed once per call, and the block loop works
 * on local 32-bit integers with no per-block allocation.
 */

/** The padding or length of a SEED-CBC ciphertext is not valid (usually: wrong key/password). */
export class BadPaddingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadPaddingError';
  }
}

const BLOCK_SIZE = 16;
const ROUNDS = 16;

// ---------------------------------------------------------------------------
// S-boxes, derived from their algebraic definition (RFC 4269 section 2 and
// Appendix A): in GF(2^8) with the polynomial x^8 + x^6 + x^5 + x + 1,
//   S1(x) = A(1) · x^247 ⊕ 169      S2(x) = A(2) · x^251 ⊕ 56
// A(1) and A(2) are the RFC's 8×8 binary matrices, written here column by
// column as bytes (column i = the image of bit i, least significant bit =
// first coordinate). They were solved from the RFC's published SS tables;
// the RFC 4269 Appendix B vectors in seed.test.ts and the byte-for-byte
// OpenSSL cross-check confirm every table entry that matters.
// ---------------------------------------------------------------------------
const GF_POLYNOMIAL = 0x163;
const A1_COLUMNS = [0x2c, 0xd0, 0x69, 0xc2, 0x41, 0x44, 0x58, 0xe2];
const A2_COLUMNS = [0xd0, 0x2a, 0xe1, 0x2c, 0x21, 0x30, 0xa2, 0x6c];

function gfMultiply(a: number, b: number): number {
  let product = 0;
  while (b !== 0) {
    if (b & 1) product ^= a;
    a <<= 1;
    if (a & 0x100) a ^= GF_POLYNOMIAL;
    b >>>= 1;
  }
  return product;
}

function gfPower(base: number, exponent: number): number {
  let result = 1;
  while (exponent !== 0) {
    if (exponent & 1) result = gfMultiply(result, base);
    base = gfMultiply(base, base);
    exponent >>>= 1;
  }
  return result;
}

function affine(columns: readonly number[], value: number, constant: number): number {
  let out = constant;
  for (let bit = 0; bit < 8; bit++) if ((value >>> bit) & 1) out ^= columns[bit];
  return out;
}

function buildSBox(columns: readonly number[], exponent: number, constant: number): Uint8Array {
  const box = new Uint8Array(256);
  for (let x = 0; x < 256; x++) box[x] = affine(columns, gfPower(x, exponent), constant);
  return box;
}

const S1 = buildSBox(A1_COLUMNS, 247, 169);
const S2 = buildSBox(A2_COLUMNS, 251, 56);

// G(X3‖X2‖X1‖X0) = SS3[X3] ⊕ SS2[X2] ⊕ SS1[X1] ⊕ SS0[X0] (RFC 4269 section 2).
// Output byte j of the X_k contribution is S(X_k) masked with m[(j + k) mod 4],
// where S is S1 for even k and S2 for odd k.
const MASKS = [0xfc, 0xf3, 0xcf, 0x3f];

function buildSSTable(position: number): Int32Array {
  const sBox = position % 2 === 0 ? S1 : S2;
  const table = new Int32Array(256);
  for (let x = 0; x < 256; x++) {
    const s = sBox[x];
    let word = 0;
    for (let outByte = 0; outByte < 4; outByte++) {
      word |= (s & MASKS[(outByte + position) % 4]) << (8 * outByte);
    }
    table[x] = word;
  }
  return table;
}

const SS0 = buildSSTable(0);
const SS1 = buildSSTable(1);
const SS2 = buildSSTable(2);
const SS3 = buildSSTable(3);

function g(x: number): number {
  return SS0[x & 0xff] ^ SS1[(x >>> 8) & 0xff] ^ SS2[(x >>> 16) & 0xff] ^ SS3[x >>> 24];
}

// Key-schedule constants: KC0 = golden ratio 0x9e3779b9, KC(i) = KC(i-1) <<< 1.
const KEY_CONSTANTS = (() => {
  const constants = new Int32Array(ROUNDS);
  let kc = 0x9e3779b9 | 0;
  for (let i = 0; i < ROUNDS; i++) {
    constants[i] = kc;
    kc = (kc << 1) | (kc >>> 31);
  }
  return constants;
})();

function readWord(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}

function writeWord(bytes: Uint8Array, offset: number, word: number): void {
  bytes[offset] = word >>> 24;
  bytes[offset + 1] = word >>> 16;
  bytes[offset + 2] = word >>> 8;
  bytes[offset + 3] = word;
}

/** 32 round-key words: [K1,0, K1,1, K2,0, …, K16,1] (RFC 4269 section 2.2). */
function expandKey(key: Uint8Array): Int32Array {
  if (key.length !== 16) throw new RangeError(`SEED key must be 16 bytes, got ${key.length}`);
  let k0 = readWord(key, 0);
  let k1 = readWord(key, 4);
  let k2 = readWord(key, 8);
  let k3 = readWord(key, 12);
  const roundKeys = new Int32Array(2 * ROUNDS);
  for (let i = 0; i < ROUNDS; i++) {
    roundKeys[2 * i] = g((k0 + k2 - KEY_CONSTANTS[i]) | 0);
    roundKeys[2 * i + 1] = g((k1 - k3 + KEY_CONSTANTS[i]) | 0);
    if (i % 2 === 0) {
      // Key0‖Key1 rotated right by 8 bits (as one 64-bit value).
      const t = k0;
      k0 = (k0 >>> 8) | (k1 << 24);
      k1 = (k1 >>> 8) | (t << 24);
    } else {
      // Key2‖Key3 rotated left by 8 bits.
      const t = k2;
      k2 = (k2 << 8) | (k3 >>> 24);
      k3 = (k3 << 8) | (t >>> 24);
    }
  }
  return roundKeys;
}

/** Round keys in reverse round order: decryption is encryption with them. */
function reverseRoundKeys(roundKeys: Int32Array): Int32Array {
  const reversed = new Int32Array(2 * ROUNDS);
  for (let i = 0; i < ROUNDS; i++) {
    reversed[2 * i] = roundKeys[2 * (ROUNDS - 1 - i)];
    reversed[2 * i + 1] = roundKeys[2 * (ROUNDS - 1 - i) + 1];
  }
  return reversed;
}

/**
 * Runs the 16 Feistel rounds on the block (w0,w1,w2,w3) and writes the result
 * into `out` (4 words). Left/right halves are updated in place instead of
 * swapped, so after the even number of rounds the output is R‖L.
 */
function crypt(roundKeys: Int32Array, w0: number, w1: number, w2: number, w3: number, out: Int32Array): void {
  let l0 = w0,
    l1 = w1,
    r0 = w2,
    r1 = w3;
  for (let i = 0; i < 2 * ROUNDS; i += 4) {
    // F(R, K) applied to L.
    let t0 = r0 ^ roundKeys[i];
    let t1 = r1 ^ roundKeys[i + 1];
    t1 = g(t1 ^ t0);
    t0 = g((t0 + t1) | 0);
    t1 = g((t1 + t0) | 0);
    t0 = (t0 + t1) | 0;
    l0 ^= t0;
    l1 ^= t1;
    // F(L, K) applied to R.
    t0 = l0 ^ roundKeys[i + 2];
    t1 = l1 ^ roundKeys[i + 3];
    t1 = g(t1 ^ t0);
    t0 = g((t0 + t1) | 0);
    t1 = g((t1 + t0) | 0);
    t0 = (t0 + t1) | 0;
    r0 ^= t0;
    r1 ^= t1;
  }
  out[0] = r0;
  out[1] = r1;
  out[2] = l0;
  out[3] = l1;
}

function cryptSingleBlock(roundKeys: Int32Array, block: Uint8Array): Uint8Array {
  if (block.length !== BLOCK_SIZE) throw new RangeError(`SEED block must be 16 bytes, got ${block.length}`);
  const words = new Int32Array(4);
  crypt(roundKeys, readWord(block, 0), readWord(block, 4), readWord(block, 8), readWord(block, 12), words);
  const out = new Uint8Array(BLOCK_SIZE);
  for (let i = 0; i < 4; i++) writeWord(out, 4 * i, words[i]);
  return out;
}

/** Encrypts one 16-byte block with a 16-byte key (ECB, no padding). */
export function seedEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return cryptSingleBlock(expandKey(key), block);
}

/** Decrypts one 16-byte block with a 16-byte key (ECB, no padding). */
export function seedDecryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return cryptSingleBlock(reverseRoundKeys(expandKey(key)), block);
}

function checkIv(iv: Uint8Array): void {
  if (iv.length !== BLOCK_SIZE) throw new RangeError(`SEED-CBC IV must be 16 bytes, got ${iv.length}`);
}

/** SEED-CBC encryption; always adds PKCS#7 padding (1–16 bytes). */
export function seedCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const roundKeys = expandKey(key);
  checkIv(iv);
  const padLength = BLOCK_SIZE - (plaintext.length % BLOCK_SIZE);
  const out = new Uint8Array(plaintext.length + padLength);
  out.set(plaintext);
  out.fill(padLength, plaintext.length);

  const words = new Int32Array(4);
  let c0 = readWord(iv, 0),
    c1 = readWord(iv, 4),
    c2 = readWord(iv, 8),
    c3 = readWord(iv, 12);
  for (let offset = 0; offset < out.length; offset += BLOCK_SIZE) {
    crypt(roundKeys, readWord(out, offset) ^ c0, readWord(out, offset + 4) ^ c1, readWord(out, offset + 8) ^ c2, readWord(out, offset + 12) ^ c3, words);
    c0 = words[0];
    c1 = words[1];
    c2 = words[2];
    c3 = words[3];
    writeWord(out, offset, c0);
    writeWord(out, offset + 4, c1);
    writeWord(out, offset + 8, c2);
    writeWord(out, offset + 12, c3);
  }
  return out;
}

/**
 * SEED-CBC decryption; checks and removes PKCS#7 padding.
 * @throws BadPaddingError when the length is not a positive multiple of 16 or
 *   the padding is malformed (the usual sign of a wrong key).
 */
export function seedCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const roundKeys = reverseRoundKeys(expandKey(key));
  checkIv(iv);
  if (ciphertext.length === 0 || ciphertext.length % BLOCK_SIZE !== 0) {
    throw new BadPaddingError(`SEED-CBC ciphertext length ${ciphertext.length} is not a positive multiple of 16`);
  }
  const out = new Uint8Array(ciphertext.length);
  const words = new Int32Array(4);
  let p0 = readWord(iv, 0),
    p1 = readWord(iv, 4),
    p2 = readWord(iv, 8),
    p3 = readWord(iv, 12);
  for (let offset = 0; offset < ciphertext.length; offset += BLOCK_SIZE) {
    const c0 = readWord(ciphertext, offset);
    const c1 = readWord(ciphertext, offset + 4);
    const c2 = readWord(ciphertext, offset + 8);
    const c3 = readWord(ciphertext, offset + 12);
    crypt(roundKeys, c0, c1, c2, c3, words);
    writeWord(out, offset, words[0] ^ p0);
    writeWord(out, offset + 4, words[1] ^ p1);
    writeWord(out, offset + 8, words[2] ^ p2);
    writeWord(out, offset + 12, words[3] ^ p3);
    p0 = c0;
    p1 = c1;
    p2 = c2;
    p3 = c3;
  }
  const unpaddedLength = pkcs7UnpaddedLength(out, BLOCK_SIZE);
  if (unpaddedLength === null) throw new BadPaddingError('SEED-CBC padding is invalid');
  return out.slice(0, unpaddedLength);
}

/**
 * Length of `data` without its PKCS#7 padding, or null when the padding is
 * malformed (pad byte 0, larger than a block, or the pad bytes differ).
 */
export function pkcs7UnpaddedLength(data: Uint8Array, blockSize: number): number | null {
  if (data.length === 0 || data.length % blockSize !== 0) return null;
  const pad = data[data.length - 1];
  if (pad === 0 || pad > blockSize) return null;
  let mismatch = 0;
  for (let i = data.length - pad; i < data.length; i++) mismatch |= data[i] ^ pad;
  return mismatch === 0 ? data.length - pad : null;
}
