// The names the agent console shows for the ids a ticket carries, built from the data the bot speaks
// from, so a renamed institution or intent changes in one place. Served by GET /api/agent/labels.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PROBLEM_CODES, PROBLEM_TEXTS } from '../cert-core/problem-texts.js';
import type { Bilingual, ConsoleLabels } from './agent-api-types.js';

const CONTENT_DIR = new URL('../content/', import.meta.url);

const BilingualSchema = z.object({ ko: z.string().min(1), en: z.string().min(1) });
const TextsSchema = z.record(z.string(), BilingualSchema);
const EntitySchema = z.object({ id: z.string().min(1), aliases: z.array(z.string()).min(1) });
const EntitiesSchema = z.object({ institution: z.array(EntitySchema), certType: z.array(EntitySchema) });

export type TextEntries = z.infer<typeof TextsSchema>;
export type EntityLists = z.infer<typeof EntitiesSchema>;

/** Where a ticket's intent id is named in texts.json: procedures by kind, troubles, other topics. */
const INTENT_PREFIXES = ['kind.', 'trouble.', 'topic.'];

/** Reads content/texts.json and content/nlu/entities.json once; a broken file fails start-up, not a request. */
export function loadConsoleLabels(dir: URL = CONTENT_DIR): ConsoleLabels {
  const texts = TextsSchema.parse(JSON.parse(readFileSync(new URL('texts.json', dir), 'utf8')));
  const entities = EntitiesSchema.parse(JSON.parse(readFileSync(new URL('nlu/entities.json', dir), 'utf8')));
  return consoleLabels(texts, entities);
}

export function consoleLabels(texts: TextEntries, entities: EntityLists): ConsoleLabels {
  return {
    intents: intentLabels(texts),
    institutions: entityLabels(entities.institution, texts, 'institution.'),
    certTypes: entityLabels(entities.certType, texts, 'cert_type.'),
    problems: Object.fromEntries(PROBLEM_CODES.map((code) => [code, problemLabel(code)])),
  };
}

function intentLabels(texts: TextEntries): Record<string, Bilingual> {
  const labels: Record<string, Bilingual> = {};
  for (const [key, text] of Object.entries(texts)) {
    const prefix = INTENT_PREFIXES.find((p) => key.startsWith(p));
    const id = prefix ? key.slice(prefix.length) : '';
    // "topic.agent.body" is a message, not a name: only one-word ids after the prefix.
    if (/^[a-z_]+$/.test(id) && !(id in labels)) labels[id] = { ko: text.ko, en: text.en };
  }
  return labels;
}

/**
 * The bot's own button text when it has one (institution.woori); otherwise the entity's first alias,
 * which is its Korean name, with its first Latin alias as the English name.
 */
function entityLabels(list: EntityLists['institution'], texts: TextEntries, prefix: string): Record<string, Bilingual> {
  const labels: Record<string, Bilingual> = {};
  for (const entity of list) {
    const text = texts[prefix + entity.id];
    if (text) {
      labels[entity.id] = { ko: text.ko, en: text.en };
      continue;
    }
    const ko = entity.aliases[0];
    const latin = entity.aliases.find((alias) => /^[\x20-\x7e]+$/.test(alias));
    labels[entity.id] = { ko, en: latin ? `${titleCase(latin)} (${ko})` : ko };
  }
  const other = texts[`${prefix}other`];
  if (other) labels.other = { ko: other.ko, en: other.en };
  return labels;
}

/** cert-core's message for the problem, its per-file details left out ("…"). */
function problemLabel(code: (typeof PROBLEM_CODES)[number]): Bilingual {
  const { message_ko, message_en } = PROBLEM_TEXTS[code];
  return { ko: withoutDetails(message_ko), en: withoutDetails(message_en) };
}

function withoutDetails(message: string): string {
  return message
    .replace(/\s*\(\{\w+\}\)/g, '')
    .replace(/\{file\}(이\(가\)|은\(는\)|의)/g, (_all, particle: string) => `파일${particle.charAt(0)}`)
    .replace(/^\{file\}/, 'The file')
    .replace(/\{file\}/g, 'the file')
    .replace(/\{\w+\}/g, '…')
    .replace(/\s+/g, ' ')
    .replace(/\s…$/, '')
    .trim();
}

function titleCase(text: string): string {
  return text.replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
}
