import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  FaqSchema,
  ProcedureSchema,
  type CertType,
  type Channel,
  type Device,
  type Faq,
  type InstitutionId,
  type Procedure,
  type ProcedureKind,
} from './schema.js';

export interface Content {
  procedures: Procedure[];
  faq: Faq[];
}

/** One problem in one content file. `path` is the dotted path inside the file ('' = the whole file). */
export interface ContentIssue {
  file: string;
  path: string;
  line?: number;
  reason: string;
}

/** A content file is broken: the message lists every problem as "file: path (line N): reason". */
export class ContentError extends Error {
  constructor(readonly issues: readonly ContentIssue[]) {
    super(
      issues.length === 1
        ? `Invalid content: ${describe(issues[0])}`
        : `Invalid content (${issues.length} problems):\n${issues.map((i) => `- ${describe(i)}`).join('\n')}`,
    );
    this.name = 'ContentError';
  }
}

function describe(issue: ContentIssue): string {
  const line = issue.line === undefined ? '' : issue.path ? `(line ${issue.line})` : `line ${issue.line}`;
  const where = [issue.path, line].filter(Boolean).join(' ');
  return `${issue.file}: ${where ? `${where}: ` : ''}${issue.reason}`;
}

const DEFAULT_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * Reads and validates every procedure and FAQ file, then the rules that span files.
 * Collects all problems before throwing, so an author fixes them in one go.
 */
export function loadContent(dir: string = DEFAULT_DIR): Content {
  const issues: ContentIssue[] = [];
  const procedures = readFolder(dir, 'procedures', ProcedureSchema, issues);
  const faq = readFolder(dir, 'faq', FaqSchema, issues);
  if (issues.length === 0) issues.push(...crossFileIssues(procedures, faq));
  if (issues.length > 0) throw new ContentError(issues);
  return { procedures: procedures.map((p) => p.value), faq: faq.map((f) => f.value) };
}

interface Loaded<T> {
  file: string;
  value: T;
}

function readFolder<S extends z.ZodType>(dir: string, folder: string, schema: S, issues: ContentIssue[]): Loaded<z.output<S>>[] {
  const folderPath = path.join(dir, folder);
  if (!existsSync(folderPath)) {
    issues.push({ file: folder, path: '', reason: `folder not found in ${dir}` });
    return [];
  }
  // Sorted so that the order (and therefore every fallback choice) does not depend on the file system.
  const files = readdirSync(folderPath).filter((name) => /\.ya?ml$/.test(name)).sort();
  const loaded: Loaded<z.output<S>>[] = [];
  for (const name of files) {
    const file = `${folder}/${name}`;
    const value = readOne(path.join(folderPath, name), file, schema, issues);
    if (value !== undefined) loaded.push({ file, value });
  }
  return loaded;
}

function readOne<S extends z.ZodType>(fullPath: string, file: string, schema: S, issues: ContentIssue[]): z.output<S> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(fullPath, 'utf8'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      issues.push({ file, path: '', line: lineCounter.linePos(error.pos[0]).line, reason: `YAML syntax: ${firstLine(error.message)}` });
    }
    return undefined;
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keys = issue.path.map((key) => (typeof key === 'symbol' ? key.toString() : key));
      issues.push({ file, path: keys.join('.'), line: lineOf(doc, keys, lineCounter), reason: issue.message });
    }
    return undefined;
  }
  const id = (result.data as { id: string }).id;
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (id !== expected) {
    // One file per item, named after its id, so an error message or a feedback record leads straight to the file.
    issues.push({ file, path: 'id', line: lineOf(doc, ['id'], lineCounter), reason: `id "${id}" must match the file name "${expected}"` });
    return undefined;
  }
  return result.data;
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
export function findProcedure(content: Content, query: ProcedureQuery): Procedure | undefined {
  const ofKind = content.procedures.filter((p) => p.kind === query.kind && (!query.certType || p.certType === query.certType));
  const own = query.institution ? ofKind.filter((p) => p.institution === query.institution) : [];
  const candidates = own.length > 0 ? own : ofKind.filter((p) => p.institution === 'other');
  const score = (p: Procedure): number =>
    (query.channel && p.channel === query.channel ? 2 : 0) + (query.device && query.device !== 'any' && p.device === query.device ? 1 : 0);
  // Stable: among equal scores the first in file order wins.
  return candidates.reduce<Procedure | undefined>((best, p) => (!best || score(p) > score(best) ? p : best), undefined);
}
