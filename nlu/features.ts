/**
 * Turns an utterance into the sparse feature map fed to the NLP.js neural classifier.
 *
 * Why custom features instead of NLP.js' own Korean tokenizer/stemmer: the lang-ko pipeline
 * splits on spaces and strips particles, so 타행인증서등록 becomes one unknown token while
 * 타행 인증서 등록 becomes three known ones. Character n-grams of the Hangul text with the
 * spaces removed give the same features for both spellings, survive colloquial endings
 * (-요, -는데, -함) because the content syllables still produce their grams, and tolerate a
 * one-syllable typo because only the grams touching it change (a second bigram layer without
 * final consonants catches 발금/발급). English words go through the NLP.js English stemmer so
 * "renewing"/"renewal" share a feature; mixed sentences simply get both kinds of features.
 *
 * Choices measured by 5-fold cross-validation on content/nlu (not on the dev set): syllable
 * trigrams were dropped (75.4% → 76.8%, they mostly memorise whole training phrases) and feature
 * values are scaled by 1/√(number of features) so long sentences do not outvote short ones
 * (→ 78.2%).
 */
import { StemmerEn } from '@nlpjs/lang-en-min';
import { compact, normalizeText } from './normalize.js';

export type FeatureMap = Record<string, number>;

const englishStemmer = new StemmerEn();

/** Function words that say nothing about the intent but would tie short sentences to one. */
const ENGLISH_FILLER = new Set(['a', 'an', 'the', 'i', 'me', 'my', 'to', 'is', 'it', 'of', 'for', 'please', 'you', 'this', 'that']);

const ENGLISH_PREFIX = 4;

const HANGUL_RUN = /[\uac00-\ud7a3\u3131-\u318e]+/g;
const LATIN_WORD = /[a-z0-9]+/g;

const HANGUL_BASE = 0xac00;
const FINALS_PER_SYLLABLE = 28;

/** 급 → 그: drops the final consonant so a typo there (발금/발급) still shares a feature. */
function withoutFinalConsonant(syllable: string): string {
  const code = syllable.charCodeAt(0);
  if (code < HANGUL_BASE || code > 0xd7a3) return syllable;
  const offset = (code - HANGUL_BASE) % FINALS_PER_SYLLABLE;
  return String.fromCharCode(code - offset);
}

function addHangulGrams(run: string, features: FeatureMap): void {
  const chars = [...run];
  for (let i = 0; i < chars.length; i += 1) {
    features[`k1:${chars[i]}`] = 1;
    if (i + 1 < chars.length) {
      features[`k2:${chars[i]}${chars[i + 1]}`] = 1;
      features[`r2:${withoutFinalConsonant(chars[i])}${withoutFinalConsonant(chars[i + 1])}`] = 1;
    }
  }
}

function addEnglishWords(normalized: string, features: FeatureMap): void {
  for (const word of normalized.match(LATIN_WORD) ?? []) {
    if (ENGLISH_FILLER.has(word)) continue;
    features[`w:${englishStemmer.stemWord(word)}`] = 1;
    // The stemmer keeps issue/issuance and register/registration apart; a 4-letter prefix joins
    // them (5-fold accuracy on the English training lines 71% → 76%).
    if (word.length > ENGLISH_PREFIX) features[`p:${word.slice(0, ENGLISH_PREFIX)}`] = 1;
  }
}

/** Every utterance gets the same L2 norm: each of its n features has the value LENGTH_SCALE / √n. */
const LENGTH_SCALE = 3;

export function textToFeatures(text: string): FeatureMap {
  const normalized = normalizeText(text);
  const features: FeatureMap = {};
  for (const run of compact(normalized).match(HANGUL_RUN) ?? []) addHangulGrams(run, features);
  addEnglishWords(normalized, features);
  const names = Object.keys(features);
  const value = LENGTH_SCALE / Math.sqrt(names.length || 1);
  for (const name of names) features[name] = value;
  return features;
}
