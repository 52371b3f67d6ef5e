/**
 * Dictionary-based entity extraction (institution, certificate type, device).
 * The dictionaries are data (content/nlu/entities.json); this file only knows how to match them
 * so that spacing (우리 은행 / 우리은행), case (KB / kb), particles (국민은행에서) and a
 * one-letter Hangul typo (우채국, 국민은헹) do not matter.
 */
import type { CertType, Device, DictionaryEntry, EntityDictionaries } from './content.js';
import { HANGUL_SYLLABLE, compact, normalizeText } from './normalize.js';

export interface Entities {
  institution?: string;
  certType?: CertType;
  device?: Device;
}

/** A match expressed in positions of the compact (space-free) text so all kinds compare. */
interface Mention {
  id: string;
  start: number;
  end: number;
}

/** What may follow a short Hangul word alias (하나, 국민, 맥) for it to mean the entity. */
const WORD_ALIAS_FOLLOWERS = '(?:은행|뱅크|뱅킹|에서|에|의|으로|로|꺼|거|것|인증서|앱|이랑|랑|하고)';

/** After a mention, these mean "the certificate comes FROM there" (국민은행 인증서로 우체국…). */
const SOURCE_MARKER = /^(?:은행)?(?:의)?(?:(?:공동|금융|공인)?인증서|꺼|거|것|에서(?:받|발급|만든)|cert)/;

const MIN_FUZZY_SYLLABLES = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function hasHangul(text: string): boolean {
  return HANGUL_SYLLABLE.test(text);
}

/** Maps each index of the spaced text to the index of the same character in the compact text. */
function compactIndexMap(spaced: string): number[] {
  const map: number[] = [];
  let count = 0;
  for (let i = 0; i <= spaced.length; i += 1) {
    map.push(count);
    if (i < spaced.length && !/\s/.test(spaced[i])) count += 1;
  }
  return map;
}

interface CompiledAlias {
  id: string;
  /** Matched against the space-free text. */
  compactText?: string;
  /** compactText is long enough and all Hangul syllables: a one-jamo typo of it is recognised. */
  fuzzy?: boolean;
  /** Matched against the spaced text (whole words). */
  wordPattern?: RegExp;
}

function compileLatinWords(alias: string): RegExp {
  const words = alias.split(' ').map(escapeRegExp).join('\\s*');
  return new RegExp(`(?<![a-z0-9])${words}(?![a-z0-9])`, 'g');
}

function compileEntry(entry: DictionaryEntry): CompiledAlias[] {
  const compiled: CompiledAlias[] = [];
  for (const raw of entry.aliases) {
    const alias = normalizeText(raw);
    if (hasHangul(alias)) {
      const compactText = compact(alias);
      const fuzzy = compactText.length >= MIN_FUZZY_SYLLABLES && [...compactText].every((c) => HANGUL_SYLLABLE.test(c));
      compiled.push({ id: entry.id, compactText, fuzzy });
    } else compiled.push({ id: entry.id, wordPattern: compileLatinWords(alias) });
  }
  for (const raw of entry.wordAliases) {
    const alias = normalizeText(raw);
    const pattern = hasHangul(alias)
      ? new RegExp(`(?<![\\uac00-\\ud7a3])${escapeRegExp(alias)}(?=\\s*${WORD_ALIAS_FOLLOWERS})`, 'g')
      : compileLatinWords(alias);
    compiled.push({ id: entry.id, wordPattern: pattern });
  }
  return compiled;
}

