// Zip reading with hard caps. Reads the central directory itself (so the declared sizes are known before
// any inflating) and stream-inflates each entry in small chunks with a running byte counter, so a zip
// bomb is stopped after at most ~1 MiB of surplus output instead of being expanded in memory.
import { Inflate } from 'fflate';
import type { InputFile } from './input.js';

export interface ZipLimits {
  /** Per entry, declared and actual uncompressed size. */
  maxEntryBytes: number;
  /** Sum over all entries, declared and actual. */
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntryBytes: 1 << 20, maxTotalBytes: 16 << 20, maxEntries: 1000 };

export type ZipResult = { ok: true; files: InputFile[] } | { ok: false; code: 'TOO_LARGE' | 'DAMAGED_FILE' | 'UNSUPPORTED_ENCRYPTION'; detail: string };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
/** Compressed bytes handed to the inflater per step: deflate expands at most ~1032x, so one step yields ≤ ~1 MiB. */
const INFLATE_STEP = 1024;

export function isZipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

class ZipError extends Error {
  constructor(
    readonly code: 'TOO_LARGE' | 'DAMAGED_FILE' | 'UNSUPPORTED_ENCRYPTION',
    detail: string,
  ) {
    super(detail);
  }
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export function readZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}): ZipResult {
  const caps = { ...DEFAULT_ZIP_LIMITS, ...limits };
  try {
    const entries = readCentralDirectory(bytes, caps);
    const files: InputFile[] = [];
    let total = 0;
    for (const entry of entries) {
      if (isSkippedName(entry.name)) continue;
      const data = extract(bytes, entry, caps.maxEntryBytes);
      total += data.length;
      if (total > caps.maxTotalBytes) throw new ZipError('TOO_LARGE', `more than ${caps.maxTotalBytes} bytes in total`);
      files.push({ name: entry.name, bytes: data });
    }
    return { ok: true, files };
  } catch (error) {
    if (error instanceof ZipError) return { ok: false, code: error.code, detail: error.message };
    return { ok: false, code: 'DAMAGED_FILE', detail: 'unreadable zip data' };
  }
}

/**
 * Names of the files inside a zip, read from its central directory only (nothing is inflated); []
 * for anything that is not a readable zip. For refusing an upload by what it holds.
 */
export function zipEntryNames(bytes: Uint8Array): string[] {
  if (!isZipMagic(bytes)) return [];
  try {
    return centralEntries(bytes, DEFAULT_ZIP_LIMITS.maxEntries)
      .map((entry) => entry.name)
      .filter((name) => name !== '' && !name.endsWith('/'));
  } catch {
    return [];
  }
}

function readCentralDirectory(bytes: Uint8Array, caps: ZipLimits): CentralEntry[] {
  const entries: CentralEntry[] = [];
  let declaredTotal = 0;
  for (const entry of centralEntries(bytes, caps.maxEntries)) {
    const isDirectory = entry.name === '' || entry.name.endsWith('/');
    if (isDirectory) continue;
    if (entry.size > caps.maxEntryBytes) throw new ZipError('TOO_LARGE', `${entry.name}: ${entry.size} bytes declared`);
    declaredTotal += entry.size;
    if (declaredTotal > caps.maxTotalBytes) throw new ZipError('TOO_LARGE', `${declaredTotal} bytes declared in total`);
    entries.push(entry);
  }
  return entries;
}

/** Every entry of the central directory (directories included), in order. */
function centralEntries(bytes: Uint8Array, maxEntries: number): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(bytes, view);
  const count = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipError('TOO_LARGE', 'zip64 archives are not accepted');
  if (count > maxEntries) throw new ZipError('TOO_LARGE', `${count} entries`);
  const entries: CentralEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== SIG_CENTRAL) throw new ZipError('DAMAGED_FILE', 'broken central directory');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) throw new ZipError('DAMAGED_FILE', 'broken central directory');
    const entry: CentralEntry = {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: '',
    };
    entry.name = normaliseName(decodeName(bytes.subarray(at + 46, at + 46 + nameLength), (entry.flags & 0x800) !== 0));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndRecord(bytes: Uint8Array, view: DataView): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, searched backwards.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === SIG_END) return at;
  }
  throw new ZipError('DAMAGED_FILE', 'no zip end record (truncated?)');
}

function extract(bytes: Uint8Array, entry: CentralEntry, maxEntryBytes: number): Uint8Array {
  if (entry.flags & 1) throw new ZipError('UNSUPPORTED_ENCRYPTION', `${entry.name}: password-protected zip`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== SIG_LOCAL) throw new ZipError('DAMAGED_FILE', `${entry.name}: broken local header`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) throw new ZipError('DAMAGED_FILE', `${entry.name}: truncated`);
  const compressed = bytes.subarray(start, stop);
  let data: Uint8Array;
  if (entry.method === 0) data = compressed.slice();
  else if (entry.method === 8) data = inflateCapped(compressed, entry.size, entry.name, maxEntryBytes);
  else throw new ZipError('DAMAGED_FILE', `${entry.name}: unsupported compression method ${entry.method}`);
  if (data.length !== entry.size) throw new ZipError('DAMAGED_FILE', `${entry.name}: size differs from the declared size`);
  if (crc32(data) !== entry.crc) throw new ZipError('DAMAGED_FILE', `${entry.name}: checksum mismatch`);
  return data;
}

function inflateCapped(compressed: Uint8Array, declared: number, name: string, cap: number): Uint8Array {
  const out = new Uint8Array(declared);
  let produced = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    // Keep only what was declared, but keep counting: output past the cap is a bomb, stop right away.
    if (produced < declared) out.set(chunk.subarray(0, declared - produced), produced);
    produced += chunk.length;
    if (produced > cap) throw new ZipError('TOO_LARGE', `${name}: expands past ${cap} bytes`);
    if (final) finished = true;
  });
  for (let i = 0; i < compressed.length && !finished; i += INFLATE_STEP) {
    const end = Math.min(i + INFLATE_STEP, compressed.length);
    inflater.push(compressed.subarray(i, end), end === compressed.length);
  }
  if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
  if (produced !== declared) throw new ZipError('DAMAGED_FILE', `${name}: size differs from the declared size`);
  return out;
}

function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
  // Korean Windows zips store names in CP949 without the UTF-8 flag.
  const encodings = utf8Flag ? ['utf-8'] : ['utf-8', 'euc-kr'];
  for (const encoding of encodings) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(raw);
    } catch {
      // try the next encoding
    }
  }
  return String.fromCharCode(...raw);
}

function normaliseName(name: string): string {
  return (
    name
      .replace(/\\/g, '/')
      .split('/')
      .filter((part) => part !== '' && part !== '.' && part !== '..')
      .join('/') + (name.endsWith('/') || name.endsWith('\\') ? '/' : '')
  );
}

function isSkippedName(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.endsWith('.DS_Store');
}

let crcTable: Uint32Array | null = null;

export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
