import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { contentPath } from '../lib/paths.js';

export type Locale = 'ko-KR' | 'en-US';

const Bilingual = z.object({ ko: z.string().min(1), en: z.string().min(1) }).strict();
const TextsSchema = z.record(z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, 'keys look like "area.name"'), Bilingual);
export type TextKey = string;

/** Reads a bilingual text file; a broken file names itself, the key and the reason. */
export function loadTexts(file = contentPath('texts.json')): Texts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const result = TextsSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return new Texts(result.data);
}

/** Korean is the default; English when the user's client says so. */
export function localeOf(activityLocale: string | undefined): Locale {
  return activityLocale?.toLowerCase().startsWith('en') ? 'en-US' : 'ko-KR';
}

export class Texts {
  constructor(private readonly entries: Record<string, { ko: string; en: string }>) {}

  /** The text for `key` in `locale`, with `{name}` placeholders filled in. */
  get(key: TextKey, locale: Locale, values: Record<string, string | number> = {}): string {
    const entry = this.entries[key];
    if (!entry) throw new Error(`missing text "${key}"`);
    const template = locale === 'en-US' ? entry.en : entry.ko;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  }

  /** Every translation of `key`: used to recognise a button title typed as text. */
  all(key: TextKey): string[] {
    const entry = this.entries[key];
    return entry ? [entry.ko, entry.en] : [];
  }
}
