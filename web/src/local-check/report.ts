// What the local check sends to the conversation and how it reads the picked files: pure functions,
// no DOM, so that they can be unit-tested and the panel stays about showing things.
import { maskOwnerName, type CertReport } from '../../../cert-core/index.js';

// Reading is bounded before cert-core sees anything: a wrong folder pick must not load gigabytes.
export const MAX_FILES = 200;
export const MAX_READ_BYTES = 16 * 1024 * 1024;
// In a picked folder only certificate-shaped names matter (NPKI folders hold signCert.der/signPri.key).
const CERTIFICATE_NAME = /\.(der|key|pfx|p12|zip|cer|crt|pem)$/i;

export type PickKind = 'none' | 'files' | 'folder';
export interface Picked {
  kind: PickKind;
  files: File[];
}

/** The report as the chat gets it, plus how many other certificates were found (shown, never sent). */
export interface SharedReport {
  value: CertReport;
  otherCount: number;
}

export function selectFiles({ kind, files }: Picked): { files: File[]; tooBig: boolean } {
  const candidates = kind === 'folder' ? files.filter((file) => CERTIFICATE_NAME.test(file.name)) : files;
  const total = candidates.reduce((sum, file) => sum + file.size, 0);
  return { files: candidates, tooBig: candidates.length > MAX_FILES || total > MAX_READ_BYTES };
}

export async function readFiles(files: File[], kind: PickKind): Promise<{ name: string; bytes: Uint8Array }[]> {
  return Promise.all(
    files.map(async (file) => ({
      // Folder picks keep the relative path so cert-core can pair signCert.der with its signPri.key.
      name: kind === 'folder' && file.webkitRelativePath ? file.webkitRelativePath : file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}

export function pickedLabel({ kind, files }: Picked): string {
  const label = kind === 'folder' ? topFolder(files) : files.map((file) => file.name).join(', ');
  return label.length > 200 ? `${label.slice(0, 199)}…` : label;
}

export function topFolder(files: File[]): string {
  const path = files[0]?.webkitRelativePath ?? '';
  return path.split('/')[0] || (files[0]?.name ?? '');
}

function baseName(path: string): string {
  const parts = String(path).split(/[\\/]/);
  return parts[parts.length - 1];
}

/**
 * The report as the conversation may see it: only the documented fields, file paths cut to base names
 * (NPKI folder names contain the owner's name), the owner's name masked wherever it appears, and no
 * identity check or list of other certificates.
 */
export function reportForChat(report: CertReport): SharedReport {
  const owner = report.certificate?.owner?.trim() ?? '';
  const masked = owner ? maskOwnerName(owner) : '';
  const hide = (text: string): string => (owner ? text.split(owner).join(masked) : text);
  const certificate = report.certificate;
  const key = report.privateKey;
  const value: CertReport = {
    input: hide(baseName(report.input)),
    ok: report.ok,
    problems: report.problems.map((problem) => ({
      code: problem.code,
      severity: problem.severity,
      message_ko: hide(problem.message_ko),
      message_en: hide(problem.message_en),
      fix_ko: hide(problem.fix_ko),
      fix_en: hide(problem.fix_en),
      file: problem.file === null ? null : hide(baseName(problem.file)),
    })),
    certificate: certificate && {
      subject: hide(certificate.subject),
      owner: masked,
      issuerOrg: certificate.issuerOrg,
      ca: certificate.ca,
      testCa: certificate.testCa,
      policyOid: certificate.policyOid,
      usage: certificate.usage,
      usage_en: certificate.usage_en,
      generalPurpose: certificate.generalPurpose,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      daysLeft: certificate.daysLeft,
      serial: certificate.serial,
    },
    privateKey: key && {
      present: key.present,
      encryption: key.encryption,
      decrypted: key.decrypted,
      matchesCertificate: key.matchesCertificate,
      hasRandomNum: key.hasRandomNum,
    },
    identity: null,
    otherCertificates: [],
  };
  return { value, otherCount: report.otherCertificates.length };
}

type KeyInfo = CertReport['privateKey'];

export function keyStatus(key: KeyInfo): { ko: string; en: string } {
  if (!key || !key.present) return { ko: '없음', en: 'missing' };
  if (key.decrypted === null) return { ko: '있음 (비밀번호를 넣지 않아 확인하지 않음)', en: 'present (not checked: no password)' };
  if (!key.decrypted) return { ko: '있음 (비밀번호로 열리지 않음)', en: 'present (the password does not open it)' };
  return key.matchesCertificate === false
    ? { ko: '있음 (이 인증서의 키가 아님)', en: 'present (belongs to another certificate)' }
    : { ko: '있음 (비밀번호 맞음)', en: 'present (password correct)' };
}

/** ISO date → YYYY-MM-DD in Korea time, which is what certificate screens in Korea show. */
export function kstDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time + 9 * 3600 * 1000).toISOString().slice(0, 10);
}
