// Over ~250 lines on purpose: it is the one place that turns what collect.ts found into a report (pairs,
// PFX files, keys, identity), and every problem the report can hold is raised here, next to its cause.
// The public entry point: files in, one validated report out. Never throws.
import type forge from 'node-forge';
import { attribute, formatName, npkiView, ownerFromCommonName, parseCertificate, toForgeCertificate, type ParsedCertificate } from './certificate.js';
import { collect, findCandidates, type Entry, type PairCandidate, type PfxCandidate } from './collect.js';
import { decryptPrivateKey, describeEncryptedKey, privateKeyMatchesCertificate, readPkcs12 } from './crypto/index.js';
import type { InputFile } from './input.js';
import { FOREIGN_KINDS } from './problem-texts.js';
import { makeProblem } from './problems.js';
import { CertReportSchema, type CertificateInfo, type CertReport, type IdentityResult, type PrivateKeyInfo, type Problem } from './report-schema.js';
import { vidMatches } from './vid.js';
import type { ZipLimits } from './zip.js';

export interface InspectOptions {
  /** The clock: every date check is made against this instant. */
  now: Date;
  password?: string;
  /** Resident/business registration number for the VID check; used in memory only. */
  rrn?: string;
  /** Label copied into the report's `input` field (e.g. the path the user gave). */
  input?: string;
  /** Per file (and per zip entry) size cap; default 1 MiB. */
  maxFileBytes?: number;
  zipLimits?: Partial<ZipLimits>;
}

const DEFAULT_MAX_FILE_BYTES = 1 << 20;
const RENEWAL_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export function inspect(files: InputFile[], options: InspectOptions): CertReport {
  try {
    return inspectUnguarded(files, options);
  } catch {
    // Defensive: an unexpected internal failure is reported as unreadable input, never thrown at the caller.
    // (The fuzz tests call inspectUnguarded directly, so such a failure would still be caught there.)
    const input = inputLabel(files, options);
    return { input, ok: false, problems: [makeProblem('DAMAGED_FILE', {})], certificate: null, privateKey: null, identity: null, otherCertificates: [] };
  }
}

/** inspect without the safety net: throws on internal bugs. For tests; callers use inspect. */
export function inspectUnguarded(files: InputFile[], options: InspectOptions): CertReport {
  // An invalid injected clock would make every date check meaningless: fall back to the real one.
  // (Duck-typed, not instanceof: a Date from another realm, e.g. an iframe, is still a Date.)
  const valid = typeof options.now?.getTime === 'function' && !Number.isNaN(options.now.getTime());
  const now = valid ? options.now : new Date();
  return CertReportSchema.parse(inspectOrThrow(files, { ...options, now }, inputLabel(files, options)));
}

function inputLabel(files: InputFile[], options: InspectOptions): string {
  return options.input ?? (files.length === 1 ? files[0].name : `${files.length} files`);
}

interface Analysis {
  problems: Problem[];
  certificate: CertificateInfo | null;
  privateKey: PrivateKeyInfo | null;
  identity: IdentityResult | null;
}

function inspectOrThrow(files: InputFile[], options: InspectOptions, input: string): CertReport {
  const collected = collect(files, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, options.zipLimits ?? {});
  const candidates = findCandidates(collected.entries);
  const [main, ...others] = candidates;
  const problems = [...collected.containerProblems];
  let analysis: Analysis = { problems: [], certificate: null, privateKey: null, identity: options.rrn ? { checked: false, matches: null } : null };
  if (main) {
    // A lone certificate file is a legitimate question ("is it still valid?"); from a folder, a zip or with
    // a password the user clearly means the pair, so a missing key is a problem.
    const pairExpected = options.password !== undefined || files.length > 1 || collected.entries.some((e) => e.fromZip || e.name.includes('/'));
    analysis = main.kind === 'pair' ? analysePair(main, options, pairExpected) : analysePfx(main, options);
  } else if (problems.length === 0) {
    problems.push(...noCertificateProblems(collected.entries, collected.emptyZips));
  }
  problems.push(...analysis.problems);
  return {
    input,
    ok: !problems.some((problem) => problem.severity === 'error'),
    problems,
    certificate: analysis.certificate,
    privateKey: analysis.privateKey,
    identity: analysis.identity,
    otherCertificates: others.map((candidate) => candidate.path),
  };
}

/** Explains why nothing certificate-like was found: per file when there are few, in one line otherwise. */
function noCertificateProblems(entries: Entry[], emptyZips: Array<{ name: string; kind: 'zip' | 'office' | 'hwpx' }>): Problem[] {
  const zipProblems = emptyZips.map((zip) => foreignProblem(zip.name, zip.kind));
  const loose = entries.filter((entry) => !entry.fromZip);
  if (loose.length + zipProblems.length === 0) return [foreignProblem(undefined, 'noFiles')];
  if (loose.length > 5) return [...zipProblems, foreignProblem(undefined, 'noFiles', `(${loose.length})`)];
  return [
    ...zipProblems,
    ...loose.map((entry) => {
      const { sniffed } = entry;
      if (sniffed.kind === 'empty') return makeProblem('EMPTY_FILE', { file: entry.name });
      if (sniffed.kind === 'foreign') return foreignProblem(entry.name, sniffed.what, sniffed.label);
      return makeProblem('DAMAGED_FILE', { file: entry.name });
    }),
  ];
}

