// Over ~250 lines on purpose: every secret format's pattern and the cues that tell it from an ordinary
// number must be read together (one pattern's change moves what the others match); redact.formats.test.ts covers the table.
import type { Activity, Attachment } from 'botbuilder';

/**
 * Masks secrets a user may type into the chat before anything is stored or logged: passwords and
 * PINs (after a cue word, or standalone when they look like one), resident/foreign registration
 * numbers (also split over two messages), business registration numbers, card numbers, bank
 * account numbers and phone numbers (the last 4 digits stay, so an agent can still confirm "the
 * number ending in 5678").
 *
 * Matching runs on a normalised copy (NFKC outside Hangul, zero-width characters removed, every
 * dash a hyphen), so full-width digits, en dashes or an invisible space do not hide a number. A
 * message with nothing to mask is returned exactly as typed; a masked one in its normalised form.
 *
 * Detection is deliberately conservative on numbers a conversation about certificates is full of:
 * dates (2026-11-25), amounts (10,000원), counts (5번), times, versions, order numbers and
 * certificate serials after their cue word are never masked.
 */

export const REDACTED = {
  password: '[redacted:password]',
  rrn: '[redacted:rrn]',
  businessNumber: '[redacted:business-number]',
  card: '[redacted:card]',
  account: '[redacted:account]',
} as const;

/** How a mask reads to the customer who typed the secret (their own bubble shows the stored, masked copy). */
export const MASK_LABELS: Record<string, { ko: string; en: string }> = {
  [REDACTED.password]: { ko: '(비밀번호 가림)', en: '(password hidden)' },
  [REDACTED.rrn]: { ko: '(주민등록번호 가림)', en: '(registration number hidden)' },
  [REDACTED.businessNumber]: { ko: '(사업자등록번호 가림)', en: '(business number hidden)' },
  [REDACTED.card]: { ko: '(카드번호 가림)', en: '(card number hidden)' },
  [REDACTED.account]: { ko: '(계좌번호 가림)', en: '(account number hidden)' },
  '[redacted:phone]': { ko: '(전화번호 가림)', en: '(phone number hidden)' },
};

/** What the previous message of the same conversation said (already masked): context for split secrets. */
export interface RedactionContext {
  previous?: string;
}

/**
 * Each conversation's previous user message (already masked), as the context for the next one:
 * in memory only, bounded (the least recently active conversation is forgotten first).
 */
export class PreviousMessages {
  private readonly texts = new Map<string, string>();

  constructor(private readonly maxConversations = 10_000) {}

  contextOf(conversationId: string): RedactionContext {
    return { previous: this.texts.get(conversationId) };
  }

  remember(conversationId: string, maskedText: string): void {
    this.texts.delete(conversationId);
    this.texts.set(conversationId, maskedText);
    if (this.texts.size > this.maxConversations) this.texts.delete(this.texts.keys().next().value as string);
  }

  forget(conversationId: string): void {
    this.texts.delete(conversationId);
  }
}

// ---- normalisation ----------------------------------------------------------------------------

// U+034F (a combining mark) is listed on purpose: it is invisible and must be stripped like the others.
// eslint-disable-next-line no-misleading-character-class
const ZERO_WIDTH = /[\u00AD\u034F\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const DASHES = /[\u2010-\u2015\u2043\u2212\uFE58\uFE63\uFF0D]/g;
// NFKC would turn Hangul compatibility jamo (ㅋㅋ) into conjoining jamo: leave Hangul as typed.
const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7FF\uFFA0-\uFFDC]/;

// Printable ASCII, tab, LF, CR and Hangul syllables: NFKC leaves each as it is, none is zero-width or a dash.
const ALREADY_NORMAL = /^[\t\n\r\u0020-\u007E\uAC00-\uD7A3]*$/;

