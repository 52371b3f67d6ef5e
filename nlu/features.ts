/**
 * Turns an utterance into the sparse feature map fed to the NLP.js neural classifier.
 *
 * Why custom features instead of NLP.js' own Korean tokenizer/stemmer: the lang-ko pipeline
 * splits on spaces and strips particles, so 타행인증서등록 becomes one unknown token while
 * 타행 인증서 등록 becomes three known ones. Character n-grams of the Hangul text with the
 * spaces removed give the same features for both spellings, survive colloquial endings
 * (-요, -는데, -함) because the content syllables still produce their grams, and tolerate a
 * one-syllable typo because only the grams touching it change. A second bigram layer reads
 * each syllable "by ear" (no final consonant, ㅔ=ㅐ) so the commonest misspellings — 발금/발급,
 * 제발급/재발급 — still share features. English words are spell-checked against the training
 * vocabulary (NLP.js SpellCheck) and stemmed by the NLP.js English stemmer; mixed sentences
 * simply get both kinds of features.
 *
 * Issue 17 added, before the n-grams: sentences (the asking one weighs more than the backstory),
 * negated words dropped, and the domain lexicon (lexicon.ts: abbreviations, jamo-level typo
 * correction, cue features). Its effects are measured on the realistic sets by `npm run eval:nlu`.
 *
 * Choices measured by 5-fold cross-validation on content/nlu (not on the dev set): syllable
 * trigrams were dropped (75.4% → 76.8%, they mostly memorise whole training phrases) and feature
 * values are scaled by 1/√(number of features) so long sentences do not outvote short ones
 * (→ 78.2%).
 */
import { StemmerEn } from '@nlpjs/lang-en-min';
import { SpellCheck } from '@nlpjs/similarity';
import { cueFeatures, type Lexicon } from './lexicon.js';
import { compact, normalizeText } from './normalize.js';

export type FeatureMap = Record<string, number>;

const englishStemmer = new StemmerEn();

/** Function words that say nothing about the intent but would tie short sentences to one. */
const ENGLISH_FILLER = new Set(['a', 'an', 'the', 'i', 'me', 'my', 'to', 'is', 'it', 'of', 'for', 'please', 'you', 'this', 'that']);

const ENGLISH_PREFIX = 4;
/** Shorter words are left alone by the spell checker: too many real words are one edit apart. */
const SPELLCHECK_MIN_LENGTH = 4;
const LONG_WORD = 7;

const HANGUL_RUN = /[\uac00-\ud7a3\u3131-\u318e]+/g;
const LATIN_WORD = /[a-z0-9]+/g;

const HANGUL_BASE = 0xac00;
const HANGUL_LAST = 0xd7a3;
const SYLLABLES_PER_INITIAL = 588;
const SYLLABLES_PER_MEDIAL = 28;
/** Vowels Koreans mix up when typing (they sound the same): ㅔ→ㅐ, ㅖ→ㅒ, ㅞ/ㅚ→ㅙ. */
const SAME_SOUNDING_MEDIAL: Record<number, number> = { 5: 1, 7: 3, 15: 10, 11: 10 };

/** 급 → 그, 제 → 재: the syllable as it sounds, so a final-consonant or ㅐ/ㅔ typo still matches. */
function byEar(syllable: string): string {
  const code = syllable.charCodeAt(0);
  if (code < HANGUL_BASE || code > HANGUL_LAST) return syllable;
  const offset = code - HANGUL_BASE;
  const initial = Math.floor(offset / SYLLABLES_PER_INITIAL);
  const medial = Math.floor((offset % SYLLABLES_PER_INITIAL) / SYLLABLES_PER_MEDIAL);
  const merged = SAME_SOUNDING_MEDIAL[medial] ?? medial;
  return String.fromCharCode(HANGUL_BASE + initial * SYLLABLES_PER_INITIAL + merged * SYLLABLES_PER_MEDIAL);
}

function addHangulGrams(run: string, weight: number, features: FeatureMap): void {
  const chars = [...run];
  for (let i = 0; i < chars.length; i += 1) {
    raise(features, `k1:${chars[i]}`, weight);
    if (i + 1 < chars.length) {
      raise(features, `k2:${chars[i]}${chars[i + 1]}`, weight);
      raise(features, `r2:${byEar(chars[i])}${byEar(chars[i + 1])}`, weight);
    }
  }
}

/** A feature met in the asking sentence and in the backstory keeps the higher weight. */
function raise(features: FeatureMap, name: string, weight: number): void {
  features[name] = Math.max(features[name] ?? 0, weight);
}

/** Every utterance gets the same L2 norm, LENGTH_SCALE, whatever its length; weights keep their ratios. */
const LENGTH_SCALE = 3;

