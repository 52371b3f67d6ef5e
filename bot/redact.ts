import type { Activity, Attachment } from 'botbuilder';

/**
 * Masks secrets a user may type into the chat before anything is stored or logged: passwords and
 * PINs (after a cue word), resident/foreign registration numbers, business registration numbers,
 * card numbers, bank account numbers and phone numbers (the last 4 digits stay, so an agent can
 * still confirm "the number ending in 5678").
 *
 * Detection is deliberately conservative on numbers a conversation about certificates is full of:
 * dates (2026-11-25), amounts (10,000원), counts (5번), years and short codes are never masked.
 */

export const REDACTED = {
  password: '[redacted:password]',
  rrn: '[redacted:rrn]',
  businessNumber: '[redacted:business-number]',
  card: '[redacted:card]',
  account: '[redacted:account]',
} as const;

// Cue words after which the next ASCII "word" is taken for a password. Longest first so that
// "비밀번호" wins over "비번" and "핀번호" over "PIN".
const PASSWORD_CUES = [
  '공동인증서 비밀번호',
  '인증서 비밀번호',
  '간편비밀번호',
  '비밀번호',
  '비번',
  '암호',
  '패스워드',
  'PIN 번호',
  'PIN번호',
  '핀 번호',
  '핀번호',
  'passcode',
  'password',
  'passwd',
  'pwd',
  'pw',
  'PIN',
];
const cueAlternation = PASSWORD_CUES.map((cue) => cue.replace(/ /g, '\\s*')).join('|');
// cue, then an optional Korean topic/subject particle or "is"/":"/"=", then the candidate: printable
// ASCII without spaces (a Korean particle glued to it, as in "abc123이에요", is not part of it).
const PASSWORD_PATTERN = new RegExp(
  `(?<![A-Za-z])(${cueAlternation})(?![A-Za-z])((?:\\s*(?:은|는|이|가|을|를|:|=|is|was|:=))?\\s*)([!-~]+)`,
  'gi',
);
// Words that follow a cue in ordinary questions ("PIN 번호", "password reset") and are not secrets.
const NOT_A_PASSWORD = new Set(
  [
    'npki', 'pin', 'usb', 'otp', 'pc', 'app', 'ok', 'caps', 'capslock', 'lock', 'pw', 'pwd', 'password', 'is', 'was',
    'reset', 'change', 'changed', 'wrong', 'incorrect', 'invalid', 'expired', 'locked', 'forgot', 'forgotten',
    'lost', 'correct', 'right', 'not', 'does', "doesn't", 'doesnt', 'keeps', 'error', 'please', 'help', 'the', 'and',
    'for', 'with', 'from', 'this', 'that', 'field', 'input', 'entry', 'policy', 'rules', 'length', 'again',
  ].map((word) => word.toLowerCase()),
);

// Sentence punctuation after a password stays readable; '!' is kept inside (passwords often end in it).
const TRAILING_PUNCTUATION = /[.,?)\]}'"]+$/;