/** The text as matched: NFKC outside Hangul, no zero-width characters, every dash a hyphen. */
export function normalizeForMatching(text: string): string {
  // ASCII and Hangul syllables are their own normal form (most texts, the bot's own always): no per-character pass.
  if (ALREADY_NORMAL.test(text)) return text;
  let out = '';
  for (const char of text.replace(ZERO_WIDTH, '')) out += HANGUL.test(char) ? char : char.normalize('NFKC');
  return out.replace(DASHES, '-');
}

// ---- passwords --------------------------------------------------------------------------------

// Cue words after which the next word is taken for a password. Longest first so that "비밀번호"
// wins over "비번" and "핀번호" over "PIN". Korean cues match with any spacing ("비밀 번호").
const PASSWORD_CUES = [
  '공동인증서비밀번호',
  '인증서비밀번호',
  '간편비밀번호',
  '비밀번호',
  '비번',
  '암호',
  '패스워드',
  'PIN 번호',
  'PIN번호',
  '핀번호',
  'passcode',
  'password',
  'passwd',
  'pwd',
  'pw',
  'PIN',
];
const spaced = (cue: string) => (/[가-힣]/.test(cue) ? [...cue.replace(/ /g, '')].join('\\s*') : cue.replace(/ /g, '\\s*'));
const cueAlternation = PASSWORD_CUES.map(spaced).join('|');
// cue, then an optional Korean topic/subject particle or "is"/":"/"=", then the candidate word
// (up to the next space). A cue joined to a word by '-', '_', '.' or '/' is an identifier
// (password-rules, pin_code, pw.txt), not a cue: card data and file names carry such ids.
const PASSWORD_PATTERN = new RegExp(
  `(?<![A-Za-z])(${cueAlternation})(?![A-Za-z])(?![-_./\\][A-Za-z])((?:\\s*(?:은|는|이|가|을|를|:=|:|=|(?:is|was)(?![A-Za-z]):?))?\\s*)(\\S+)`,
  'gi',
);
// Words that follow a cue in ordinary sentences ("PIN 번호", "password reset", "is wrong").
const NOT_A_PASSWORD = new Set(
  [
    'npki',
    'pin',
    'usb',
    'otp',
    'pc',
    'app',
    'ok',
    'okay',
    'caps',
    'capslock',
    'lock',
    'pw',
    'pwd',
    'password',
    'is',
    'was',
    'reset',
    'change',
    'changed',
    'wrong',
    'incorrect',
    'invalid',
    'expired',
    'locked',
    'forgot',
    'forgotten',
    'lost',
    'correct',
    'right',
    'not',
    'does',
    "doesn't",
    'doesnt',
    'keeps',
    'error',
    'please',
    'help',
    'the',
    'and',
    'for',
    'with',
    'from',
    'this',
    'that',
    'field',
    'input',
    'entry',
    'policy',
    'rules',
    'length',
    'again',
    'definitely',
    'probably',
    'still',
    'also',
    'just',
    'really',
    'very',
    'always',
    'never',
    'being',
    'been',
    'same',
    'different',
    'saved',
    'stored',
    'case',
    'sensitive',
    'required',
    'needed',
    'too',
    'only',
    'working',
    'rejected',
    'accepted',
    'blocked',
    'disabled',
    'fine',
    'good',
    'weird',
    'strange',
    'there',
    'here',
    'what',
    'where',
    'when',
    'how',
    'which',
    'why',
    'your',
    'mine',
    'my',
    'now',
    'then',
    'empty',
    'blank',
    'long',
    'short',
    'set',
    'unknown',
  ].map((word) => word.toLowerCase()),
);

