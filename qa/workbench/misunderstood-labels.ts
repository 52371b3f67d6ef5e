import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { labelledSetSchema, type LabelledSet } from '../../nlu/content.js';
import { INTENTS, type Intent } from '../../nlu/intents.js';
import { stillPersonal, type MisunderstoodMessage } from './misunderstood.js';

/** What a QA engineer may label a message with: an intent of the recogniser, or out of scope. */
export const OUT_OF_SCOPE = 'out_of_scope';
export const LABELS = [...INTENTS, OUT_OF_SCOPE] as const;
export type Label = (typeof LABELS)[number];

export const LabelBodySchema = z.strictObject({
  intent: z.enum(LABELS, {
    error: (issue) => `Unknown intent ${String(JSON.stringify(issue.input)).slice(0, 60)}: use one of ${LABELS.join(', ')}. / 알 수 없는 의도입니다.`,
  }),
});

/** One label: its own storage document (key = the message id), never a document shared by messages. */
export interface LabelDocument {
  id: string;
  /** The redacted text labelled (checked again with lib/redact before it was stored). */
  text: string;
  language: 'ko' | 'en';
  intent: Label;
  /** ISO time of the message, so an export can be cut by the period of the messages. */
  at: string;
  labelledAt: string;
  /** Who labelled it (the console identity's id). */
  by?: string;
}

const PREFIX = 'qa/misunderstood/labels';
const READ_CHUNK = 100;

/**
 * Labels on any botbuilder Storage (memory, lowdb, PostgreSQL's bot_state table): one document per
 * message, written without an eTag (the last label given wins), so labelling two messages at once
 * never conflicts and relabelling overwrites.
 */
export class MisunderstoodLabels {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async label(message: MisunderstoodMessage, intent: Label, by?: string): Promise<LabelDocument> {
    if (stillPersonal(message.text)) throw new Error('refusing to store a text that still looks personal');
    const document: LabelDocument = {
      id: message.id,
      text: message.text,
      language: message.language,
      intent,
      at: message.at,
      labelledAt: this.now().toISOString(),
      ...(by ? { by } : {}),
    };
    await this.storage.write({ [keyOf(message.id)]: document });
    return document;
  }

  /** The labels of these message ids (absent ones left out). */
  async of(ids: readonly string[]): Promise<Map<string, LabelDocument>> {
    const found = new Map<string, LabelDocument>();
    for (let start = 0; start < ids.length; start += READ_CHUNK) {
      const keys = ids.slice(start, start + READ_CHUNK).map(keyOf);
      const items = await this.storage.read(keys);
      for (const key of keys) {
        const item = items[key] as (LabelDocument & { eTag?: string }) | undefined;
        if (item) {
          const { eTag: _eTag, ...label } = item;
          found.set(label.id, label);
        }
      }
    }
    return found;
  }
}

const keyOf = (id: string) => `${PREFIX}/${id}`;

/** The content/nlu utterance intent a label trains: out of scope is the recogniser's `none`. */
export const trainingIntent = (label: Label): Intent => (label === OUT_OF_SCOPE ? 'none' : label);

/**
 * The labelled set as a file in the format of content/nlu/intents/*.json (one entry per intent,
 * ko/en by the message's script, each text once, sorted), validated by nlu/content.ts's schema.
 * A text that still looks personal is left out, whatever was stored.
 */
export function exportLabelledSet(labels: readonly LabelDocument[], period: { from: string; to: string }): LabelledSet {
  const byIntent = new Map<Intent, { ko: Set<string>; en: Set<string> }>();
  for (const label of labels) {
    if (stillPersonal(label.text) || !label.text.trim()) continue;
    const intent = trainingIntent(label.intent);
    const lists = byIntent.get(intent) ?? { ko: new Set<string>(), en: new Set<string>() };
    lists[label.language].add(label.text.trim());
    byIntent.set(intent, lists);
  }
  const sorted = (texts: Set<string>) => [...texts].sort((a, b) => a.localeCompare(b));
  return labelledSetSchema.parse({
    description: `Misunderstood messages labelled in the QA workbench, ${period.from} – ${period.to} (redacted). Review, then merge each entry's utterances into content/nlu/intents/<intent>.json.`,
    intents: INTENTS.filter((intent) => byIntent.has(intent)).map((intent) => ({
      intent,
      utterances: { ko: sorted(byIntent.get(intent)!.ko), en: sorted(byIntent.get(intent)!.en) },
    })),
  });
}
