// Turning ids and dates into words in the agent's language.
import type { Bilingual, ConsoleLabels } from '../../handoff/agent-api-types.js';
import type { ConsoleTexts, Lang } from './texts.js';

export interface Words {
  lang: Lang;
  t: ConsoleTexts;
  labels: ConsoleLabels | null;
}

/** The served name of an id; the id itself when the server has none (never a blank), '—' when absent. */
export function named(words: Words, table: keyof ConsoleLabels, id: string | undefined): string {
  if (!id) return '—';
  const label: Bilingual | undefined = words.labels && Object.hasOwn(words.labels[table], id) ? words.labels[table][id] : undefined;
  return label ? label[words.lang] : id;
}

export function localeName(words: Words, locale: string | undefined): string {
  if (!locale) return '—';
  return words.t.locales[locale.slice(0, 2).toLowerCase()] ?? locale;
}

export function timeOf(words: Words, iso: string | undefined): string {
  const date = new Date(iso ?? '');
  if (Number.isNaN(date.getTime())) return '—';
  // Agents work in Korea: Seoul time whatever the machine's zone.
  return date.toLocaleString(words.lang === 'en' ? 'en-GB' : 'ko-KR', {
    timeZone: 'Asia/Seoul',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
