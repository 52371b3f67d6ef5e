import { z } from 'zod';
import { Bilingual } from './schema.js';

/**
 * Short answers an agent can put in the console's reply box with one click (content/canned-answers.yaml),
 * in Korean and English: the ticket's language picks one. They fill the box, the agent edits and sends,
 * so they are plain sentences: no placeholders, no markup, no more than a reply may hold.
 */
export const MAX_CANNED_CHARS = 500;

const sentence = z
  .string()
  .trim()
  .min(1)
  .max(MAX_CANNED_CHARS)
  .refine((text) => !/[<>{}]/.test(text), 'a canned answer is plain text: no <tags> and no {placeholders}');

export const CannedAnswerSchema = z
  .object({
    /** The button's data-canned id (the console's tests and the agents' habits rely on it: keep it stable). */
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'an id is lowercase letters, digits and dashes, e.g. please-wait'),
    /** The button's label. */
    label: Bilingual.refine((b) => b.ko.length <= 30 && b.en.length <= 30, 'a label is at most 30 characters'),
    text: z.object({ ko: sentence, en: sentence }).strict(),
  })
  .strict();
export type CannedAnswer = z.output<typeof CannedAnswerSchema>;

export const CannedAnswersSchema = z
  .object({ answers: z.array(CannedAnswerSchema).min(1).max(20) })
  .strict()
  .refine((file) => new Set(file.answers.map((a) => a.id)).size === file.answers.length, { message: 'every answer needs its own id', path: ['answers'] });
