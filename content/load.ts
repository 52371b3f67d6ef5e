import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  FaqSchema,
  FixesSchema,
  ProcedureSchema,
  TroubleTreeSchema,
  type CertType,
  type Channel,
  type Device,
  type Faq,
  type Fixes,
  type InstitutionId,
  type Procedure,
  type ProcedureKind,
  type TroubleTree,
} from './schema.js';
import { ContentError, type ContentIssue, type Loaded } from './issues.js';
import { InstitutionsSchema, type Institutions } from './institutions-schema.js';
import { CannedAnswersSchema, type CannedAnswer } from './canned-answers-schema.js';
import { cutTexts } from './text-checks.js';
import { troubleIssues } from './trouble-checks.js';

export { ContentError, type ContentIssue, type Loaded };

export interface Content {
  procedures: Procedure[];
  faq: Faq[];
  /** One decision tree per trouble id (content/troubles/<id>.yaml). */
  troubles: TroubleTree[];
  /** The buttons for each problem a certificate check can find (content/troubles/fixes.yaml). */
  fixes: Fixes;
  /** Each named institution's official site, app and call center (content/institutions.yaml). */
  institutions: Institutions;
}

const DEFAULT_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Lives among the trouble trees but is not one: it maps problem codes to buttons. */
const FIXES_FILE = 'fixes.yaml';
const INSTITUTIONS_FILE = 'institutions.yaml';

/**
 * Reads and validates every procedure, FAQ and trouble file, then the rules that span files.
 * Collects all problems before throwing, so an author fixes them in one go.
 */
export function loadContent(dir: string = DEFAULT_DIR): Content {
  const issues: ContentIssue[] = [];
  const procedures = readFolder(dir, 'procedures', ProcedureSchema, issues);
  const faq = readFolder(dir, 'faq', FaqSchema, issues);
  const troubles = readFolder(dir, 'troubles', TroubleTreeSchema, issues, [FIXES_FILE]);
  const fixes = readFixes(dir, issues);
  const institutions = readSingle(dir, INSTITUTIONS_FILE, InstitutionsSchema, issues);
  if (issues.length === 0 && fixes && institutions) {
    issues.push(...crossFileIssues(procedures, faq));
    issues.push(...linkIssues(procedures));
    issues.push(...troubleIssues(troubles, fixes, { faq: faq.map((f) => f.value), procedures: procedures.map((p) => p.value) }));
  }
  if (issues.length > 0 || !fixes || !institutions) throw new ContentError(issues);
  return {
    procedures: procedures.map((p) => p.value),
    faq: faq.map((f) => f.value),
    troubles: troubles.map((t) => t.value),
    fixes: fixes.value.fixes,
    institutions: institutions.value.institutions,
  };
}

/** Only the institutions' ways out (for the callback form, which needs nothing else of the content). */
export function loadInstitutions(dir: string = DEFAULT_DIR): Institutions {
  const issues: ContentIssue[] = [];
  const loaded = readSingle(dir, INSTITUTIONS_FILE, InstitutionsSchema, issues);
  if (!loaded) throw new ContentError(issues);
  return loaded.value.institutions;
}

/** The console's canned answers (content/canned-answers.yaml); a broken file stops the start like any content. */
export function loadCannedAnswers(dir: string = DEFAULT_DIR): CannedAnswer[] {
  const issues: ContentIssue[] = [];
  const loaded = readSingle(dir, 'canned-answers.yaml', CannedAnswersSchema, issues);
  if (!loaded) throw new ContentError(issues);
  return loaded.value.answers;
}

function readSingle<S extends z.ZodType>(dir: string, file: string, schema: S, issues: ContentIssue[]): Loaded<z.output<S>> | undefined {
  if (existsSync(path.join(dir, file))) return readOne(path.join(dir, file), file, schema, issues, { idFromFileName: false });
  issues.push({ file, path: '', reason: 'file not found' });
  return undefined;
}

/** A step that links to its institution's app or site needs an institution that has them ('other' has none). */
function linkIssues(procedures: Loaded<Procedure>[]): ContentIssue[] {
  return procedures.flatMap(({ file, value, lineAt }) =>
    value.institution !== 'other'
      ? []
      : value.steps.flatMap((step, i) =>
          step.opens ? [{ file, path: `steps.${i}.opens`, line: lineAt(['steps', i, 'opens']), reason: 'only a named institution has an official site and app to link to' }] : [],
        ),
  );
}

function readFolder<S extends z.ZodType>(
  dir: string,
  folder: string,
  schema: S,
  issues: ContentIssue[],
  skip: readonly string[] = [],
): Loaded<z.output<S>>[] {
  const folderPath = path.join(dir, folder);
  if (!existsSync(folderPath)) {
    issues.push({ file: folder, path: '', reason: `folder not found in ${dir}` });
    return [];
  }
  // Sorted so that the order (and therefore every fallback choice) does not depend on the file system.
  const files = readdirSync(folderPath)
    .filter((name) => /\.ya?ml$/.test(name) && !skip.includes(name))
    .sort();
  const loaded: Loaded<z.output<S>>[] = [];
  for (const name of files) {
    const one = readOne(path.join(folderPath, name), `${folder}/${name}`, schema, issues);
    if (one) loaded.push(one);
  }
  return loaded;
}

