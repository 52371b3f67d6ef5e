import { compact, normalizeText } from '../../nlu/normalize.js';
import type { MisunderstoodMessage } from './misunderstood.js';

/**
 * Groups misunderstood messages that say nearly the same thing, so a QA engineer labels a pattern,
 * not 40 copies of it.
 *
 * Similarity: Jaccard of the character bigrams of the normalised text with its spaces removed
 * (nlu/normalize.ts, the recogniser's own normalisation). Why characters, not words: Korean glues
 * particles and endings to words (인증서가 / 인증서를 / 인증서는 are three different "words") and
 * customers space freely (타행인증서등록 = 타행 인증서 등록), so word tokens would keep apart what
 * one reads as the same message; character bigrams of the spacing-free text survive both, and a
 * typo changes only two of them. Jaccard of sets (no weights) keeps the threshold explainable: at
 * SIMILAR, at least half of the two messages' bigrams together are shared.
 *
 * Linking: two messages at or above the threshold are in the same group, and groups are joined
 * through any such pair (single linkage, union–find), so the result does not depend on the order
 * messages come in. Chaining is kept in check by the fairly high threshold.
 */
export const SIMILAR = 0.5;
/** A period's list is cut to the newest this many (what a person can review; bounds the work of a request). */
export const MAX_GROUPED = 3000;
const EXAMPLES = 5;

export interface MisunderstoodGroup {
  /** The id of the group's first message (oldest): stable while the period shows that message. */
  id: string;
  size: number;
  /** Up to five different texts, most frequent first. */
  examples: string[];
  /** Final intents reached by the group's messages, most frequent first (`none`: nothing reached). */
  finalIntents: { intent: string; count: number }[];
  items: MisunderstoodMessage[];
}

export function bigramsOf(text: string): Set<string> {
  const chars = [...compact(normalizeText(text))];
  if (chars.length < 2) return new Set(chars.length ? chars : [text]);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(chars[i] + chars[i + 1]);
  return grams;
}

export function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** Groups by similarity, biggest group first (then the one with the newest message). */
export function groupMessages(messages: readonly MisunderstoodMessage[], threshold = SIMILAR): MisunderstoodGroup[] {
  const ordered = [...messages].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  // Customers repeat themselves ("네", "?", the same question): one text is compared once.
  const textIndex = new Map<string, number>();
  const textOf = ordered.map((message) => {
    const key = compact(normalizeText(message.text)) || message.text;
    if (!textIndex.has(key)) textIndex.set(key, textIndex.size);
    return textIndex.get(key)!;
  });
  const grams = [...textIndex.keys()].map(bigramsOf);
  const parent = grams.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  // Joined as found, so that pairs already in one group are not compared again.
  similarPairs(grams, threshold, {
    linked: (i, j) => root(i) === root(j),
    link: (i, j) => {
      const [a, b] = [root(i), root(j)];
      parent[Math.max(a, b)] = Math.min(a, b);
    },
  });
  const members = new Map<number, MisunderstoodMessage[]>();
  ordered.forEach((message, i) => {
    const group = members.get(root(textOf[i]));
    if (group) group.push(message);
    else members.set(root(textOf[i]), [message]);
  });
  return [...members.values()].map(toGroup).sort((a, b) => b.size - a.size || newest(b).localeCompare(newest(a)) || a.id.localeCompare(b.id));
}

/**
 * Every pair of sets with Jaccard ≥ threshold, without comparing all pairs (3000 messages: 4.5 million
 * comparisons, seconds of a blocked event loop). Prefix filtering (the "AllPairs" set-similarity
 * join): with every set's bigrams in one global order, rarest first, two sets with Jaccard ≥ t share
 * at least ⌈t·|s|⌉ bigrams, so they share one among the first |s| − ⌈t·|s|⌉ + 1 of each. Only sets
 * meeting that way (and of compatible sizes) are compared; with `groups`, pairs already linked are
 * skipped (then only the pairs that joined two groups are returned).
 */
export function similarPairs(
  sets: readonly Set<string>[],
  threshold: number,
  groups?: { linked(i: number, j: number): boolean; link(i: number, j: number): void },
): [number, number][] {
  const frequency = new Map<string, number>();
  for (const set of sets) for (const gram of set) frequency.set(gram, (frequency.get(gram) ?? 0) + 1);
  const rarestFirst = (a: string, b: string) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  const index = new Map<string, number[]>();
  const pairs: [number, number][] = [];
  sets.forEach((set, i) => {
    const prefix = [...set].sort(rarestFirst).slice(0, set.size - Math.ceil(threshold * set.size) + 1);
    const candidates = new Set<number>();
    for (const gram of prefix) for (const j of index.get(gram) ?? []) candidates.add(j);
    for (const j of candidates) {
      if (groups?.linked(j, i)) continue;
      const [small, large] = sets[j].size < set.size ? [sets[j].size, set.size] : [set.size, sets[j].size];
      if (small >= threshold * large && similarity(set, sets[j]) >= threshold) {
        pairs.push([j, i]);
        groups?.link(j, i);
      }
    }
    for (const gram of prefix) {
      const list = index.get(gram);
      if (list) list.push(i);
      else index.set(gram, [i]);
    }
  });
  return pairs;
}

const newest = (group: MisunderstoodGroup) => group.items[group.items.length - 1].at;

function mostFrequent(values: string[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

function toGroup(items: MisunderstoodMessage[]): MisunderstoodGroup {
  return {
    id: items[0].id,
    size: items.length,
    examples: mostFrequent(items.map((item) => item.text))
      .slice(0, EXAMPLES)
      .map((entry) => entry.value),
    finalIntents: mostFrequent(items.map((item) => item.finalIntent ?? 'none')).map(({ value, count }) => ({ intent: value, count })),
    items,
  };
}