function foreignProblem(file: string | undefined, what: keyof typeof FOREIGN_KINDS, label = ''): Problem {
  const kind = FOREIGN_KINDS[what];
  const fill = (text: string) => text.replace('{label}', label).replace(/\s*\(\)/, '');
  const suffix = what === 'noFiles' && label ? ` ${label}` : '';
  return makeProblem('NOT_A_CERTIFICATE', {
    ...(file === undefined ? {} : { file }),
    what_ko: `${fill(kind.ko)}${suffix}${what === 'noFiles' ? '.' : '(으)로 보여요.'}`,
    what_en: what === 'noFiles' ? `${capitalise(fill(kind.en))}${suffix}.` : `It looks like ${fill(kind.en)}.`,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function analysePair(pair: PairCandidate, options: InspectOptions, pairExpected: boolean): Analysis {
  const problems: Problem[] = [];
  const cert = pair.cert ? readCertificateEntry(pair.cert, options.now, problems) : null;
  let privateKey: PrivateKeyInfo | null = null;
  let randomNum: Uint8Array | null = null;
  if (pair.key) {
    const key = analyseKey(pair.key, options.password, cert?.forge ?? null, problems);
    privateKey = key.info;
    randomNum = key.randomNum;
    if (!pair.cert) problems.push(makeProblem('CERT_MISSING', { file: pair.key.name }));
  } else if (pair.cert) {
    if (pairExpected) problems.push(makeProblem('KEY_MISSING', { file: pair.cert.name }));
    privateKey = pairExpected ? { present: false, encryption: null, decrypted: null, matchesCertificate: null, hasRandomNum: null } : null;
  }
  return { problems, certificate: cert?.info ?? null, privateKey, identity: identity(options.rrn, cert?.parsed ?? null, randomNum) };
}

function analysePfx(pfx: PfxCandidate, options: InspectOptions): Analysis {
  const problems: Problem[] = [];
  const noIdentity = options.rrn ? { checked: false, matches: null } : null;
  const unknownKey: PrivateKeyInfo = { present: true, encryption: null, decrypted: null, matchesCertificate: null, hasRandomNum: null };
  if (pfx.file.sniffed.kind !== 'pkcs12') {
    problems.push(unusableFileProblem(pfx.file));
    return { problems, certificate: null, privateKey: null, identity: noIdentity };
  }
  // Without a password, try the empty one (some exports use it); otherwise the contents stay unknown.
  const result = readPkcs12(pfx.file.sniffed.der, options.password ?? '');
  if (!result.ok) {
    if (options.password === undefined && result.reason === 'WRONG_PASSWORD')
      return { problems, certificate: null, privateKey: unknownKey, identity: noIdentity };
    problems.push(keyFailureProblem(result.reason, pfx.path, result.detail));
    return {
      problems,
      certificate: null,
      privateKey: result.reason === 'WRONG_PASSWORD' ? { ...unknownKey, decrypted: false } : unknownKey,
      identity: noIdentity,
    };
  }
  const key = result.privateKey;
  const index = Math.max(0, key ? result.certificates.findIndex((c) => privateKeyMatchesCertificate(key, c)) : 0);
  const der = result.certificateDers[index];
  const cert = der ? readCertificateDer(der, pfx.path, options.now, problems) : null;
  if (!der) problems.push(makeProblem('CERT_MISSING', { file: pfx.path }));
  if (!key) problems.push(makeProblem('KEY_MISSING', { file: pfx.path }));
  const matches = key && cert?.forge ? privateKeyMatchesCertificate(key, cert.forge) : null;
  if (matches === false) problems.push(makeProblem('KEY_MISMATCH', { file: pfx.path }));
  return {
    problems,
    certificate: cert?.info ?? null,
    privateKey: {
      present: key !== null,
      encryption: result.encryption,
      decrypted: key !== null,
      matchesCertificate: matches,
      hasRandomNum: key ? result.randomNum !== null : null,
    },
    identity: identity(options.rrn, cert?.parsed ?? null, result.randomNum),
  };
}

interface ReadCertificate {
  parsed: ParsedCertificate;
  info: CertificateInfo;
  forge: forge.pki.Certificate | null;
}

/** EMPTY_FILE for a 0-byte file, DAMAGED_FILE for anything else that is not what its slot needs. */
function unusableFileProblem(entry: Entry): Problem {
  return makeProblem(entry.sniffed.kind === 'empty' ? 'EMPTY_FILE' : 'DAMAGED_FILE', { file: entry.name });
}

function readCertificateEntry(entry: Entry, now: Date, problems: Problem[]): ReadCertificate | null {
  if (entry.sniffed.kind !== 'certificate') {
    problems.push(unusableFileProblem(entry));
    return null;
  }
  return readCertificateDer(entry.sniffed.der, entry.name, now, problems);
}

function readCertificateDer(der: Uint8Array, file: string, now: Date, problems: Problem[]): ReadCertificate | null {
  const parsed = parseCertificate(der);
  if (!parsed) {
    problems.push(makeProblem('DAMAGED_FILE', { file }));
    return null;
  }
  const view = npkiView(parsed);
  const daysLeft = Math.floor((parsed.notAfter.getTime() - now.getTime()) / DAY_MS);
  if (!view.isNpki) problems.push(makeProblem('NOT_NPKI', { file, detail: view.issuerName }));
  else if (view.testCa) problems.push(makeProblem('TEST_CA', { file, detail: attribute(parsed.issuer, 'CN') ?? view.issuerName }));
  if (now < parsed.notBefore) problems.push(makeProblem('NOT_YET_VALID', { file, date: koreanDate(parsed.notBefore) }));
  else if (now > parsed.notAfter) problems.push(makeProblem('EXPIRED', { file, date: koreanDate(parsed.notAfter) }));
  else if (daysLeft <= RENEWAL_WINDOW_DAYS) problems.push(makeProblem('RENEWAL_WINDOW', { file, days: daysLeft, date: koreanDate(parsed.notAfter) }));
  if (view.isNpki && view.generalPurpose === false)
    problems.push(makeProblem('USAGE_RESTRICTED', { file, detail_ko: view.usage ?? '', detail_en: view.usage_en ?? '' }));
  const commonName = attribute(parsed.subject, 'CN') ?? '';
  return {
    parsed,
    forge: toForgeCertificate(der),
    info: {
      subject: formatName(parsed.subject),
      owner: ownerFromCommonName(commonName),
      issuerOrg: view.issuerOrg,
      ca: view.ca,
      testCa: view.testCa,
      policyOid: view.policyOid,
      usage: view.usage,
      usage_en: view.usage_en,
      generalPurpose: view.generalPurpose,
      notBefore: parsed.notBefore.toISOString(),
      notAfter: parsed.notAfter.toISOString(),
      daysLeft,
      serial: parsed.serialHex,
    },
  };
}

/** Dates as Korean users see them (KST), e.g. "2020-03-25". */
function koreanDate(date: Date): string {
  return new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

function analyseKey(
  entry: Entry,
  password: string | undefined,
  certificate: forge.pki.Certificate | null,
  problems: Problem[],
): { info: PrivateKeyInfo; randomNum: Uint8Array | null } {
  const info: PrivateKeyInfo = { present: true, encryption: null, decrypted: null, matchesCertificate: null, hasRandomNum: null };
  if (entry.sniffed.kind !== 'key') {
    problems.push(unusableFileProblem(entry));
    return { info, randomNum: null };
  }
  const described = describeEncryptedKey(entry.sniffed.der);
  if (!described.ok) {
    problems.push(keyFailureProblem(described.reason, entry.name, described.detail));
    return { info, randomNum: null };
  }
  info.encryption = described.encryption;
  if (password === undefined) return { info, randomNum: null };
  const decrypted = decryptPrivateKey(entry.sniffed.der, password);
  if (!decrypted.ok) {
    problems.push(keyFailureProblem(decrypted.reason, entry.name, decrypted.detail));
    info.decrypted = decrypted.reason === 'WRONG_PASSWORD' ? false : null;
    return { info, randomNum: null };
  }
  info.decrypted = true;
  info.hasRandomNum = decrypted.randomNum !== null;
  if (certificate) {
    info.matchesCertificate = privateKeyMatchesCertificate(decrypted.privateKey, certificate);
    if (!info.matchesCertificate) problems.push(makeProblem('KEY_MISMATCH', { file: entry.name }));
  }
  return { info, randomNum: decrypted.randomNum };
}

// The crypto layer's details are English; Korean messages get a short generic phrase instead.
const KEY_FAILURE_DETAIL_KO = { WRONG_PASSWORD: '', UNSUPPORTED_ENCRYPTION: '알 수 없거나 오래된 암호화 방식', DAMAGED_FILE: '' } as const;

function keyFailureProblem(reason: 'WRONG_PASSWORD' | 'UNSUPPORTED_ENCRYPTION' | 'DAMAGED_FILE' | 'NOT_A_KEY', file: string, detail: string): Problem {
  if (reason === 'NOT_A_KEY') return foreignProblem(file, 'asn1Other');
  return makeProblem(reason, { file, detail_en: detail, detail_ko: KEY_FAILURE_DETAIL_KO[reason] });
}

function identity(rrn: string | undefined, cert: ParsedCertificate | null, randomNum: Uint8Array | null): IdentityResult | null {
  if (rrn === undefined) return null;
  if (!cert?.vid || !randomNum) return { checked: false, matches: null };
  const matches = vidMatches(rrn, randomNum, cert.vid);
  return { checked: matches !== null, matches };
}
