/**
 * Loads and validates the NLU training data under content/nlu/ (zod at start-up: a broken file
 * stops the recognizer with the file, the path inside it and the reason).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { INTENTS, type Intent } from './intents.js';
import { CUE_LISTS, type CueList, type LexiconData } from './lexicon.js';

export const DEFAULT_CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../content/nlu');

const utterance = z.string().trim().min(1, 'empty utterance');
const utteranceList = z.array(utterance).min(1, 'needs at least one utterance');

/** One content/nlu/intents/*.json file. */
export const intentFileSchema = z.strictObject({
  intent: z.enum(INTENTS),
  description: z.string().optional(),
  utterances: z.strictObject({ ko: utteranceList, en: utteranceList }),
});

/**
 * A labelled set exported by the QA workbench (misunderstood messages): intent files as above, whose
 * ko or en list may be empty (only what was labelled), to be merged into content/nlu/intents/ after review.
 */
export const labelledSetSchema = z.strictObject({
  description: z.string(),
  intents: z
    .array(
      intentFileSchema.extend({
        utterances: z
          .strictObject({ ko: z.array(utterance), en: z.array(utterance) })
          .refine((lists) => lists.ko.length + lists.en.length > 0, 'needs at least one utterance'),
      }),
    )
    .refine((entries) => new Set(entries.map((entry) => entry.intent)).size === entries.length, 'an intent is listed twice'),
});
export type LabelledSet = z.infer<typeof labelledSetSchema>;

function dictionaryEntry<Id extends string>(id: z.ZodType<Id>) {
  return z.strictObject({
    id,
    aliases: z.array(z.string().trim().min(1)).min(1, 'needs at least one alias'),
    /** Short or ambiguous words (하나, 기업, kb) that only count as a whole word. */
    wordAliases: z.array(z.string().trim().min(1)).default([]),
  });
}

export const CERT_TYPES = ['joint', 'financial'] as const;
export const DEVICES = ['pc', 'mac', 'android', 'iphone', 'phone'] as const;
export type CertType = (typeof CERT_TYPES)[number];
export type Device = (typeof DEVICES)[number];

const entitiesFileSchema = z.strictObject({
  description: z.string().optional(),
  institution: z.array(dictionaryEntry(z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lowercase ascii'))).min(1),
  certType: z.array(dictionaryEntry(z.enum(CERT_TYPES))).min(1),
  device: z.array(dictionaryEntry(z.enum(DEVICES))).min(1),
});

const wordList = z.array(z.string().trim().min(1)).min(1);

const lexiconFileSchema = z.strictObject({
  description: z.string().optional(),
  spelling: wordList,
  realWords: z.array(z.string().trim().min(1)),
  abbreviations: z.record(z.string().min(1), z.string().min(1)),
  cues: z.strictObject(Object.fromEntries(CUE_LISTS.map((list) => [list, wordList])) as Record<CueList, typeof wordList>),
});

export type EntityDictionaries = z.infer<typeof entitiesFileSchema>;
export type DictionaryEntry<Id extends string = string> = { id: Id; aliases: string[]; wordAliases: string[] };

export interface TrainingExample {
  text: string;
  intent: Intent;
  language: 'ko' | 'en';
}

export interface NluContent {
  examples: TrainingExample[];
  entities: EntityDictionaries;
  lexicon: LexiconData;
}

export class NluContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NluContentError';
  }
}

function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    return `  ${where}: ${issue.message}`;
  });
  return `Invalid NLU content file ${file}:\n${lines.join('\n')}`;
}

async function readJson(file: string): Promise<unknown> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new NluContentError(`Cannot read NLU content file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new NluContentError(`Invalid JSON in NLU content file ${file}: ${(error as Error).message}`);
  }
}

async function parseFile<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const result = schema.safeParse(await readJson(file));
  if (!result.success) throw new NluContentError(describeIssues(file, result.error));
  return result.data;
}

async function loadIntentExamples(intentsDir: string): Promise<TrainingExample[]> {
  let names: string[];
  try {
    names = (await readdir(intentsDir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new NluContentError(`Cannot list NLU intents folder ${intentsDir}: ${(error as Error).message}`);
  }
  const fileByIntent = new Map<Intent, string>();
  const examples: TrainingExample[] = [];
  for (const name of names) {
    const file = path.join(intentsDir, name);
    const parsed = await parseFile(file, intentFileSchema);
    const previous = fileByIntent.get(parsed.intent);
    if (previous) throw new NluContentError(`Intent "${parsed.intent}" is defined twice: ${previous} and ${file}`);
    fileByIntent.set(parsed.intent, file);
    for (const language of ['ko', 'en'] as const) {
      for (const text of parsed.utterances[language]) examples.push({ text, intent: parsed.intent, language });
    }
  }
  const missing = INTENTS.filter((intent) => !fileByIntent.has(intent));
  if (missing.length) throw new NluContentError(`No training file in ${intentsDir} for intent(s): ${missing.join(', ')}`);
  return examples;
}

export async function loadNluContent(contentDir: string = DEFAULT_CONTENT_DIR): Promise<NluContent> {
  const examples = await loadIntentExamples(path.join(contentDir, 'intents'));
  const entities = await parseFile(path.join(contentDir, 'entities.json'), entitiesFileSchema);
  const lexicon = await parseFile(path.join(contentDir, 'lexicon.json'), lexiconFileSchema);
  return { examples, entities, lexicon };
}