function readFixes(dir: string, issues: ContentIssue[]): Loaded<z.output<typeof FixesSchema>> | undefined {
  const file = `troubles/${FIXES_FILE}`;
  const fullPath = path.join(dir, 'troubles', FIXES_FILE);
  // A missing troubles folder has been reported already.
  if (!existsSync(fullPath)) {
    if (existsSync(path.dirname(fullPath))) issues.push({ file, path: '', reason: 'file not found: every problem code needs its fixes' });
    return undefined;
  }
  return readOne(fullPath, file, FixesSchema, issues, { idFromFileName: false });
}

function readOne<S extends z.ZodType>(
  fullPath: string,
  file: string,
  schema: S,
  issues: ContentIssue[],
  { idFromFileName = true } = {},
): Loaded<z.output<S>> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(fullPath, 'utf8'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      issues.push({ file, path: '', line: lineCounter.linePos(error.pos[0]).line, reason: `YAML syntax: ${firstLine(error.message)}` });
    }
    return undefined;
  }
  const cut = cutTexts(doc, lineCounter);
  if (cut.length > 0) {
    for (const problem of cut) issues.push({ file, path: problem.path, line: problem.line, reason: problem.reason });
    return undefined;
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keys = issue.path.map((key) => (typeof key === 'symbol' ? key.toString() : key));
      // zod says "expected array, received undefined" for a key that is simply not there: say so first.
      const reason = /received undefined$/.test(issue.message) ? `missing (${issue.message})` : withDetail(issue);
      issues.push({ file, path: keys.join('.'), line: lineOf(doc, keys, lineCounter), reason });
    }
    return undefined;
  }
  if (idFromFileName) {
    const id = (result.data as { id: string }).id;
    const expected = path.basename(file).replace(/\.ya?ml$/, '');
    if (id !== expected) {
      // One file per item, named after its id, so an error message or a feedback record leads straight to the file.
      issues.push({ file, path: 'id', line: lineOf(doc, ['id'], lineCounter), reason: `id "${id}" must match the file name "${expected}"` });
      return undefined;
    }
  }
  return { file, value: result.data, lineAt: (keys) => lineOf(doc, keys, lineCounter) };
}

/** zod's "Invalid key in record" hides why the key is invalid; the nested issue says it. */
function withDetail(issue: z.core.$ZodIssue): string {
  const nested = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
  return nested ? `${issue.message}: ${nested}` : issue.message;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** The line of the deepest node that exists along `keys` (a missing key points at its parent). */
function lineOf(doc: Document, keys: (string | number)[], lineCounter: LineCounter): number | undefined {
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = doc.getIn(keys.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

function crossFileIssues(procedures: Loaded<Procedure>[], faq: Loaded<Faq>[]): ContentIssue[] {
  const issues: ContentIssue[] = [];

  const firstFileOfId = new Map<string, string>();
  for (const { file, value } of [...procedures, ...faq]) {
    const earlier = firstFileOfId.get(value.id);
    if (earlier) issues.push({ file, path: 'id', reason: `duplicate id "${value.id}" (already used by ${earlier})` });
    else firstFileOfId.set(value.id, file);
  }

  // The dialogs pick a procedure by (kind, institution, certType, channel): two matches would make the choice arbitrary.
  const firstFileOfCombination = new Map<string, string>();
  for (const { file, value } of procedures) {
    const combination = `${value.kind}/${value.institution}/${value.certType}/${value.channel}`;
    const earlier = firstFileOfCombination.get(combination);
    if (earlier) issues.push({ file, path: '', reason: `same kind/institution/certType/channel (${combination}) as ${earlier}` });
    else firstFileOfCombination.set(combination, file);
  }

  // Any institution without its own version falls back to 'other': that fallback must exist.
  const reported = new Set<string>();
  for (const { file, value } of procedures) {
    const pair = `${value.kind}/${value.certType}`;
    if (reported.has(pair)) continue;
    const hasGeneric = procedures.some((p) => p.value.kind === value.kind && p.value.certType === value.certType && p.value.institution === 'other');
    if (!hasGeneric) {
      reported.add(pair);
      issues.push({ file, path: '', reason: `no generic 'other' institution procedure for ${value.kind} with ${value.certType} certificates` });
    }
  }
  return issues;
}

export interface ProcedureQuery {
  kind: ProcedureKind;
  institution?: InstitutionId;
  certType?: CertType;
  channel?: Channel;
  device?: Device;
}

/**
 * The best procedure for what we know. Institution and certificate type narrow the choice hard
 * (an 우체국 user must not get 우리은행 menus); when the institution has no version of its own, the
 * generic 'other' one answers. Channel and device only break ties: the institution's own app steps
 * are more useful than generic internet banking steps.
 */
export function findProcedure(content: Pick<Content, 'procedures'>, query: ProcedureQuery): Procedure | undefined {
  const ofKind = content.procedures.filter((p) => p.kind === query.kind && (!query.certType || p.certType === query.certType));
  const own = query.institution ? ofKind.filter((p) => p.institution === query.institution) : [];
  const candidates = own.length > 0 ? own : ofKind.filter((p) => p.institution === 'other');
  const score = (p: Procedure): number =>
    (query.channel && p.channel === query.channel ? 2 : 0) + (query.device && query.device !== 'any' && p.device === query.device ? 1 : 0);
  // Stable: among equal scores the first in file order wins.
  return candidates.reduce<Procedure | undefined>((best, p) => (!best || score(p) > score(best) ? p : best), undefined);
}
