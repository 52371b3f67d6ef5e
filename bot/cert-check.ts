import type { Activity, Attachment } from 'botbuilder';
import { CertReportSchema, inspect, maskOwnerName, zipEntryNames, type CertReport } from '../cert-core/index.js';
import type { CheckOutcome } from '../dialogs/check-outcome.js';
import { isPrivateKeyFileName } from '../cert-core/key-files.js';
import type { AttachmentReader } from './attachments.js';

const MAX_TEXT = 400;

/**
 * Checks certificate files on the server — public certificates only. Private material (signPri.key,
 * .pfx/.p12, a zip holding one) is refused unread: its name, or a zip's directory, is all we look at.
 * Everything happens in memory; nothing of the file is kept.
 */
export class CertChecker {
  constructor(
    private readonly attachments: AttachmentReader,
    private readonly now: () => Date,
  ) {}

  async checkUploads(activity: Partial<Activity>): Promise<CheckOutcome> {
    const files = (activity.attachments ?? []).filter((a): a is Attachment & { contentUrl: string } => Boolean(a.contentUrl));
    const origin = { channelId: activity.channelId ?? '', conversationId: activity.conversation?.id ?? '' };
    // Refusing private material includes making the channel forget every file of this message.
    const refuse = (names: string[]): CheckOutcome => {
      for (const file of files) this.attachments.discard?.(file, origin);
      return { kind: 'private', names };
    };
    const privateNames = files.map((f) => f.name ?? '').filter(isPrivateKeyFileName);
    if (privateNames.length > 0) return refuse(privateNames);

    const inputs = [];
    for (const file of files) {
      const outcome = await this.attachments.read(file, origin);
      if (!outcome.ok) return { kind: 'unreadable', reason: outcome.reason };
      const inside = zipEntryNames(outcome.file.bytes).filter(isPrivateKeyFileName);
      if (inside.length > 0) return refuse(inside);
      inputs.push({ name: outcome.file.name, bytes: outcome.file.bytes });
    }
    const report = inspect(inputs, { now: this.now(), input: inputs.map((i) => i.name).join(', ') });
    // A key hidden under another name (sniffed by content) is refused just the same, without a password.
    if (report.privateKey?.present) return refuse(inputs.map((i) => i.name));
    return { kind: 'report', report: masked(forUploads(report)), source: 'upload' };
  }

  /** A report the web page made on the user's device (event certcheck/report), checked against the schema. */
  fromLocalReport(value: unknown): CheckOutcome {
    const parsed = CertReportSchema.safeParse(value);
    if (!parsed.success) return { kind: 'invalid_report' };
    return { kind: 'report', report: masked(bounded(parsed.data)), source: 'local' };
  }
}

/**
 * Uploads are asked to leave the key out, so a missing key is expected, not a problem; and a file
 * that is not a certificate is answered with what to upload here, not with what a key check needs.
 */
function forUploads(report: CertReport): CertReport {
  const problems = report.problems
    .filter((p) => p.code !== 'KEY_MISSING')
    .map((p) => (p.code === 'NOT_A_CERTIFICATE' ? { ...p, fix_ko: UPLOAD_FIX.ko, fix_en: UPLOAD_FIX.en } : p));
  return { ...report, problems, ok: !problems.some((p) => p.severity === 'error') };
}

const UPLOAD_FIX = {
  ko: 'NPKI 폴더 안의 인증서 파일(signCert.der)만 올려 주세요. 개인키(signPri.key)는 올리지 마세요.',
  en: 'Upload only the certificate file (signCert.der) from the NPKI folder. Do not upload the private key (signPri.key).',
};

/** Only a masked owner name ever leaves this module (홍길동 → 홍*동). */
function masked(report: CertReport): CertReport {
  if (!report.certificate) return report;
  return { ...report, certificate: { ...report.certificate, owner: maskOwnerName(report.certificate.owner), subject: '' } };
}

/** A report from a client is data, not trusted text: keep its strings short. */
function bounded(report: CertReport): CertReport {
  const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);
  return {
    ...report,
    input: cut(report.input.split(/[\\/]/).pop() ?? ''),
    problems: report.problems.slice(0, 20).map((p) => ({
      ...p,
      message_ko: cut(p.message_ko),
      message_en: cut(p.message_en),
      fix_ko: cut(p.fix_ko),
      fix_en: cut(p.fix_en),
      file: p.file === null ? null : cut(p.file),
    })),
    otherCertificates: [],
  };
}
