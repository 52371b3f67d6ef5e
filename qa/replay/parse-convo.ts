// Longer than most files because it is one grammar: Botium's .convo.txt format, read in one pass so
// each error can name its line; splitting it would scatter one parser's state across files.
import path from 'node:path';
import type { ReplyView } from './reply-view.js';
import { DEFAULT_LOCALE, DEFAULT_NOW, ScriptError, type CustomCheck, type Script, type Step } from './script.js';

/**
 * Reads a Botium `.convo.txt`, so a team moving from Botium keeps its suite: the first line is the
 * name (more lines before the first section: description); `#me` sections are what the user does
 * (text, `BUTTON payload`, `MEDIA file`), `#bot` sections what the next reply must be (its text, with
 * `*` wildcards, case-insensitive, contained; and the asserters below). A `!` in front negates a
 * line. Everything Botium knows that this replayer does not do is an error naming the line — never
 * silently skipped, or a migrated suite would pass without testing.
 *
 * A BUTTON is sent exactly as botium-connector-directline3 sends it by default: an `event` whose
 * `name` is the payload (parsed when it is JSON).
 */
export function parseConvo(source: string, file: string): Script {
  const lines = source.split(/\r\n|\r|\n/);
  const fail = (line: number, reason: string): never => {
    throw new ScriptError(file, line, reason);
  };
  const header: string[] = [];
  const sections: { sender: 'me' | 'bot'; line: number; body: { text: string; line: number }[] }[] = [];
  lines.forEach((text, index) => {
    const line = index + 1;
    const tag = /^#(\w+)(?:\s.*)?$/.exec(text);
    if (tag && SENDERS.has(tag[1])) {
      if (tag[1] !== 'me' && tag[1] !== 'bot') fail(line, `#${tag[1]} sections are not supported (only #me and #bot)`);
      if (text.trim() !== `#${tag[1]}`) fail(line, `channels on sections ("${text.trim()}") are not supported`);
      sections.push({ sender: tag[1] as 'me' | 'bot', line, body: [] });
    } else if (sections.length === 0) {
      header.push(text);
    } else {
      sections[sections.length - 1].body.push({ text, line });
    }
  });
  if (sections.length === 0) fail(1, 'a convo needs at least one #me or #bot section');

  const steps: Step[] = sections.map((section) => (section.sender === 'me' ? meStep(section, file, fail) : botStep(section, fail)));
  const name = header.find((text) => text.trim() !== '')?.trim() ?? path.basename(file).replace(/\.convo\.txt$/, '');
  return { name, file, locale: DEFAULT_LOCALE, now: DEFAULT_NOW, steps };
}

/** Section tags Botium knows (`#begin`/`#end`/`#include` are reported as unsupported). */
const SENDERS = new Set(['me', 'bot', 'begin', 'end', 'include']);

/** Botium's asserters, user inputs and logic hooks: any of them we do not run is an error, not text. */
const BOTIUM_NAMES = new Set([
  ...['BUTTONS', 'BUTTONS_COUNT', 'BUTTONS_COUNT_REC', 'MEDIA', 'MEDIA_COUNT', 'MEDIA_COUNT_REC', 'CARDS', 'CARDS_COUNT', 'CARDS_COUNT_REC'],
  ...['PAUSE_ASSERTER', 'JSON_PATH', 'JSON_PATH_COUNT', 'RESPONSE_LENGTH', 'FORMS', 'ENTITIES', 'ENTITY_VALUES', 'ENTITY_CONTENT'],
  ...['INTENT', 'INTENT_UNIQUE', 'INTENT_CONFIDENCE', 'TEXT_WER', 'BOT_CONSUMED', 'BOT_UNCONSUMED_COUNT'],
  ...['PAUSE', 'WAITFORBOT', 'SET_SCRIPTING_MEMORY', 'CLEAR_SCRIPTING_MEMORY', 'ASSIGN_SCRIPTING_MEMORY', 'UPDATE_CUSTOM', 'SKIP_BOT_UNCONSUMED'],
  ...['INCLUDE', 'CONDITIONAL_STEP_TIME_BASED', 'CONDITIONAL_STEP_BUSINESS_HOURS', 'CONDITIONAL_STEP_CAPABILITY_VALUE_BASED'],
  ...['CONDITIONAL_STEP_JSON_PATH_BASED', 'CONVO_STEP_PARAMETERS', 'ORDERED_LIST_TO_BUTTON', 'BUTTON', 'FORM'],
]);

/** A word that can only be meant as an asserter or logic hook: a Botium name, or UPPER_CASE_WITH_UNDERSCORES. */
const looksLikeAsserter = (word: string) => BOTIUM_NAMES.has(word) || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(word);

/** `NAME arg1|arg2` (`\|` is a literal bar). */
function splitLine(text: string): { name: string; args: string[] } {
  const [name, ...rest] = text.trim().split(' ');
  const argText = rest.join(' ').trim();
  const args =
    argText === ''
      ? []
      : argText
          .replace(/\\\|/g, '\u0000')
          .split('|')
          .map((arg) => arg.replace(/\u0000/g, '|').trim());
  return { name, args };
}

