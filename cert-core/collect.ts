// Turns the raw input files (zips expanded) into classified entries and groups them into candidate
// certificates: NPKI folder pairs (signCert.der + signPri.key in one folder) and PKCS#12 files.
import type { InputFile } from './input.js';
import { makeProblem } from './problems.js';
import type { Problem } from './report-schema.js';
import { roleFromName, sniff, type Sniffed } from './sniff.js';
import { readZip, type ZipLimits } from './zip.js';

export interface Entry {
  name: string;
  size: number;
  sniffed: Sniffed;
  fromZip: boolean;
}

export interface Collected {
  entries: Entry[];
  /** Problems found before looking inside: a file over the size cap, a zip too large, damaged or encrypted. */
  containerProblems: Problem[];
  /** Zips that opened fine but held nothing certificate-like. */
  emptyZips: Array<{ name: string; kind: 'zip' | 'office' | 'hwpx' }>;
}

// readZip's details are English; Korean messages get a short phrase per failure kind.
const ZIP_DETAIL_KO = { TOO_LARGE: '압축을 풀면 크기 제한을 넘습니다', DAMAGED_FILE: '', UNSUPPORTED_ENCRYPTION: '비밀번호가 걸린 압축 파일' } as const;

export function collect(files: InputFile[], maxFileBytes: number, zipLimits: Partial<ZipLimits>): Collected {
  const entries: Entry[] = [];
  const containerProblems: Problem[] = [];
  const emptyZips: Collected['emptyZips'] = [];
  for (const file of files) {
    const name = normalisePath(file.name);
    if (file.bytes.length > maxFileBytes) {
      containerProblems.push(makeProblem('TOO_LARGE', { file: name, detail: formatSize(file.bytes.length) }));
      continue;
    }
    const sniffed = sniff(name, file.bytes);
    if (sniffed.kind !== 'zip') {
      entries.push({ name, size: file.bytes.length, sniffed, fromZip: false });
      continue;
    }
    const zip = readZip(file.bytes, { maxEntryBytes: maxFileBytes, ...zipLimits });
    if (!zip.ok) {
      containerProblems.push(makeProblem(zip.code, { file: name, detail_en: zip.detail, detail_ko: ZIP_DETAIL_KO[zip.code] }));
      continue;
    }
    const inner = zip.files.map((innerFile) => {
      const innerName = `${name}/${normalisePath(innerFile.name)}`;
      // Zips inside zips are not opened again: one level is what people make when they zip a folder.
      const innerSniffed = sniff(innerName, innerFile.bytes);
      return { name: innerName, size: innerFile.bytes.length, sniffed: innerSniffed, fromZip: true };
    });
    if (!inner.some(isCertificateLike))
      emptyZips.push({
        name,
        kind: documentKind(
          zip.files.map((f) => f.name),
          zip.files,
        ),
      });
    entries.push(...inner);
  }
  return { entries, containerProblems, emptyZips };
}

export function isCertificateLike(entry: Entry): boolean {
  const { sniffed } = entry;
  return sniffed.kind === 'certificate' || sniffed.kind === 'key' || sniffed.kind === 'pkcs12' || (sniffed.kind === 'damaged' && sniffed.role !== null);
}

/** docx/xlsx/pptx and hwpx are zips too: name them for a NOT_A_CERTIFICATE message. */
function documentKind(names: string[], files: InputFile[]): 'zip' | 'office' | 'hwpx' {
  if (names.includes('[Content_Types].xml')) return 'office';
  const mimetype = files.find((file) => file.name === 'mimetype');
  if (mimetype && new TextDecoder().decode(mimetype.bytes).includes('hwp')) return 'hwpx';
  return 'zip';
}

export function normalisePath(name: string): string {
  return (
    name
      .replace(/\\/g, '/')
      .split('/')
      .filter((part) => part !== '' && part !== '.' && part !== '..')
      .join('/') || name
  );
}

export function dirname(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function formatSize(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export interface PairCandidate {
  kind: 'pair';
  path: string;
  cert: Entry | null;
  key: Entry | null;
}

export interface PfxCandidate {
  kind: 'pfx';
  path: string;
  file: Entry;
}

export type Candidate = PairCandidate | PfxCandidate;

const KEY_MANAGEMENT = /^km(cert|pri)\./i;

/**
 * Complete pairs first, then PKCS#12 files, then incomplete pairs; each group in path order. The report
 * covers the first candidate; the rest are listed so the user knows there is more than one certificate.
 * kmCert/kmPri (key-management pair) never decide the verdict.
 */
export function findCandidates(entries: Entry[]): Candidate[] {
  const folders = new Map<string, PairCandidate>();
  const pfx: PfxCandidate[] = [];
  for (const entry of entries) {
    if (KEY_MANAGEMENT.test(basename(entry.name))) continue;
    const role = roleOf(entry);
    if (role === 'pkcs12') {
      pfx.push({ kind: 'pfx', path: entry.name, file: entry });
      continue;
    }
    if (role === null) continue;
    const dir = dirname(entry.name);
    const folder = folders.get(dir) ?? { kind: 'pair', path: dir, cert: null, key: null };
    folders.set(dir, folder);
    const slot = role === 'certificate' ? 'cert' : 'key';
    const preferred = role === 'certificate' ? /^signcert\./i : /^signpri\./i;
    const current = folder[slot];
    if (!current || (!preferred.test(basename(current.name)) && preferred.test(basename(entry.name)))) folder[slot] = entry;
  }
  const pairs = [...folders.values()].sort((a, b) => a.path.localeCompare(b.path));
  return [
    ...pairs.filter((pair) => pair.cert && pair.key),
    ...pfx.sort((a, b) => a.path.localeCompare(b.path)),
    ...pairs.filter((pair) => !(pair.cert && pair.key)),
  ];
}

function roleOf(entry: Entry): 'certificate' | 'key' | 'pkcs12' | null {
  const { sniffed } = entry;
  // A 0-byte signCert.der next to its key is a failed copy of that certificate, not a stray file.
  if (sniffed.kind === 'empty') return roleFromName(entry.name);
  if (sniffed.kind === 'certificate') return 'certificate';
  if (sniffed.kind === 'key') return 'key';
  if (sniffed.kind === 'pkcs12') return 'pkcs12';
  if (sniffed.kind === 'damaged') return sniffed.role;
  return null;
}
