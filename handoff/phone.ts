import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Callback phone numbers. Storage only ever holds the masked form (for display) and an
 * AES-256-GCM sealed copy (so an agent can call back); the plain number exists in memory only
 * while a request handles it.
 */

/** Why a number was refused, so the form can say what is wrong (texts: handoff.callback.invalid_<reason>). */
export type PhoneProblem = 'empty' | 'characters' | 'foreign' | 'format';

export class PhoneNumberError extends Error {
  constructor(
    message: string,
    readonly problem: PhoneProblem = 'format',
  ) {
    super(message);
  }
}

/** Korean phone number groups: [area/prefix, middle, last4]; representative numbers have no area. */
interface PhoneParts {
  groups: string[];
}

// Mobile (010, 011, 016-019), Seoul (02), regional (031-064), internet phones (070), and nationwide
// representative numbers (15xx/16xx/18xx-xxxx). Anything else is rejected rather than guessed.
function splitKoreanNumber(digits: string): PhoneParts | undefined {
  // 010 numbers always have 11 digits; the older 011/016-019 ones may have 10.
  let match = /^(010)(\d{4})(\d{4})$/.exec(digits) ?? /^(01[16789])(\d{3,4})(\d{4})$/.exec(digits);
  if (match) return { groups: match.slice(1) };
  match = /^(02)(\d{3,4})(\d{4})$/.exec(digits);
  if (match) return { groups: match.slice(1) };
  match = /^(0[3-6][1-5]|070)(\d{3,4})(\d{4})$/.exec(digits);
  if (match) return { groups: match.slice(1) };
  match = /^(1[568]\d{2})(\d{4})$/.exec(digits);
  if (match) return { groups: match.slice(1) };
  return undefined;
}

/** Digits of a Korean number as typed ("010-1234-5678", "010 1234 5678", "+82 10-1234-5678"). */
function digitsOf(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new PhoneNumberError('전화번호를 입력해 주세요. / Please enter a phone number.', 'empty');
  if (!/^\+?[\d\s\-.()]+$/.test(trimmed)) {
    throw new PhoneNumberError('전화번호에는 숫자와 -만 쓸 수 있습니다. / A phone number may contain only digits and dashes.', 'characters');
  }
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) {
    if (!digits.startsWith('82')) {
      throw new PhoneNumberError('국내 전화번호만 받을 수 있습니다. / Only Korean phone numbers are accepted.', 'foreign');
    }
    digits = `0${digits.slice(2)}`;
  }
  return digits;
}

function parts(input: string): PhoneParts {
  const found = splitKoreanNumber(digitsOf(input));
  if (!found) {
    throw new PhoneNumberError('전화번호 형식이 올바르지 않습니다 (예: 010-1234-5678). / That is not a valid phone number (e.g. 010-1234-5678).', 'format');
  }
  return found;
}

/** The number in its usual dashed form, e.g. "01012345678" → "010-1234-5678". Throws PhoneNumberError. */
export function normalizePhone(input: string): string {
  return parts(input).groups.join('-');
}

/**
 * Masks every group but the last ("010-1234-5678" → "010-****-5678", "1588-1234" → "****-1234"):
 * the last four digits let an agent confirm the number with the customer. Throws PhoneNumberError.
 */
export function maskPhone(input: string): string {
  const groups = parts(input).groups;
  const masked = groups.map((group, index) => {
    const isLast = index === groups.length - 1;
    const isAreaCode = index === 0 && groups.length === 3;
    return isLast || isAreaCode ? group : '*'.repeat(group.length);
  });
  return masked.join('-');
}

const SEALED_PREFIX = 'v1';

/**
 * AES-256-GCM with a random 96-bit IV per number. The ticket id is bound as additional
 * authenticated data, so a sealed number copied into another ticket does not open.
 */
export class PhoneSealer {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error('The callback encryption key must be 32 bytes');
    this.key = Buffer.from(key);
  }

  /** A sealer with a key that lives only as long as this process (callbacks then die with it). */
  static ephemeral(): PhoneSealer {
    return new PhoneSealer(randomBytes(32));
  }

  seal(phone: string, ticketId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(ticketId, 'utf8'));
    const encrypted = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [SEALED_PREFIX, iv, tag, encrypted].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The plain number, or undefined when it was sealed under another key or for another ticket. */
  open(sealed: string, ticketId: string): string | undefined {
    const [prefix, iv, tag, encrypted] = sealed.split('.');
    if (prefix !== SEALED_PREFIX || !iv || !tag || encrypted === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(ticketId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** Parses CALLBACK_ENCRYPTION_KEY: 32 bytes as 64 hex digits or base64/base64url. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('must be 32 bytes: 64 hex digits or base64 (e.g. `openssl rand -base64 32`)');
  return key;
}