// Sentence punctuation after a password stays readable; '!' is kept (passwords often end in it).
const TRAILING_PUNCTUATION = /[.,?)\]}'"]+$/;
const SYMBOL = /[!-/:-@[-`{-~]/;
const COUNTER = /^\d+(?:번|회|자리|글자|개|일|시|분|초|월|년|차|달|주|살|원|%|단계|번째)/;

/** The candidate word, without a Korean particle glued to an ASCII password ("abc123이에요"). */
function splitCandidate(candidate: string): { word: string; rest: string } {
  const glued = /^([!-~]+?)([가-힣][가-힣\s]*[.,?!]*)$/.exec(candidate);
  if (glued && !/[가-힣ㄱ-ㅣ]/.test(glued[1])) return { word: glued[1], rest: glued[2] };
  const trailing = candidate.match(TRAILING_PUNCTUATION)?.[0] ?? '';
  return { word: candidate.slice(0, candidate.length - trailing.length), rest: trailing };
}

function looksLikePassword(word: string, separator: string, cue: string): boolean {
  if (word.length === 0 || word.startsWith('[redacted:') || NOT_A_PASSWORD.has(word.toLowerCase())) return false;
  if (COUNTER.test(word)) return false;
  const assigned = /[:=]/.test(separator);
  const hangul = /[가-힣ㄱ-ㅣ]/.test(word);
  if (hangul) {
    // Typed with the Korean keyboard on (ㅂㅈㄷㄱ1234) or a Hangul word with digits or symbols
    // (사랑해1004); a plain Hangul word only after an explicit "비밀번호: …".
    if (/[ㄱ-ㅣ]/.test(word) && word.length >= 4) return true;
    if (/^[가-힣]+[\d!-/:-@[-`{-~]/.test(word) && word.length >= 4) return true;
    return assigned && word.length >= 2 && !/[?]$/.test(word);
  }
  if (/pin|핀/i.test(cue)) return /^\d{4,8}$/.test(word) || (/\d/.test(word) && word.length >= 4);
  if (word.length < 4) return false;
  // Digits or symbols make a word a credential in any sentence; a plain letter word after an
  // assignment ("password: sunshine", "my password is sunshine") or a Korean cue.
  if (/\d/.test(word) || SYMBOL.test(word)) return true;
  if (assigned || /\b(?:is|was)\b/i.test(separator)) return true;
  return /[가-힣]/.test(cue);
}

function redactCuedPasswords(text: string): string {
  return text.replace(PASSWORD_PATTERN, (match, cue: string, separator: string, candidate: string) => {
    const { word, rest } = splitCandidate(candidate);
    if (!looksLikePassword(word, separator, cue)) return match;
    return `${cue}${separator}${REDACTED.password}${rest}`;
  });
}

// A word that is a password by its looks alone: letters, digits and a symbol a password policy
// asks for ('#' is left out: order and ticket references use it), 8 to 64 characters, and not an address of any kind.
const STANDALONE_PASSWORD = /(?<!\S)(?=[^\s]*[A-Za-z])(?=[^\s]*\d)(?=[^\s]*[!@$%^&*+=?~])[!-~]{8,64}(?!\S)/g;
const LOOKS_LIKE_ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;

function redactStandalonePasswords(text: string): string {
  return text.replace(STANDALONE_PASSWORD, (match) => {
    const trailing = match.match(/[.,?)\]}'"]+$/)?.[0] ?? '';
    const word = match.slice(0, match.length - trailing.length);
    if (word.length < 8 || LOOKS_LIKE_ADDRESS.test(word) || word.startsWith('[redacted:')) return match;
    if (!/[!@$%^&*+=?~]/.test(word)) return match;
    return `${REDACTED.password}${trailing}`;
  });
}

// ---- numbers ----------------------------------------------------------------------------------

// "Not preceded/followed by a digit or a separator-digit" keeps a match from being a slice of a
// longer number.
const B = '(?<![\\d.-])';
const E = '(?![\\d]|[-.]\\d)';
const YYMMDD = '\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])';