function meStep(section: { line: number; body: { text: string; line: number }[] }, file: string, fail: (line: number, reason: string) => never): Step {
  const text: string[] = [];
  let input: Step | undefined;
  for (const { text: raw, line } of section.body) {
    const { name, args } = splitLine(raw);
    if (name === 'BUTTON') {
      if (args.length < 1 || args.length > 2) fail(line, 'BUTTON needs the button payload (and optionally its text): BUTTON 문제 해결');
      input = { kind: 'send', line, activity: { type: 'event', name: parsePayload(args[0]) as string, locale: DEFAULT_LOCALE } };
    } else if (name === 'MEDIA') {
      if (args.length !== 1) fail(line, 'MEDIA needs exactly one file, relative to this convo file: MEDIA fixtures/signCert.der');
      input = { kind: 'upload', line, shownPath: args[0], path: path.resolve(path.dirname(file), args[0]) };
    } else if (looksLikeAsserter(name)) {
      fail(line, `${name} is not supported in #me sections (supported: text, BUTTON, MEDIA)`);
    } else if (raw.trim() !== '' || text.length > 0) {
      text.push(raw);
    }
  }
  const message = text.join('\n').trim();
  if (input && message) fail(section.line, 'a #me section has either text or one BUTTON/MEDIA, not both');
  if (input) return input;
  if (!message) fail(section.line, '#me needs a text, a BUTTON or a MEDIA line');
  return { kind: 'user', line: section.line, text: message };
}

function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

function botStep(section: { line: number; body: { text: string; line: number }[] }, fail: (line: number, reason: string) => never): Step {
  const checks: CustomCheck[] = [];
  const text: { text: string; line: number }[] = [];
  let textNegated = false;
  for (const { text: raw, line } of section.body) {
    if (raw.startsWith('?')) fail(line, 'optional steps (?) are not supported');
    // `!x` negates; `!!x` is the text "!x".
    const negated = raw.startsWith('!') && !raw.startsWith('!!');
    const content = raw.startsWith('!') ? raw.slice(1) : raw;
    const { name, args } = splitLine(content);
    if (looksLikeAsserter(name)) {
      const make = ASSERTERS[name];
      if (!make)
        fail(
          line,
          `${BOTIUM_NAMES.has(name) ? `the Botium asserter ${name} is not supported` : `unknown asserter ${name}`} (supported: ${SUPPORTED.join(', ')})`,
        );
      let check: CustomCheck['check'];
      try {
        check = make(args);
      } catch (error) {
        return fail(line, `${name}: ${(error as Error).message}`);
      }
      checks.push(negate({ line, check }, negated, `!${name}`));
    } else if (content.trim() !== '' || text.length > 0) {
      if (text.length === 0) textNegated = negated;
      text.push({ text: content, line });
    }
  }
  while (text.length > 0 && text[text.length - 1].text.trim() === '') text.pop();
  if (text.length > 0) {
    const expected = text.map((t) => t.text).join('\n');
    const check: CustomCheck = { line: text[0].line, check: (reply) => matchOrMismatch('text', [botiumText(reply)], expected, wildcard, 'any') };
    checks.unshift(negate(check, textNegated, '!text'));
  }
  return { kind: 'bot', line: section.line, assertion: { line: section.line, custom: checks } };
}

function negate(check: CustomCheck, negated: boolean, path: string): CustomCheck {
  if (!negated) return check;
  return {
    line: check.line,
    check: (reply) => (check.check(reply) ? undefined : { path, expected: 'not matched', actual: botiumText(reply) || '(no text)' }),
  };
}

// ---- matching, as Botium's default (text normalised, `*` wildcards, case-insensitive) ----

