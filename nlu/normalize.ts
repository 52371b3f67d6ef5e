/**
 * Text normalisation shared by the classifier features and the entity matcher.
 * NFC composes Hangul typed as separate jamo; full-width ASCII (Ｐｃ, ＫＢ) is folded by hand
 * because NFKC would also turn the compatibility jamo of ㅠㅠ / ㅋㅋ into conjoining jamo.
 * Everything that is not a letter, digit or Hangul (punctuation, emoji, symbols) becomes a space.
 */
const FULL_WIDTH_ASCII = /[\uff01-\uff5e]/g;
const FULL_WIDTH_OFFSET = 0xfee0;
const NOT_TEXT = /[^a-z0-9\u3131-\u318e\uac00-\ud7a3\s]+/g;
/** "ㅠㅠㅠㅠ" and "ㅋㅋㅋㅋㅋ" mean the same as two repetitions and should give the same features. */
const LONG_REPEAT = /(.)\1{2,}/g;

export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(FULL_WIDTH_ASCII, (char) => String.fromCharCode(char.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .toLowerCase()
    .replace(NOT_TEXT, ' ')
    .replace(LONG_REPEAT, '$1$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Spacing-insensitive form: Korean users often write 타행인증서등록 or 타행 인증서 등록. */
export function compact(normalized: string): string {
  return normalized.replace(/\s+/g, '');
}

export const HANGUL_SYLLABLE = /[\uac00-\ud7a3]/;
