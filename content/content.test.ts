import { afterAll, describe, expect, test } from '@jest/globals';
import { cpSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { copyOfContent, edit, emptyContentDir, errorOf, removeContentCopies } from './content-copies.js';
import { findProcedure, loadContent, type Content } from './load.js';
import type { CertType, Channel, InstitutionId, ProcedureKind } from './schema.js';

const content: Content = loadContent();

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/;

/**
 * English texts may name a Korean menu or term only inside quotes, parentheses or code spans,
 * e.g. “인증센터” (Certificate Center) or (공동인증서): the user sees that exact label on screen.
 */
function hangulOutsideQuotes(english: string): boolean {
  let rest = english.replace(/`[^`]*`/g, '').replace(/“[^”]*”/g, '').replace(/‘[^’]*’/g, '').replace(/"[^"]*"/g, '');
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(/\([^()]*\)/g, '');
  }
  return HANGUL.test(rest);
}

interface BilingualAt {
  where: string;
  ko: string;
  en: string;
}

/** Every {ko, en} pair anywhere in an item, with where it is (for readable failures). */
function bilingualTexts(value: unknown, where: string): BilingualAt[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => bilingualTexts(item, `${where}.${index}`));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.ko === 'string' && typeof record.en === 'string') return [{ where, ko: record.ko, en: record.en }];
    return Object.entries(record).flatMap(([key, child]) => bilingualTexts(child, `${where}.${key}`));
  }
  return [];
}

const allTexts = [
  ...content.procedures.flatMap((p) => bilingualTexts(p, p.id)),
  ...content.faq.flatMap((f) => bilingualTexts(f, f.id)),
  ...content.troubles.flatMap((t) => bilingualTexts(t, t.id)),
];

describe('the real content', () => {
  test('loads procedures and FAQ', () => {
    expect(content.procedures.length).toBeGreaterThanOrEqual(20);
    expect(content.faq.length).toBeGreaterThanOrEqual(6);
  });

  const seedProcedures: [ProcedureKind, InstitutionId, CertType, Channel][] = [
    ['register_other', 'epost', 'joint', 'app'],
    ['issue', 'epost', 'joint', 'internet_banking'],
    ['reissue', 'epost', 'joint', 'internet_banking'],
    ['issue', 'woori', 'joint', 'app'],
    ['register_other', 'woori', 'joint', 'app'],
    ['reissue', 'woori', 'joint', 'app'],
    ['issue', 'epost', 'financial', 'app'],
    ['register_other', 'epost', 'financial', 'internet_banking'],
    ['renew', 'epost', 'financial', 'app'],
    ['reissue', 'epost', 'financial', 'app'],
    ['register_other', 'woori', 'joint', 'internet_banking'],
    ['deregister_other', 'woori', 'joint', 'internet_banking'],
  ];
  test.each(seedProcedures)('seed procedure %s / %s / %s / %s exists', (kind, institution, certType, channel) => {
    const matches = content.procedures.filter(
      (p) => p.kind === kind && p.institution === institution && p.certType === certType && p.channel === channel,
    );
    expect(matches).toHaveLength(1);
  });

  const genericVariants: [ProcedureKind, CertType][] = [
    ['issue', 'joint'],
    ['reissue', 'joint'],
    ['renew', 'joint'],
    ['register_other', 'joint'],
    ['deregister_other', 'joint'],
    ['issue', 'financial'],
    ['renew', 'financial'],
    ['reissue', 'financial'],
    ['register_other', 'financial'],
  ];
  test.each(genericVariants)("generic 'other' variant of %s for %s certificates exists and points to the bank", (kind, certType) => {
    const generic = content.procedures.find((p) => p.kind === kind && p.certType === certType && p.institution === 'other');
    expect(generic).toBeDefined();
    const allKorean = generic!.steps.map((s) => s.text.ko).join(' ');
    expect(allKorean).toMatch(/인증센터|인증서 관리/);
    expect(generic!.source.ko).toMatch(/확인해 주세요/);
  });

  test('copying between PC and phone: one procedure per direction, none for financial certificates', () => {
    const copies = content.procedures.filter((p) => p.kind === 'copy_cert');
    expect(copies.map((p) => [p.institution, p.certType, p.device]).sort()).toEqual([
      ['other', 'joint', 'pc'],
      ['other', 'joint', 'phone'],
    ]);
    const financialCopy = content.faq.find((f) => f.topic === 'financial_copy');
    expect(financialCopy?.answer.ko).toMatch(/클라우드/);
  });

  test('the FAQ covers every cert_info topic the assistant promises', () => {
    const topics = new Set(content.faq.map((f) => f.topic));
    for (const topic of ['joint_vs_financial', 'general_vs_restricted', 'name_change_2020', 'fees_validity', 'security_tips', 'where_stored', 'renewal_timing'] as const) {
      expect(topics).toContain(topic);
    }
    // The dialogs link to this id from the "not sure which certificate" button.
    expect(content.faq.map((f) => f.id)).toContain('joint-vs-financial');
  });

  test('every text is bilingual: Korean has Hangul, English has Hangul only inside quotes or parentheses', () => {
    expect(allTexts.length).toBeGreaterThan(400);
    const problems = allTexts.flatMap(({ where, ko, en }) => [
      ...(ko.trim() && en.trim() ? [] : [`${where}: empty`]),
      ...(HANGUL.test(ko) ? [] : [`${where}.ko has no Hangul: ${ko}`]),
      ...(hangulOutsideQuotes(en) ? [`${where}.en has Hangul outside quotes/parentheses: ${en}`] : []),
    ]);
    expect(problems).toEqual([]);
  });

  test('the Hangul rule itself tells quoted menu names from untranslated text', () => {
    expect(hangulOutsideQuotes('Open “인증센터” (Certificate Center).')).toBe(false);
    expect(hangulOutsideQuotes('A joint certificate (공동인증서, formerly the "accredited" one).')).toBe(false);
    expect(hangulOutsideQuotes('Open 인증센터 and tap it.')).toBe(true);
  });

  test('every step names a trouble that the procedure also lists', () => {
    for (const procedure of content.procedures) {
      for (const step of procedure.steps) {
        if (step.trouble) expect(procedure.troubleshooting).toContain(step.trouble);
      }
    }
  });
});

describe('broken content', () => {
  afterAll(removeContentCopies);

  test('an unmodified copy loads', () => {
    expect(loadContent(copyOfContent()).procedures).toHaveLength(content.procedures.length);
  });

  test('a missing English text names the file, the path inside it and the reason', () => {
    const dir = copyOfContent();
    // Step 3 (index 2) of this file: drop its English text.
    edit(dir, 'procedures/woori-joint-deregister-other-web.yaml', (text) =>
      text.replace('      en: Click “해제” (Remove) or “삭제” (Delete), enter the certificate password and click “확인” (OK).\n', ''),
    );
    const error = errorOf(dir);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: 'procedures/woori-joint-deregister-other-web.yaml', path: 'steps.2.text.en' });
    expect(error.message).toContain('procedures/woori-joint-deregister-other-web.yaml: steps.2.text.en (line');
    expect(error.message).toMatch(/expected string/);
  });

  test('a text cut by YAML syntax (an unquoted " #" starts a comment) is refused with its line', () => {
    const dir = copyOfContent();
    edit(dir, 'troubles/trouble_password.yaml', (text) =>
      text.replace('"특수문자(!, @, # 등)를 Shift와 함께 제대로 눌렀는지 확인해요."', '특수문자(!, @, # 등)를 Shift와 함께 제대로 눌렀는지 확인해요.'),
    );
    const error = errorOf(dir);
    expect(error.issues[0]).toMatchObject({ file: 'troubles/trouble_password.yaml', path: expect.stringMatching(/checklist\.ko$/) });
    expect(error.issues[0].reason).toMatch(/YAML comment.*"특수문자\(!, @,"/);
    expect(error.issues[0].line).toBeGreaterThan(0);
  });

  test('a text that ends with an open bracket or a comma is refused as cut short', () => {
    const dir = copyOfContent();
    edit(dir, 'faq/fees-validity.yaml', (text) => text.replace('  ko: 인증서 발급 비용과 유효기간은 어떻게 돼요?', '  ko: 인증서 발급 비용과 유효기간은 (어떻게'));
    expect(errorOf(dir).issues[0]).toMatchObject({ file: 'faq/fees-validity.yaml', path: 'question.ko' });
  });

  test('a YAML syntax error names the file and the line', () => {
    const dir = copyOfContent();
    edit(dir, 'faq/fees-validity.yaml', (text) => text.replace('topic: fees_validity', 'topic: [fees_validity'));
    const error = errorOf(dir);
    expect(error.issues[0].file).toBe('faq/fees-validity.yaml');
    expect(error.issues[0].line).toBeGreaterThan(0);
    expect(error.message).toMatch(/^Invalid content.*faq\/fees-validity\.yaml: line \d+: YAML syntax/s);
  });

  test('unknown keys and unknown enum values are refused with their path', () => {
    const dir = copyOfContent();
    edit(dir, 'procedures/other-joint-issue.yaml', (text) => text.replace('channel: app', 'channel: fax'));
    edit(dir, 'faq/security-tips.yaml', (text) => `${text}\ncolour: blue\n`);
    const error = errorOf(dir);
    expect(error.issues.map((i) => [i.file, i.path])).toEqual([
      ['procedures/other-joint-issue.yaml', 'channel'],
      ['faq/security-tips.yaml', ''],
    ]);
    expect(error.issues[1].reason).toContain('colour');
  });

  test('an empty Korean text is refused', () => {
    const dir = copyOfContent();
    edit(dir, 'faq/financial-copy.yaml', (text) => text.replace('  ko: 금융인증서도 PC에서 휴대폰으로 복사해야 해요?', '  ko: "  "'));
    expect(errorOf(dir).issues[0]).toMatchObject({ file: 'faq/financial-copy.yaml', path: 'question.ko' });
  });

  test('duplicate ids are refused', () => {
    const dir = copyOfContent();
    // The same item saved twice under both YAML extensions: an easy accident.
    cpSync(path.join(dir, 'procedures/other-joint-renew.yaml'), path.join(dir, 'procedures/other-joint-renew.yml'));
    const error = errorOf(dir);
    expect(error.message).toContain('duplicate id "other-joint-renew"');
    expect(error.issues.some((i) => i.file === 'procedures/other-joint-renew.yml' && i.path === 'id')).toBe(true);
  });

  test('an id that does not match its file name is refused', () => {
    const dir = copyOfContent();
    cpSync(path.join(dir, 'procedures/other-joint-renew.yaml'), path.join(dir, 'procedures/other-joint-renew-2.yaml'));
    expect(errorOf(dir).message).toContain('procedures/other-joint-renew-2.yaml: id (line 1): id "other-joint-renew" must match the file name');
  });

  test('two procedures for the same kind, institution, certificate type and channel are refused', () => {
    const dir = copyOfContent();
    cpSync(path.join(dir, 'procedures/other-joint-renew.yaml'), path.join(dir, 'procedures/other-joint-renew-copy.yaml'));
    edit(dir, 'procedures/other-joint-renew-copy.yaml', (text) => text.replace('id: other-joint-renew', 'id: other-joint-renew-copy'));
    const error = errorOf(dir);
    expect(error.issues).toHaveLength(1);
    expect(error.message).toContain('same kind/institution/certType/channel (renew/other/joint/app)');
    expect(error.message).toContain('procedures/other-joint-renew.yaml');
    expect(error.message).toContain('procedures/other-joint-renew-copy.yaml');
  });

  test("a kind without its generic 'other' variant is refused", () => {
    const dir = copyOfContent();
    unlinkSync(path.join(dir, 'procedures/other-joint-deregister-other.yaml'));
    expect(errorOf(dir).message).toContain("no generic 'other' institution procedure for deregister_other with joint certificates");
  });

  test('a missing folder is named', () => {
    expect(errorOf(emptyContentDir()).issues.map((i) => i.file)).toEqual(['procedures', 'faq', 'troubles', 'institutions.yaml']);
  });
});

describe('findProcedure', () => {
  test('finds the institution’s own procedure', () => {
    expect(findProcedure(content, { kind: 'register_other', institution: 'epost', certType: 'joint' })?.id).toBe('epost-joint-register-other-app');
    expect(findProcedure(content, { kind: 'renew', institution: 'epost', certType: 'financial' })?.id).toBe('epost-financial-renew-app');
  });

  test("falls back to the generic 'other' procedure when the institution has none", () => {
    expect(findProcedure(content, { kind: 'renew', institution: 'woori', certType: 'joint' })?.id).toBe('other-joint-renew');
    expect(findProcedure(content, { kind: 'issue', institution: 'woori', certType: 'financial' })?.id).toBe('other-financial-issue');
    expect(findProcedure(content, { kind: 'issue', certType: 'joint' })?.institution).toBe('other');
  });

  test('prefers the asked channel, but keeps the institution’s own steps over a generic channel match', () => {
    const woori = { kind: 'register_other', institution: 'woori', certType: 'joint' } as const;
    expect(findProcedure(content, { ...woori, channel: 'internet_banking' })?.id).toBe('woori-joint-register-other-web');
    expect(findProcedure(content, { ...woori, channel: 'app' })?.id).toBe('woori-joint-register-other-app');
    expect(findProcedure(content, { kind: 'issue', institution: 'woori', certType: 'joint', channel: 'internet_banking' })?.id).toBe(
      'woori-joint-issue-app',
    );
  });

  test('picks the copy direction by the device the certificate is on', () => {
    expect(findProcedure(content, { kind: 'copy_cert', device: 'phone' })?.id).toBe('other-joint-copy-phone-to-pc');
    expect(findProcedure(content, { kind: 'copy_cert', device: 'pc' })?.id).toBe('other-joint-copy-pc-to-phone');
  });

  test('returns undefined when nothing fits', () => {
    expect(findProcedure(content, { kind: 'copy_cert', certType: 'financial' })).toBeUndefined();
    expect(findProcedure({ procedures: [] }, { kind: 'issue' })).toBeUndefined();
  });
});