function findMentions(aliases: CompiledAlias[], spaced: string, packed: string): Mention[] {
  const toCompact = compactIndexMap(spaced);
  const mentions: Mention[] = [];
  for (const alias of aliases) {
    if (alias.compactText) {
      for (let at = packed.indexOf(alias.compactText); at >= 0; at = packed.indexOf(alias.compactText, at + 1)) {
        mentions.push({ id: alias.id, start: at, end: at + alias.compactText.length });
      }
    } else if (alias.wordPattern) {
      for (const match of spaced.matchAll(alias.wordPattern)) {
        const start = match.index ?? 0;
        mentions.push({ id: alias.id, start: toCompact[start], end: toCompact[start + match[0].length] });
      }
    }
  }
  // Longest first, so 아이폰 beats 폰 and 케이뱅크 is not read as a bare 뱅크 alias.
  mentions.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Mention[] = [];
  for (const mention of mentions) {
    if (kept.every((other) => mention.end <= other.start || mention.start >= other.end)) kept.push(mention);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const HANGUL_BASE = 0xac00;

function jamoOf(syllable: string): [number, number, number] {
  const offset = syllable.charCodeAt(0) - HANGUL_BASE;
  return [Math.floor(offset / 588), Math.floor((offset % 588) / 28), offset % 28];
}

/**
 * True when `text` at `start` and the syllable string `alias` differ by exactly one jamo (one
 * mistyped key). Two syllables that differ differ by a jamo at least, so a second differing
 * position ends the comparison before any jamo is looked at (this runs for every alias at every
 * position of a text the recogniser has not seen: the largest cost of an in-process replay).
 */
export function differsByOneJamoAt(text: string, start: number, alias: string): boolean {
  if (start + alias.length > text.length) return false;
  let differing = -1;
  for (let i = 0; i < alias.length; i += 1) {
    if (text[start + i] === alias[i]) continue;
    if (differing >= 0) return false;
    differing = i;
  }
  if (differing < 0 || !HANGUL_SYLLABLE.test(text[start + differing])) return false;
  const a = jamoOf(text[start + differing]);
  const b = jamoOf(alias[differing]);
  return Number(a[0] !== b[0]) + Number(a[1] !== b[1]) + Number(a[2] !== b[2]) === 1;
}

/** Typo fallback, only when nothing matched exactly; an ambiguous typo (two ids) yields nothing. */
function findTypoMatch(aliases: CompiledAlias[], packed: string): string | undefined {
  const ids = new Set<string>();
  for (const alias of aliases) {
    const text = alias.compactText;
    if (!text || !alias.fuzzy || ids.has(alias.id)) continue;
    for (let start = 0; start + text.length <= packed.length; start += 1) {
      if (differsByOneJamoAt(packed, start, text)) {
        ids.add(alias.id);
        break;
      }
    }
  }
  return ids.size === 1 ? [...ids][0] : undefined;
}

class DictionaryMatcher<Id extends string> {
  private readonly aliases: CompiledAlias[];

  constructor(entries: DictionaryEntry<Id>[]) {
    this.aliases = entries.flatMap(compileEntry);
  }

  mentions(spaced: string, packed: string): Mention[] {
    return findMentions(this.aliases, spaced, packed);
  }

  first(spaced: string, packed: string): Id | undefined {
    const found = this.mentions(spaced, packed)[0]?.id ?? findTypoMatch(this.aliases, packed);
    return found as Id | undefined;
  }
}

export class EntityExtractor {
  private readonly institutions: DictionaryMatcher<string>;
  private readonly certTypes: DictionaryMatcher<CertType>;
  private readonly devices: DictionaryMatcher<Device>;

  constructor(dictionaries: EntityDictionaries) {
    this.institutions = new DictionaryMatcher(dictionaries.institution);
    this.certTypes = new DictionaryMatcher(dictionaries.certType);
    this.devices = new DictionaryMatcher(dictionaries.device);
  }

  extract(text: string): Entities {
    const spaced = normalizeText(text);
    const packed = compact(spaced);
    const entities: Entities = {};
    const institution = this.pickInstitution(spaced, packed);
    const certType = this.certTypes.first(spaced, packed);
    const device = this.devices.first(spaced, packed);
    if (institution) entities.institution = institution;
    if (certType) entities.certType = certType;
    if (device) entities.device = device;
    return entities;
  }

  /**
   * With two institutions (국민은행 인증서로 우체국 스마트뱅킹…) the one where the user acts is
   * what picks the procedure, so a mention marked as the certificate's origin gives way.
   */
  private pickInstitution(spaced: string, packed: string): string | undefined {
    const mentions = this.institutions.mentions(spaced, packed);
    if (mentions.length === 0) return this.institutions.first(spaced, packed);
    const target = mentions.find((mention) => !SOURCE_MARKER.test(packed.slice(mention.end)));
    return (target ?? mentions[0]).id;
  }
}
