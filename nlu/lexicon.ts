/**
 * The domain lexicon (content/nlu/lexicon.json) applied to a normalised text before features are
 * taken: abbreviations written out, typos corrected towards the domain's words, and the cue
 * features the classifier cannot build from character n-grams alone.
 *
 * Why typo correction at the jamo level: Korean typos are one wrong key inside a syllable
 * (인즌서, 갱싱, 듣록, 연쟝), which changes the whole syllable and so every n-gram touching it.
 * Comparing syllables by their initial, medial and final jamo finds the domain word one key away.
 *
 * Why cue features: a linear model over n-grams sees 만료 in "만료됐어요" and in "다음 주에
 * 만료된대요" alike; an explicit "expiry word + past" or "registration + failure" feature is the
 * conjunction it cannot learn by itself (see features.ts).
 */
import { compact } from './normalize.js';

export interface LexiconData {
  spelling: string[];
  realWords: string[];
  abbreviations: Record<string, string>;
  cues: Record<CueList, string[]>;
}

export const CUE_LISTS = [
  'certificate',
  'foreign',
  'past',
  'future',
  'expiry',
  'failure',
  'registration',
  'cancel',
  'general',
  'banking',
  'pastTime',
  'again',
] as const;
export type CueList = (typeof CUE_LISTS)[number];

const HANGUL_BASE = 0xac00;
const HANGUL_LAST = 0xd7a3;

/** [initial, medial, final] of a Hangul syllable, or undefined for anything else. */
function jamo(code: number): [number, number, number] | undefined {
  if (code < HANGUL_BASE || code > HANGUL_LAST) return undefined;
  const offset = code - HANGUL_BASE;
  return [Math.floor(offset / 588), Math.floor((offset % 588) / 28), offset % 28];
}

/** How many of the three jamo of two syllables differ (3 when either is not a Hangul syllable). */
export function syllableDistance(a: string, b: string): number {
  if (a === b) return 0;
  const x = jamo(a.charCodeAt(0));
  const y = jamo(b.charCodeAt(0));
  if (!x || !y) return 3;
  return Number(x[0] !== y[0]) + Number(x[1] !== y[1]) + Number(x[2] !== y[2]);
}

/** True when `window` is `word` with exactly one jamo changed, added or dropped (a final consonant). */
function oneKeyAway(window: string, word: string): boolean {
  let changed = 0;
  for (let i = 0; i < word.length; i += 1) {
    const distance = syllableDistance(window[i], word[i]);
    if (distance > 1) return false;
    changed += distance;
    if (changed > 1) return false;
  }
  return changed === 1;
}

const LATIN_WORD = /[a-z0-9]+/g;

export class Lexicon {
  /** Domain words by their first and by their second syllable: a one-key typo keeps one of the two. */
  private readonly byFirst = new Map<string, string[]>();
  private readonly bySecond = new Map<string, string[]>();
  private readonly real: Set<string>;
  private readonly abbreviations: [string, string][];
  private readonly hangulCues = new Map<CueList, string[]>();
  private readonly latinCues = new Map<CueList, Set<string>>();

  constructor(data: LexiconData) {
    // Longest first, so 공인인증서 is tried before 인증서 and 상담원 before a two-syllable word.
    for (const word of [...data.spelling].sort((a, b) => b.length - a.length)) {
      for (const [index, map] of [
        [0, this.byFirst],
        [1, this.bySecond],
      ] as const) {
        map.set(word[index], [...(map.get(word[index]) ?? []), word]);
      }
    }
    this.real = new Set([...data.realWords, ...data.spelling]);
    this.abbreviations = Object.entries(data.abbreviations).sort((a, b) => b[0].length - a[0].length);
    for (const list of CUE_LISTS) {
      const entries = data.cues[list] ?? [];
      this.hangulCues.set(list, entries.filter((entry) => !/^[a-z0-9]+$/.test(entry)).map(compact));
      this.latinCues.set(list, new Set(entries.filter((entry) => /^[a-z0-9]+$/.test(entry))));
    }
  }

  /** Writes out abbreviations (on the normalised, spaced text). */
  expand(normalized: string): string {
    let text = normalized;
    for (const [short, long] of this.abbreviations) if (text.includes(short)) text = text.split(short).join(long);
    return text;
  }

  /** Domain words that could start at `at`, longest first. */
  private candidates(run: string, at: number): string[] {
    const first = this.byFirst.get(run[at]);
    const second = at + 1 < run.length ? this.bySecond.get(run[at + 1]) : undefined;
    if (!first || !second) return first ?? second ?? [];
    return [...new Set([...first, ...second])].sort((a, b) => b.length - a.length);
  }

  /** Corrects one-key typos of domain words in a space-free Hangul run. */
  correct(run: string): string {
    let out = '';
    let at = 0;
    while (at < run.length) {
      let step = 1;
      let replacement: string | undefined;
      for (const word of this.candidates(run, at)) {
        if (at + word.length > run.length) continue;
        const window = run.slice(at, at + word.length);
        if (window === word || this.real.has(window)) {
          replacement = window;
        } else if (oneKeyAway(window, word)) {
          replacement = word;
        }
        if (replacement) {
          step = word.length;
          break;
        }
      }
      out += replacement ?? run[at];
      at += step;
    }
    return out;
  }

  /** Which cue lists occur in the text (Hangul entries in the space-free text, Latin ones as words). */
  cues(packed: string, spaced: string): Set<CueList> {
    const words = new Set(spaced.match(LATIN_WORD) ?? []);
    const found = new Set<CueList>();
    // 만료된다 (future) starts with 만료된 (past): a future form hides the past cues inside it.
    let withoutFuture = packed;
    for (const cue of this.hangulCues.get('future')!) withoutFuture = withoutFuture.split(cue).join(' ');
    for (const list of CUE_LISTS) {
      const text = list === 'past' || list === 'pastTime' ? withoutFuture : packed;
      if (this.hangulCues.get(list)!.some((cue) => text.includes(cue))) found.add(list);
      else for (const word of this.latinCues.get(list)!) if (words.has(word)) found.add(list);
    }
    return found;
  }
}

export type CueFeature =
  | 'c:cert'
  | 'c:foreign+cert'
  | 'c:foreign-only'
  | 'c:expiry-past'
  | 'c:expiry-future'
  | 'c:register-fail'
  | 'c:fail'
  | 'c:register-cancel'
  | 'c:general'
  | 'c:banking-only'
  | 'c:again';

/**
 * The cue features of a text: the domain gate's anchors (certificate, anything foreign, foreign
 * with no certificate at all) and the conjunctions for the look-alike intents.
 */
export function cueFeatures(found: ReadonlySet<CueList>): CueFeature[] {
  const features: CueFeature[] = [];
  const has = (list: CueList) => found.has(list);
  if (has('certificate')) features.push('c:cert');
  if (has('foreign')) features.push(has('certificate') ? 'c:foreign+cert' : 'c:foreign-only');
  // A completed past (만료됐, 지났) wins over a time word (석 달 전에 만료됐는데 is expired).
  // 어제 only says when the story happened: it counts as past when nothing points ahead.
  const past = has('past') || (has('pastTime') && !has('future'));
  if (has('expiry') && past) features.push('c:expiry-past');
  if (has('expiry') && has('future') && !past) features.push('c:expiry-future');
  if (has('failure')) features.push(has('registration') ? 'c:register-fail' : 'c:fail');
  if (has('cancel') && has('registration')) features.push('c:register-cancel');
  if (has('general')) features.push('c:general');
  if (has('banking') && !has('certificate')) features.push('c:banking-only');
  if (has('again')) features.push('c:again');
  return features;
}
