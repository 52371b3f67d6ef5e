import type { Activity } from 'botbuilder';
import type { Document, Scalar, YAMLSeq } from 'yaml';
import type { ReplyView } from './reply-view.js';

/** Plain text (contains / equals, depending on the field) or a /regular expression/. */
export type TextMatcher = { kind: 'text'; text: string } | { kind: 'regex'; regex: RegExp };

/** A matcher where it was written: the line for messages, the node for `--update`. */
export interface MatcherSpec {
  matcher: TextMatcher;
  line: number;
  node?: Scalar;
}

/** `actions: [a, b]` (exactly these, in order) or `actions: { contains: [a] }` (at least these). */
export interface ListSpec {
  mode: 'exact' | 'contains';
  items: MatcherSpec[];
  line: number;
  node?: YAMLSeq;
}

/** An assertion of a format other than ours (Botium's asserters): checks a reply, says what differs. */
export interface CustomCheck {
  line: number;
  check: (reply: ReplyView) => { path: string; expected: string; actual: string } | undefined;
}

export interface Assertion {
  line: number;
  says?: MatcherSpec;
  text?: MatcherSpec;
  card?: { title?: MatcherSpec; text?: MatcherSpec; actions?: ListSpec };
  attachment?: MatcherSpec;
  suggested?: ListSpec;
  none?: boolean;
  /** From a `.transcript`: the recorded reply, compared field by field. */
  exact?: ReplyView;
  /** From a Botium `.convo.txt`: its text line and asserters. */
  custom?: CustomCheck[];
}

interface StepBase {
  line: number;
  /** Loose form: some reply of the turn satisfies it. */
  expect?: Assertion;
}

export type InputStep =
  | (StepBase & { kind: 'user'; text: string })
  | (StepBase & { kind: 'click'; title: TextMatcher })
  | (StepBase & { kind: 'upload'; path: string; shownPath: string })
  | (StepBase & { kind: 'event'; name: string; value?: unknown })
  | (StepBase & { kind: 'join' })
  /** A recorded user activity (from a `.transcript`), sent as it was. */
  | (StepBase & { kind: 'send'; activity: Partial<Activity>; missingFile?: string });

export type Step = InputStep | { kind: 'bot'; line: number; assertion: Assertion };

export interface Script {
  name: string;
  file: string;
  locale: string;
  now: Date;
  /**
   * The user id to talk as. Unset: a user of its own, never shared with another script. Scripts
   * that name the same user share that user's remembered profile (on purpose).
   */
  user?: string;
  steps: Step[];
  /** The parsed YAML, kept so `--update` can rewrite expectations in place (comments survive). */
  document?: Document;
}

export const DEFAULT_NOW = new Date('2026-11-25T09:00:00+09:00');
export const DEFAULT_LOCALE = 'ko-KR';

/** `file:line: message` — every problem with a script points at the line to fix. */
export class ScriptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}

/** `/…/flags` is a regular expression; anything else is plain text. */
export function parseMatcher(value: string): TextMatcher | { error: string } {
  const match = /^\/(.*)\/([dgimsuy]*)$/s.exec(value);
  if (!match || value.length < 2) return { kind: 'text', text: value };
  try {
    return { kind: 'regex', regex: new RegExp(match[1], match[2].replace(/g|y/g, '')) };
  } catch (error) {
    return { error: `invalid regular expression ${value}: ${(error as Error).message}` };
  }
}

export function showMatcher(matcher: TextMatcher): string {
  return matcher.kind === 'regex' ? String(matcher.regex) : JSON.stringify(matcher.text);
}

/** Plain text: `contains` for sentences (says, text, card texts), equality for titles and types. */
export function matches(matcher: TextMatcher, actual: string, how: 'contains' | 'equals'): boolean {
  if (matcher.kind === 'regex') return matcher.regex.test(actual);
  const expected = matcher.text.normalize('NFC');
  const value = actual.normalize('NFC');
  return how === 'contains' ? value.includes(expected) : value === expected;
}