/** Botium's normalisation: markup removed, entities decoded, whitespace collapsed. */
const normalise = (text: string) =>
  text
    .replace(/<\/?p[^>]*>|<br[^>]*>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');

const escapeRegExp = (text: string) => text.replace(/[-\\^$*+?.()|[\]{}]/g, '\\$&');
type Match = (actual: string, expected: string) => boolean;
const wildcardRegex = (expected: string, exact: boolean, ignoreCase: boolean) =>
  new RegExp(`${exact ? '^' : ''}${escapeRegExp(normalise(expected)).replace(/\\\*/g, '.*')}${exact ? '$' : ''}`, ignoreCase ? 'is' : 's');
const wildcard: Match = (actual, expected) => wildcardRegex(expected, false, true).test(normalise(actual));
const matchers = {
  contains:
    (ic: boolean): Match =>
    (a, e) =>
      ic ? normalise(a).toLowerCase().includes(normalise(e).toLowerCase()) : normalise(a).includes(normalise(e)),
  wildcard:
    (ic: boolean): Match =>
    (a, e) =>
      wildcardRegex(e, false, ic).test(normalise(a)),
  wildcardExact:
    (ic: boolean): Match =>
    (a, e) =>
      wildcardRegex(e, true, ic).test(normalise(a)),
  regexp:
    (ic: boolean): Match =>
    (a, e) =>
      new RegExp(e, ic ? 'i' : '').test(normalise(a)),
  equals:
    (ic: boolean): Match =>
    (a, e) =>
      ic ? normalise(a).toLowerCase() === normalise(e).toLowerCase() : normalise(a) === normalise(e),
};

/**
 * The reply's text as Botium's Direct Line connector reads it: the message text, else the first
 * card's first text, else the first button's title.
 */
export function botiumText(reply: ReplyView): string {
  return reply.text ?? reply.cards.find((card) => card.texts.length > 0)?.texts[0] ?? [...reply.cards.flatMap((c) => c.actions), ...reply.suggested][0] ?? '';
}

const show = (items: string[]) => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;

function matchOrMismatch(path: string, candidates: string[], expected: string | string[], match: Match, mode: 'any' | 'all') {
  const wanted = Array.isArray(expected) ? expected : [expected];
  const found = (e: string) => candidates.some((candidate) => match(candidate, e));
  const ok = mode === 'all' ? wanted.every(found) : wanted.some(found);
  if (ok) return undefined;
  return {
    path,
    expected: `${mode === 'all' ? 'all of' : wanted.length > 1 ? 'any of' : ''} ${show(wanted)}`.trim(),
    actual: candidates.length ? show(candidates) : '(none)',
  };
}

/** Lists (buttons, media, cards): each argument must be found; with none, at least one must exist. */
function listAsserter(path: string, of: (reply: ReplyView) => string[]): (args: string[]) => CustomCheck['check'] {
  return (args) => (reply) => {
    const items = of(reply);
    if (args.length === 0) return items.length > 0 ? undefined : { path, expected: `some ${path}`, actual: '(none)' };
    return matchOrMismatch(path, items, args, wildcard, 'all');
  };
}

function textAsserter(kind: keyof typeof matchers, mode: 'any' | 'all', ignoreCase: boolean) {
  return (args: string[]): CustomCheck['check'] => {
    if (args.length === 0) throw new Error('needs at least one argument');
    if (kind === 'regexp') for (const arg of args) new RegExp(arg); // an invalid pattern fails on load, not on the first reply
    return (reply) => matchOrMismatch('text', [botiumText(reply)], args, matchers[kind](ignoreCase), mode);
  };
}

const buttonsOf = (reply: ReplyView) => [...reply.cards.flatMap((card) => card.actions), ...reply.suggested];
const mediaOf = (reply: ReplyView) => reply.attachments.filter((a) => a.url).flatMap((a) => [a.url!, ...(a.name ? [a.name] : [])]);
const cardTextsOf = (reply: ReplyView) => reply.cards.flatMap((card) => card.texts);

const ASSERTERS: Record<string, (args: string[]) => CustomCheck['check']> = {
  BUTTONS: listAsserter('buttons', buttonsOf),
  MEDIA: listAsserter('media', mediaOf),
  CARDS: listAsserter('cards', cardTextsOf),
  TEXT: textAsserter('equals', 'any', false),
  TEXT_IC: textAsserter('equals', 'any', true),
  TEXT_EQUALS: textAsserter('equals', 'any', false),
  TEXT_EQUALS_IC: textAsserter('equals', 'any', true),
  TEXT_CONTAINS_ANY: textAsserter('contains', 'any', false),
  TEXT_CONTAINS_ANY_IC: textAsserter('contains', 'any', true),
  TEXT_CONTAINS_ALL: textAsserter('contains', 'all', false),
  TEXT_CONTAINS_ALL_IC: textAsserter('contains', 'all', true),
  TEXT_WILDCARD_ANY: textAsserter('wildcard', 'any', false),
  TEXT_WILDCARD_ANY_IC: textAsserter('wildcard', 'any', true),
  TEXT_WILDCARD_ALL: textAsserter('wildcard', 'all', false),
  TEXT_WILDCARD_ALL_IC: textAsserter('wildcard', 'all', true),
  TEXT_WILDCARDEXACT_ANY: textAsserter('wildcardExact', 'any', false),
  TEXT_WILDCARDEXACT_ANY_IC: textAsserter('wildcardExact', 'any', true),
  TEXT_WILDCARDEXACT_ALL: textAsserter('wildcardExact', 'all', false),
  TEXT_WILDCARDEXACT_ALL_IC: textAsserter('wildcardExact', 'all', true),
  TEXT_REGEXP_ANY: textAsserter('regexp', 'any', false),
  TEXT_REGEXP_ANY_IC: textAsserter('regexp', 'any', true),
  TEXT_REGEXP_ALL: textAsserter('regexp', 'all', false),
  TEXT_REGEXP_ALL_IC: textAsserter('regexp', 'all', true),
};

/** The asserters this replayer runs (named in error messages). */
const SUPPORTED = Object.keys(ASSERTERS);
