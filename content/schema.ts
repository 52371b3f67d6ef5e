import { z } from 'zod';
import { PROBLEM_CODES } from '../cert-core/index.js';

/**
 * The shape of the content files (content/procedures/*.yaml, content/faq/*.yaml).
 * Every user-facing text is a Bilingual pair: Korean first, English second.
 */

export const Bilingual = z.object({ ko: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();
export type Bilingual = z.output<typeof Bilingual>;

/** 'other' is the generic "other bank" variant: it says where the menu usually is and to check with that bank. */
export const InstitutionId = z.enum(['epost', 'woori', 'other']);
/** 공동인증서 (file based, formerly 공인인증서) / 금융인증서 (kept in the 금융결제원 cloud). */
export const CertType = z.enum(['joint', 'financial']);
export const Channel = z.enum(['app', 'internet_banking', 'branch']);
export const ProcedureKind = z.enum(['issue', 'reissue', 'renew', 'register_other', 'deregister_other', 'copy_cert']);
export const TroubleId = z.enum(['trouble_password', 'trouble_expired', 'trouble_unrecognized']);
/** Where the user does it; for copy_cert, the device the certificate is on now. */
export const Device = z.enum(['pc', 'phone', 'any']);

export const StepSchema = z
  .object({
    title: Bilingual,
    text: Bilingual,
    tip: Bilingual.optional(),
    caution: Bilingual.optional(),
    /** The most likely trouble at this step, for the '잘 안 돼요' button. */
    trouble: TroubleId.optional(),
    /** The step says "open the app" / "go to the site": its card links to the institution's (content/institutions.yaml). */
    opens: z.array(z.enum(['app', 'site'])).optional(),
  })
  .strict();

export const ProcedureSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'ids use lower-case letters, digits and "-"'),
    kind: ProcedureKind,
    institution: InstitutionId,
    certType: CertType,
    channel: Channel,
    device: Device.default('any'),
    title: Bilingual,
    /** One or two sentences: what this procedure achieves. */
    summary: Bilingual,
    /** What to have ready before starting. */
    prerequisites: z.array(Bilingual),
    steps: z.array(StepSchema).min(2),
    /** What success looks like at the end. */
    success: Bilingual,
    troubleshooting: z.array(TroubleId),
    /** Where the text comes from and how far to trust it (menu names change between app versions). */
    source: Bilingual,
  })
  .strict();

export const FaqTopic = z.enum([
  'joint_vs_financial',
  'general_vs_restricted',
  'name_change_2020',
  'fees_validity',
  'security_tips',
  'where_stored',
  'renewal_timing',
  'financial_copy',
  'what_is_financial',
  'expiry_check',
  'reregister',
  'pfx_file',
  'revoke_lost',
  'public_pc',
  'public_services',
  'usb_backup',
  'new_phone',
  'lost_phone_financial',
  'security_programs',
  'password_rules',
  'account_opening',
  'call_center',
]);

export const FaqSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'ids use lower-case letters, digits and "-"'),
    topic: FaqTopic,
    question: Bilingual,
    /** May use simple markdown lists ("- item" lines), which Adaptive Card TextBlocks render. */
    answer: Bilingual,
    /** Buttons under the answer: procedures, troubles, or a person. */
    related: z.array(z.union([ProcedureKind, TroubleId, z.literal('agent')])).default([]),
    /**
     * Words that name this topic whatever the recogniser makes of the sentence ("폐기", "고객센터+번호"):
     * each pattern is words joined by "+", all of which must appear, spacing-insensitive.
     */
    keywords: z.array(z.string().trim().min(2)).default([]),
  })
  .strict();

/** cert-core's problem codes (its own list, not a copy): a diagnosis names them to say which fix applies. */
export const ProblemCode = z.enum(PROBLEM_CODES);

/** A way out of a troubleshooting card: a procedure, a file check, another trouble, a FAQ, a person. */
export const TroubleAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('procedure'), kind: ProcedureKind }).strict(),
  /** upload: the public certificate (signCert.der) is checked on the server; local: the page checks key + password on the device. */
  z.object({ type: z.literal('check'), mode: z.enum(['upload', 'local']) }).strict(),
  z.object({ type: z.literal('trouble'), trouble: TroubleId }).strict(),
  z.object({ type: z.literal('faq'), id: z.string() }).strict(),
  z.object({ type: z.literal('agent') }).strict(),
]);

export const TroubleOptionSchema = z
  .object({
    label: Bilingual,
    /** The node this answer leads to. */
    next: z.string(),
    /** What the answer tells us, remembered for the procedures it may lead to. */
    set: z.object({ certType: CertType.optional() }).strict().optional(),
    /** "그래도 안 돼요": counts towards the two failed attempts after which a person is offered first. */
    failed: z.boolean().default(false),
  })
  .strict();

export const TroubleNodeSchema = z
  .object({
    title: Bilingual,
    text: Bilingual.optional(),
    /** Things to check, shown as a bullet list. */
    checklist: z.array(Bilingual).default([]),
    /** Questions that lead on to other nodes. */
    options: z.array(TroubleOptionSchema).default([]),
    /** Ways out of the tree. */
    actions: z.array(TroubleAction).default([]),
  })
  .strict();

/** A diagnosis as a small decision tree: questions (options) lead to nodes; actions lead out. */
export const TroubleTreeSchema = z
  .object({
    id: TroubleId,
    start: z.string(),
    nodes: z.record(z.string().regex(/^[a-z0-9_]+$/), TroubleNodeSchema),
  })
  .strict();

/** What to do about each problem a certificate check finds (content/troubles/fixes.yaml). */
export const FixesSchema = z
  .object({
    fixes: z.record(ProblemCode, z.array(TroubleAction).min(1)),
  })
  .strict();

export type TroubleAction = z.output<typeof TroubleAction>;
export type TroubleNode = z.output<typeof TroubleNodeSchema>;
export type TroubleTree = z.output<typeof TroubleTreeSchema>;
export type Fixes = z.output<typeof FixesSchema>['fixes'];
export type ProblemCode = z.output<typeof ProblemCode>;

export type InstitutionId = z.output<typeof InstitutionId>;
export type CertType = z.output<typeof CertType>;
export type Channel = z.output<typeof Channel>;
export type ProcedureKind = z.output<typeof ProcedureKind>;
export type TroubleId = z.output<typeof TroubleId>;
export type Device = z.output<typeof Device>;
export type FaqTopic = z.output<typeof FaqTopic>;
export type Step = z.output<typeof StepSchema>;
export type Procedure = z.output<typeof ProcedureSchema>;
export type Faq = z.output<typeof FaqSchema>;