// YYMMDD then the 7th digit 1–8 (residents 1–4, foreigners 5–8), with a hyphen, dot or space.
const RRN = new RegExp(`${B}${YYMMDD}\\s?[-.]?\\s?[1-8]\\d{6}${E}`, 'g');
const RRN_FRONT_CUE = '주민\\s*(?:등록)?\\s*번호|외국인\\s*등록\\s*번호|앞\\s*자리|앞\\s*번호|앞\\s*6\\s*자리|생년월일';
const RRN_FRONT = new RegExp(`(${RRN_FRONT_CUE})([^\\d\\n]{0,12})(${YYMMDD})(?![\\d]|\\s?[-.]?\\s?\\d)`, 'g');
const RRN_BACK = /(뒷\s*자리|뒷\s*번호|뒤\s*7\s*자리|뒷\s*부분)([^\d\n]{0,12})([1-8]\d{6})(?!\d)/g;
// After a message that named or gave the front part, a lone 7-digit back part is one too.
const MENTIONS_RRN = new RegExp(`${RRN_FRONT_CUE}|주민|resident registration|\\[redacted:rrn\\]`, 'i');
const LONE_RRN_BACK = /(?<![\d.-])[1-8]\d{6}(?![\d]|[-.]\d)/g;
const BUSINESS_NUMBER = new RegExp(`${B}\\d{3}-\\d{2}-\\d{5}${E}`, 'g');

// Digit groups with one consistent separator ('-', '.', ' '), or one contiguous run; not glued to
// Latin letters (hex serials, ids like ab12345678901cd), while a Korean particle may follow.
const GROUPED = new RegExp(`(?<![\\d.A-Za-z-])\\d{2,19}(?:([-. ])\\d{1,8}(?:\\1\\d{1,8}){0,4})?(?![\\dA-Za-z]|[-.]\\d)`, 'g');
// How cards are printed: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4.
const CARD_GROUPING = /^(?:\d{4}([-. ])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([-. ])\d{6}\2\d{4,5})$/;
const CARD_CUE = /(?:카드|card|신용|체크|visa|master|amex)[^\d\n]{0,16}$/i;
const ACCOUNT_CUE = /(?:계좌|account|입금|송금|이체|통장|은행|bank)[^\d\n]{0,16}$/i;
// Numbers that are not secrets even when long: references, serials, codes, versions.
const REFERENCE_CUE =
  /(?:주문|order|송장|운송장|tracking|접수|일련|serial|시리얼|참조|reference|ref|티켓|ticket|코드|code|오류|에러|error|버전|version|사업자|문의|예약|회원)[^\d\n]{0,16}$/i;
const UNIT_AFTER = /^\s?(?:원|won|krw|usd|달러|만|억|%|개|명|건|회|번|px|kb|mb|gb)/i;

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** Luhn checksum: the card networks' check digit, which random digit strings fail 9 times in 10. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** 2026-11-25, 2026.11.25, 20261125093000: a date (and time) rather than an account. */
function looksLikeDateTime(match: string): boolean {
  const date = /^(19|20)\d{2}[-. ]?(0[1-9]|1[0-2])[-. ]?(0[1-9]|[12]\d|3[01])(?:[-. ]?([01]\d|2[0-3])([0-5]\d)([0-5]\d)?)?$/;
  return date.test(match);
}

/** What a run of digit groups is: a card, an account, or nothing secret. */
function classifyNumber(match: string, before: string, after: string): string | undefined {
  const digits = digitsOf(match);
  const count = digits.length;
  if (looksLikeDateTime(match) || REFERENCE_CUE.test(before) || UNIT_AFTER.test(after)) return undefined;
  const separated = /\D/.test(match);
  if (count >= 13 && count <= 19) {
    if (separated && CARD_GROUPING.test(match)) return REDACTED.card;
    if (CARD_CUE.test(before)) return REDACTED.card;
    if (!separated && (count === 15 || count === 16) && luhnValid(digits)) return REDACTED.card;
  }
  if (count < 10 || count > 16) return undefined;
  if (ACCOUNT_CUE.test(before)) return REDACTED.account;
  // Separated: bank accounts are 2–6 digit groups (110-123-456789); a lone run needs 11+ digits.
  if (separated) return /^\d{2,6}[-. ]/.test(match) ? REDACTED.account : undefined;
  return count >= 11 ? REDACTED.account : undefined;
}

