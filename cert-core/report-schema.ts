// The report shape shared by the CLI, the bot and the browser page. Field names are fixed by issue 3;
// fields may be added but never renamed or removed.
// zod/mini (same zod package, functional API): the browser bundle stays ~15 KB of zod instead of ~450 KB.
// Schemas still have .parse()/.safeParse().
import * as z from 'zod/mini';
import { PROBLEM_CODES } from './problem-texts.js';

export const ProblemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  severity: z.enum(['error', 'warning', 'info']),
  message_ko: z.string().check(z.minLength(1)),
  message_en: z.string().check(z.minLength(1)),
  fix_ko: z.string().check(z.minLength(1)),
  fix_en: z.string().check(z.minLength(1)),
  /** The file the problem is about (path inside the folder/zip), when there is one. */
  file: z.nullable(z.string()),
});

export const CertificateInfoSchema = z.object({
  subject: z.string(),
  owner: z.string(),
  /** Issuer's O= value, e.g. "yessign". */
  issuerOrg: z.nullable(z.string()),
  /** Korean CA name and brand, e.g. "금융결제원 (yessign)"; null when the issuer is not an accredited Korean CA. */
  ca: z.nullable(z.string()),
  testCa: z.boolean(),
  policyOid: z.nullable(z.string()),
  /** Korean usage label (e.g. "개인 범용"); the raw OID when the OID is not in the table; null without policy. */
  usage: z.nullable(z.string()),
  usage_en: z.nullable(z.string()),
  /** true = 범용 (general purpose), false = usage-restricted, null = unknown. */
  generalPurpose: z.nullable(z.boolean()),
  notBefore: z.string(),
  notAfter: z.string(),
  /** Whole days from `now` to notAfter, rounded down; negative once expired. */
  daysLeft: z.int(),
  /** Serial number in lower-case hex without leading zero bytes, e.g. "459c75". */
  serial: z.string(),
});

export const PrivateKeyInfoSchema = z.object({
  present: z.boolean(),
  encryption: z.nullable(z.string()),
  /** null when no password was given. */
  decrypted: z.nullable(z.boolean()),
  matchesCertificate: z.nullable(z.boolean()),
  hasRandomNum: z.nullable(z.boolean()),
});

export const IdentitySchema = z.object({
  checked: z.boolean(),
  matches: z.nullable(z.boolean()),
});

export const CertReportSchema = z.object({
  input: z.string(),
  ok: z.boolean(),
  problems: z.array(ProblemSchema),
  certificate: z.nullable(CertificateInfoSchema),
  privateKey: z.nullable(PrivateKeyInfoSchema),
  identity: z.nullable(IdentitySchema),
  /** Paths of further certificates found in the same folder/zip (the report covers the first one only). */
  otherCertificates: z.array(z.string()),
});

export type Problem = z.infer<typeof ProblemSchema>;
export type CertificateInfo = z.infer<typeof CertificateInfoSchema>;
export type PrivateKeyInfo = z.infer<typeof PrivateKeyInfoSchema>;
export type IdentityResult = z.infer<typeof IdentitySchema>;
export type CertReport = z.infer<typeof CertReportSchema>;