function scaleToLength(features: FeatureMap): FeatureMap {
  const names = Object.keys(features);
  const norm = Math.hypot(...names.map((name) => features[name])) || 1;
  for (const name of names) features[name] = (LENGTH_SCALE * features[name]) / norm;
  return features;
}

/**
 * A long message tells a story and asks in one sentence (usually the last). The asking sentence
 * gets full weight, the backstory less: it still brings the entities and tense cues, but 이사,
 * 컴퓨터 and 백업 of the story must not outvote 다시 받으려면 of the request.
 */
const BACKSTORY_WEIGHT = 0.5;
/** The cue features (lexicon.ts) weigh as much as a couple of n-grams each. */
const CUE_WEIGHT = 1.5;

/** Sentence ends: punctuation, or a sentence-final ending (…요, …다, …죠, …까, …네) followed by a space. */
const SENTENCE_END = /[.?!。？！\n]+|(?<=[\uac00-\ud7a3][요다죠까네])\s+/;
/** How a sentence that asks or requests ends or what it contains. */
const REQUEST =
  /[?？]|나요|까요|주세요|줘|어떻게|어떡|방법|되나|되죠|할래|싶어|싶은데|려면|있나|가능|뭐|왜|알려|할지|해야|\b(how|can|could|what|why|please|help|should|need)\b/i;

/**
 * "갱신 말고 재발급", "재발급 아니고 처음 만드는 거예요": the word before 말고/아니고 is what the
 * customer does NOT want, so it is dropped rather than counted for its intent.
 */
const NEGATED = /[^\s]+\s*(?:말고|아니고|아니라)(?=\s*\S)/g;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((part) => part.trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
}

/** Index of the sentence that asks: the last one that looks like a request, else the last one. */
export function requestSentence(sentences: readonly string[]): number {
  for (let i = sentences.length - 1; i >= 0; i -= 1) if (REQUEST.test(sentences[i])) return i;
  return sentences.length - 1;
}

export function englishWords(text: string): string[] {
  return normalizeText(text).match(LATIN_WORD) ?? [];
}

export class FeatureExtractor {
  private readonly spellCheck: SpellCheck | undefined;

  /** @param vocabulary English words of the training data; typos are corrected towards them. */
  constructor(
    vocabulary: Iterable<string> = [],
    private readonly lexicon?: Lexicon,
  ) {
    const known: Record<string, number> = {};
    for (const word of vocabulary) known[word] = (known[word] ?? 0) + 1;
    this.spellCheck = Object.keys(known).length ? new SpellCheck({ features: known, minLength: SPELLCHECK_MIN_LENGTH }) : undefined;
  }

  static fromTrainingTexts(texts: Iterable<string>, lexicon?: Lexicon): FeatureExtractor {
    const words: string[] = [];
    for (const text of texts) words.push(...englishWords(text));
    return new FeatureExtractor(words, lexicon);
  }

  features(text: string): FeatureMap {
    const features: FeatureMap = {};
    const sentences = splitSentences(text.normalize('NFC'));
    const asking = requestSentence(sentences);
    const packed: string[] = [];
    const spaced: string[] = [];
    sentences.forEach((sentence, index) => {
      const weight = index === asking ? 1 : BACKSTORY_WEIGHT;
      const wanted = normalizeText(sentence).replace(NEGATED, ' ');
      const normalized = this.lexicon ? this.lexicon.expand(wanted) : wanted;
      spaced.push(normalized);
      for (const raw of compact(normalized).match(HANGUL_RUN) ?? []) {
        const run = this.lexicon ? this.lexicon.correct(raw) : raw;
        packed.push(run);
        addHangulGrams(run, weight, features);
      }
      for (const raw of normalized.match(LATIN_WORD) ?? []) {
        const word = this.correct(raw);
        if (ENGLISH_FILLER.has(word)) continue;
        raise(features, `w:${englishStemmer.stemWord(word)}`, weight);
        // The stemmer keeps issue/issuance and register/registration apart; a 4-letter prefix joins
        // them (5-fold accuracy on the English training lines 71% → 76%).
        if (word.length > ENGLISH_PREFIX) raise(features, `p:${word.slice(0, ENGLISH_PREFIX)}`, weight);
      }
    });
    if (this.lexicon) {
      for (const cue of cueFeatures(this.lexicon.cues(packed.join(' '), spaced.join(' ')))) features[cue] = CUE_WEIGHT;
    }
    return scaleToLength(features);
  }

  private correct(word: string): string {
    if (!this.spellCheck || /\d/.test(word)) return word;
    return this.spellCheck.checkToken(word, word.length >= LONG_WORD ? 2 : 1);
  }
}