function redactGroupedNumbers(text: string): string {
  return text.replace(GROUPED, (match: string, _sep: string, offset: number) => {
    const before = text.slice(Math.max(0, offset - 24), offset);
    const after = text.slice(offset + match.length, offset + match.length + 6);
    return classifyNumber(match, before, after) ?? match;
  });
}

const MOBILE = new RegExp(`(?<![\\d.-])(\\+82[ .-]?|0)(1[016789])([ .-]?)(\\d{3,4})\\3(\\d{4})${E}`, 'g');
const LANDLINE = new RegExp(`${B}(02|0[3-6][1-5]|070)([.-])(\\d{3,4})\\2(\\d{4})${E}`, 'g');

function redactNumbers(text: string, context: RedactionContext): string {
  let out = text
    .replace(RRN, REDACTED.rrn)
    .replace(RRN_FRONT, (_m, cue: string, between: string) => `${cue}${between}${REDACTED.rrn}`)
    .replace(RRN_BACK, (_m, cue: string, between: string) => `${cue}${between}${REDACTED.rrn}`);
  if (context.previous && MENTIONS_RRN.test(context.previous)) out = out.replace(LONE_RRN_BACK, REDACTED.rrn);
  return redactGroupedNumbers(
    out
      .replace(BUSINESS_NUMBER, REDACTED.businessNumber)
      .replace(MOBILE, (_m, prefix: string, carrier: string, sep: string, middle: string, last: string) => {
        return `${prefix}${carrier}${sep}${'*'.repeat(middle.length)}${sep}${last}`;
      })
      .replace(LANDLINE, (_m, area: string, sep: string, middle: string, last: string) => `${area}${sep}${'*'.repeat(middle.length)}${sep}${last}`),
  );
}

function redactNormalized(text: string, context: RedactionContext): string {
  return redactNumbers(redactStandalonePasswords(redactCuedPasswords(text)), context);
}

/**
 * The text with every secret-looking part replaced by a `[redacted:…]` token. `context.previous`
 * (the conversation's previous message, masked) lets a secret split over two messages be caught.
 */
export function redactText(text: string, context: RedactionContext = {}): string {
  if (!text) return text;
  const normal = normalizeForMatching(text);
  const masked = redactNormalized(normal, context);
  return masked === normal ? text : masked;
}

/** Every string inside a JSON-like value redacted; the value itself is not modified. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = redactDeep(item);
    return copy as T;
  }
  return value;
}

/** What is kept of an attachment: cards (redacted) stay whole; files only by name, type and size. */
export interface StoredAttachment {
  name?: string;
  contentType: string;
  size?: number;
  content?: unknown;
}

const isCard = (contentType: string) => contentType.startsWith('application/vnd.microsoft.card.');

function dataUrlSize(url: string): number | undefined {
  const match = /^data:[^,]*?(;base64)?,(.*)$/s.exec(url);
  if (!match) return undefined;
  return match[1] ? Math.floor((match[2].replace(/=+$/, '').length * 3) / 4) : decodeURIComponent(match[2]).length;
}

/**
 * Cards (and quick replies) redacted before, by their JSON. Every reply's card went through
 * redactDeep (the largest part of redaction in the bench profile), yet the bot sends the same few
 * cards and chips over and over. Only the already-redacted form is kept (bounded, oldest first out);
 * the key holds what the bot sent, in memory only.
 */
const redactedCards = new Map<string, string>();
const MAX_REDACTED_CARDS = 300;
/** Larger cards (not the bot's own, which are a few KB) are redacted each time, not kept. */
const MAX_REDACTED_CARD_JSON = 16_384;