function looksLikePassword(candidate: string, separator: string, cue: string): boolean {
  const word = candidate.replace(TRAILING_PUNCTUATION, '');
  if (word.length === 0 || NOT_A_PASSWORD.has(word.toLowerCase())) return false;
  // Already masked (text is redacted again on its way into transcripts): leave the token alone.
  if (word.startsWith('[redacted:')) return false;
  const pinCue = /pin|핀/i.test(cue);
  if (pinCue) return /^\d{4,8}$/.test(word) || (/\d/.test(word) && word.length >= 4);
  if (word.length < 4) return false;
  // Digits or symbols make a word a credential in any sentence; a plain letter word only after an
  // explicit assignment ("password: sunshine") or a Korean cue, where an English word is unusual.
  if (/[\d!-/:-@[-`{-~]/.test(word)) return true;
  if (/[:=]/.test(separator)) return true;
  return /[가-힣]/.test(cue);
}

function redactPasswords(text: string): string {
  return text.replace(PASSWORD_PATTERN, (match, cue: string, separator: string, candidate: string) => {
    if (!looksLikePassword(candidate, separator, cue)) return match;
    const trailing = candidate.match(TRAILING_PUNCTUATION)?.[0] ?? '';
    return `${cue}${separator}${REDACTED.password}${trailing}`;
  });
}

// Numbers: "not preceded/followed by a digit or a hyphen-digit" keeps a match from being a slice of
// a longer number.
const B = '(?<![\\d-])';
const E = '(?![\\d]|-\\d)';

// YYMMDD then the 7th digit 1–8 (residents 1–4, foreigners 5–8), optional hyphen or space.
const RRN = new RegExp(`${B}\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\s?-?\\s?[1-8]\\d{6}${E}`, 'g');
const BUSINESS_NUMBER = new RegExp(`${B}\\d{3}-\\d{2}-\\d{5}${E}`, 'g');
// 13–19 digits, either contiguous or in groups of 3–6 separated consistently by '-' or ' '.
const CARD = new RegExp(`${B}\\d{3,19}(?:([ -])\\d{3,6}(?:\\1\\d{1,7}){0,4})?${E}`, 'g');
const MOBILE = new RegExp(`(?<![\\d-])(\\+82[ -]?|0)(1[016789])([ -]?)(\\d{3,4})\\3(\\d{4})${E}`, 'g');
const LANDLINE = new RegExp(`${B}(02|0[3-6][1-5]|070)-(\\d{3,4})-(\\d{4})${E}`, 'g');
const HYPHENATED_ACCOUNT = new RegExp(`${B}\\d{2,6}(?:-\\d{1,8}){1,4}${E}`, 'g');
const ACCOUNT_AFTER_CUE = /(계좌(?:번호)?|account(?:\s*(?:number|no\.?))?)([^\d\n]{0,12})(\d{10,16})(?!\d)/gi;

const digitCount = (text: string) => text.replace(/\D/g, '').length;

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

function redactNumbers(text: string): string {
  return text
    .replace(RRN, REDACTED.rrn)
    .replace(BUSINESS_NUMBER, REDACTED.businessNumber)
    .replace(CARD, (match) => {
      const digits = match.replace(/\D/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? REDACTED.card : match;
    })
    .replace(MOBILE, (_match, prefix: string, carrier: string, sep: string, middle: string, last: string) => {
      return `${prefix}${carrier}${sep}${'*'.repeat(middle.length)}${sep}${last}`;
    })
    .replace(LANDLINE, (_match, area: string, middle: string, last: string) => `${area}-${'*'.repeat(middle.length)}-${last}`)
    .replace(HYPHENATED_ACCOUNT, (match) => {
      const count = digitCount(match);
      return count >= 10 && count <= 16 ? REDACTED.account : match;
    })
    .replace(ACCOUNT_AFTER_CUE, (_match, cue: string, between: string) => `${cue}${between}${REDACTED.account}`);
}

/** The text with every secret-looking part replaced by a `[redacted:…]` token. */
export function redactText(text: string): string {
  if (!text) return text;
  return redactNumbers(redactPasswords(text));
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

export function redactAttachment(attachment: Attachment & { size?: number }): StoredAttachment {
  const contentType = attachment.contentType ?? 'application/octet-stream';
  if (isCard(contentType) && attachment.content && typeof attachment.content === 'object') {
    return { contentType, ...(attachment.name ? { name: redactText(attachment.name) } : {}), content: redactDeep(attachment.content) };
  }
  const size =
    typeof attachment.size === 'number'
      ? attachment.size
      : attachment.contentUrl?.startsWith('data:')
        ? dataUrlSize(attachment.contentUrl)
        : undefined;
  return {
    contentType,
    ...(attachment.name ? { name: redactText(attachment.name) } : {}),
    ...(size !== undefined ? { size } : {}),
  };
}

/**
 * A copy of the activity safe to store: text, speak, summary, value, channelData and card texts
 * redacted; file attachments reduced to name, type and size (no bytes, no data: URLs, no links to
 * the files, which a later reader could otherwise fetch while they are still held by the channel).
 */
export function redactActivity<T extends Partial<Activity>>(activity: T): T {
  const copy = JSON.parse(JSON.stringify({ ...activity, attachments: undefined })) as T;
  for (const field of ['text', 'speak', 'summary'] as const) {
    if (typeof copy[field] === 'string') (copy as Partial<Activity>)[field] = redactText(copy[field] as string);
  }
  if (copy.value !== undefined) copy.value = redactDeep(copy.value);
  if (copy.channelData !== undefined) copy.channelData = redactDeep(copy.channelData);
  if (copy.suggestedActions) copy.suggestedActions = redactDeep(copy.suggestedActions);
  if (activity.attachments) (copy as Partial<Activity>).attachments = activity.attachments.map(redactAttachment) as Attachment[];
  return copy;
}
