import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Activity } from 'botbuilder';
import { compileTemplate } from './compile.js';
import { cardMessage, showsQuickReplies } from './quick-replies.js';

const templatesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

export type CardName = 'welcome' | 'choice' | 'step' | 'callback';

/** Each template compiled once, on first use (./compile.ts: the library's expansion, decided once). */
const templates = new Map<CardName, (data: object) => Record<string, unknown>>();

function templateFor(name: CardName): (data: object) => Record<string, unknown> {
  let template = templates.get(name);
  if (!template) {
    template = compileTemplate(JSON.parse(readFileSync(path.join(templatesDir, `${name}.json`), 'utf8')) as object);
    templates.set(name, template);
  }
  return template;
}

/**
 * Expanded cards by template and data. Even compiled, a card's `$when`s and functions cost about ten
 * times a parse of the card's JSON, and most turns show the same few cards with the same data
 * (menus, steps, choices). So an expansion is kept as JSON and each caller gets its own parse of it
 * (callers may add to their card; a parse costs about a third of a `structuredClone`). Bounded,
 * oldest first out; a card holds only what the bot says, never input.
 */
const expanded = new Map<string, string>();
const MAX_EXPANDED = 500;

/** Expands a card template with data; presentation lives in the JSON templates, never in dialogs. */
export function renderCardJson(name: CardName, data: object): Record<string, unknown> {
  const key = `${name}\n${JSON.stringify(data)}`;
  let card = expanded.get(key);
  if (card === undefined) {
    card = JSON.stringify(templateFor(name)(data));
    if (expanded.size >= MAX_EXPANDED) expanded.delete(expanded.keys().next().value!);
    expanded.set(key, card);
  }
  return JSON.parse(card) as Record<string, unknown>;
}

/**
 * Messages showing a card where choices are quick replies (./quick-replies.ts), by template and data:
 * the same turn's card, split into card and chips, every time. Kept as JSON like the expansions, so
 * a turn pays one parse instead of a parse, the split's copy of the card and a schema check of
 * each button. Teams (cards keep their buttons) is not kept: it goes through `cardMessage` as it is.
 */
const messages = new Map<string, string>();

/** `cardMessage(renderCardJson(name, data), channelId)`, each caller getting its own copy. */
export function renderCardMessage(name: CardName, data: object, channelId: string | undefined): Partial<Activity> {
  if (!showsQuickReplies(channelId)) return cardMessage(renderCardJson(name, data), channelId);
  const key = `${name}\n${JSON.stringify(data)}`;
  let message = messages.get(key);
  if (message === undefined) {
    message = JSON.stringify(cardMessage(renderCardJson(name, data), channelId));
    if (messages.size >= MAX_EXPANDED) messages.delete(messages.keys().next().value!);
    messages.set(key, message);
  }
  return JSON.parse(message) as Partial<Activity>;
}