function redactedCard(content: unknown): unknown {
  const json = JSON.stringify(content);
  if (json.length > MAX_REDACTED_CARD_JSON) return redactDeep(content);
  let redacted = redactedCards.get(json);
  if (redacted === undefined) {
    redacted = JSON.stringify(redactDeep(content));
    if (redactedCards.size >= MAX_REDACTED_CARDS) redactedCards.delete(redactedCards.keys().next().value!);
    redactedCards.set(json, redacted);
  }
  return JSON.parse(redacted);
}

export function redactAttachment(attachment: Attachment & { size?: number }): StoredAttachment {
  const contentType = attachment.contentType ?? 'application/octet-stream';
  if (isCard(contentType) && attachment.content && typeof attachment.content === 'object') {
    return { contentType, ...(attachment.name ? { name: redactText(attachment.name) } : {}), content: redactedCard(attachment.content) };
  }
  const size =
    typeof attachment.size === 'number' ? attachment.size : attachment.contentUrl?.startsWith('data:') ? dataUrlSize(attachment.contentUrl) : undefined;
  return {
    contentType,
    ...(attachment.name ? { name: redactText(attachment.name) } : {}),
    ...(size !== undefined ? { size } : {}),
  };
}

/**
 * The callback form's number in any spelling: only a form already masked at a channel's door
 * (010-****-5678) is kept; whatever else is there goes.
 */
function withoutCallbackPhone(value: unknown): unknown {
  const form = value as { action?: unknown; phone?: unknown } | null;
  if (!form || typeof form !== 'object' || form.action !== 'callback' || typeof form.phone !== 'string') return value;
  return /^[\d+]*[-. ]?\*+[-. ]?\d{4}$|^[\d+]+[-. ]\*+[-. ]\d{4}$/.test(form.phone) ? value : { ...form, phone: '[redacted:phone]' };
}

/** An account without its display name (a customer's or an agent's real name), unless it is the bot. */
function withoutName<T>(account: T): T {
  if (!account || typeof account !== 'object') return account;
  const { name: _name, ...rest } = account as { name?: unknown; role?: unknown };
  return ((account as { role?: unknown }).role === 'bot' ? account : rest) as T;
}

/**
 * A copy of the activity safe to store: text, speak, summary, value, channelData and card texts
 * redacted; people's display names dropped; file attachments reduced to name, type and size (no
 * bytes, no data: URLs, no links to the files, which a later reader could otherwise fetch while
 * they are still held by the channel). `context` as for `redactText`.
 */
export function redactActivity<T extends Partial<Activity>>(activity: T, context: RedactionContext = {}): T {
  const copy = JSON.parse(JSON.stringify({ ...activity, attachments: undefined })) as T;
  for (const field of ['text', 'speak', 'summary'] as const) {
    if (typeof copy[field] === 'string') (copy as Partial<Activity>)[field] = redactText(copy[field] as string, context);
  }
  if (copy.value !== undefined) copy.value = withoutCallbackPhone(redactDeep(copy.value));
  if (copy.channelData !== undefined) copy.channelData = redactDeep(copy.channelData);
  // The copy is plain JSON: its redaction by JSON is redactDeep's, kept (the bot's chips repeat like its cards).
  if (copy.suggestedActions) copy.suggestedActions = redactedCard(copy.suggestedActions) as typeof copy.suggestedActions;
  if (copy.entities) copy.entities = redactDeep(copy.entities);
  if (copy.from) copy.from = withoutName(copy.from);
  if (copy.recipient) copy.recipient = withoutName(copy.recipient);
  if (copy.membersAdded) copy.membersAdded = copy.membersAdded.map(withoutName);
  if (copy.membersRemoved) copy.membersRemoved = copy.membersRemoved.map(withoutName);
  if (activity.attachments) (copy as Partial<Activity>).attachments = activity.attachments.map(redactAttachment) as Attachment[];
  return copy;
}
