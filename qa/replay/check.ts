import type { Scalar, YAMLSeq } from 'yaml';
import { visibleTexts, type CardView, type ReplyView } from './reply-view.js';
import { matches, showMatcher, type Assertion, type ListSpec, type MatcherSpec } from './script.js';

/** An exact-text expectation `--update` may rewrite from what the bot actually did. */
export type Update = { node: Scalar; value: string } | { node: YAMLSeq; value: string[] };

/** One assertion that did not hold, as shown in the diff. */
export interface Mismatch {
  path: string;
  expected: string;
  actual: string;
  update?: Update;
}

const quote = (text: string | undefined) => (text === undefined ? '(none)' : JSON.stringify(text));
const quoteList = (items: string[]) => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;

/** Character-bigram similarity: picks which of several texts an outdated expectation meant. */
function similarity(a: string, b: string): number {
  const grams = (s: string) => new Set(Array.from({ length: Math.max(s.length - 1, 1) }, (_, i) => s.slice(i, i + 2)));
  const x = grams(a);
  const y = grams(b);
  let common = 0;
  for (const gram of x) if (y.has(gram)) common++;
  return (2 * common) / (x.size + y.size);
}

function closest(expected: MatcherSpec, candidates: string[]): string | undefined {
  if (candidates.length === 0 || expected.matcher.kind !== 'text') return candidates[0];
  const text = expected.matcher.text;
  return [...candidates].sort((a, b) => similarity(text, b) - similarity(text, a))[0];
}

function textUpdate(spec: MatcherSpec, actual: string | undefined): Update | undefined {
  return spec.matcher.kind === 'text' && spec.node && actual !== undefined ? { node: spec.node, value: actual } : undefined;
}

/** `says`, `text`, `card.title`, `card.text`: plain text is contained in, a regex found in, the actual text. */
function checkText(path: string, spec: MatcherSpec, candidates: string[], how: 'contains' | 'equals' = 'contains'): Mismatch[] {
  if (candidates.some((candidate) => matches(spec.matcher, candidate, how))) return [];
  const best = closest(spec, candidates);
  const actual = candidates.length === 0 ? '(none)' : candidates.length === 1 ? quote(candidates[0]) : quoteList(candidates);
  const update = textUpdate(spec, best);
  return [{ path, expected: showMatcher(spec.matcher), actual, ...(update ? { update } : {}) }];
}

function checkList(path: string, spec: ListSpec, actual: string[]): Mismatch[] {
  const ok =
    spec.mode === 'exact'
      ? spec.items.length === actual.length && spec.items.every((item, i) => matches(item.matcher, actual[i], 'equals'))
      : spec.items.every((item) => actual.some((title) => matches(item.matcher, title, 'equals')));
  if (ok) return [];
  const expected = `${spec.mode === 'contains' ? 'contains ' : ''}[${spec.items.map((item) => showMatcher(item.matcher)).join(', ')}]`;
  const allPlain = spec.items.every((item) => item.matcher.kind === 'text');
  const update: Update | undefined = spec.mode === 'exact' && allPlain && spec.node ? { node: spec.node, value: actual } : undefined;
  return [{ path, expected, actual: quoteList(actual), ...(update ? { update } : {}) }];
}

function checkCard(assertion: NonNullable<Assertion['card']>, cards: CardView[]): Mismatch[] {
  if (cards.length === 0) return [{ path: 'card', expected: 'an Adaptive Card', actual: '(no card)' }];
  const results = cards.map((card) => [
    ...(assertion.title ? checkText('card.title', assertion.title, card.title ? [card.title] : []) : []),
    ...(assertion.text ? checkText('card.text', assertion.text, card.texts) : []),
    ...(assertion.actions ? checkList('card.actions', assertion.actions, card.actions) : []),
  ]);
  return results.find((mismatches) => mismatches.length === 0) ?? results[0];
}

/** The recorded reply of a `.transcript`, compared on what a user sees. */
function checkExact(expected: ReplyView, actual: ReplyView): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const field = (path: string, want: string, got: string) => {
    if (want !== got) mismatches.push({ path, expected: want, actual: got });
  };
  field('type', expected.type, actual.type);
  field('text', quote(expected.text), quote(actual.text));
  field('attachments', quoteList(expected.attachments.map((a) => a.contentType)), quoteList(actual.attachments.map((a) => a.contentType)));
  expected.cards.forEach((card, i) => {
    const got = actual.cards[i];
    if (!got) return;
    field(`card[${i + 1}].texts`, quoteList(card.texts), quoteList(got.texts));
    field(`card[${i + 1}].actions`, quoteList(card.actions), quoteList(got.actions));
  });
  field('suggested', quoteList(expected.suggested), quoteList(actual.suggested));
  return mismatches;
}

/** Every assertion of `assertion` that `reply` fails; empty when the reply satisfies it. */
export function checkReply(assertion: Assertion, reply: ReplyView): Mismatch[] {
  if (assertion.exact) return checkExact(assertion.exact, reply);
  if (assertion.custom) return assertion.custom.flatMap((custom) => custom.check(reply) ?? []);
  return [
    ...(assertion.says ? checkText('says', assertion.says, visibleTexts(reply)) : []),
    ...(assertion.text ? checkText('text', assertion.text, reply.text ? [reply.text] : []) : []),
    ...(assertion.card ? checkCard(assertion.card, reply.cards) : []),
    ...(assertion.attachment
      ? checkText(
          'attachment',
          assertion.attachment,
          reply.attachments.map((a) => a.contentType),
          'equals',
        )
      : []),
    ...(assertion.suggested ? checkList('suggested', assertion.suggested, reply.suggested) : []),
  ];
}
