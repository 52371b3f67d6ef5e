import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';

const templatesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

export type CardName = 'welcome' | 'choice' | 'step' | 'callback';

const templates = new Map<CardName, ACData.Template>();

function templateFor(name: CardName): ACData.Template {
  let template = templates.get(name);
  if (!template) {
    template = new ACData.Template(JSON.parse(readFileSync(path.join(templatesDir, `${name}.json`), 'utf8')));
    templates.set(name, template);
  }
  return template;
}

/**
 * Expanded cards by template and data. The template is parsed once (`ACData.Template` prepares every
 * `${...}` into an adaptive-expressions tree when it is built, above), but expanding still evaluates
 * every expression (about 9% of a turn's CPU in the bench profile), yet most turns show the same few
 * cards with the same data (menus, steps, choices). So an expansion is kept as JSON and each caller
 * gets its own parse of it (callers may add to their card): parsing ~1 KB of JSON costs about a third
 * of a `structuredClone` of the same card. Bounded, oldest first out; a card holds only what the bot
 * says, never input.
 */
const expanded = new Map<string, string>();
const MAX_EXPANDED = 500;

/** Expands a card template with data; presentation lives in the JSON templates, never in dialogs. */
export function renderCardJson(name: CardName, data: object): Record<string, unknown> {
  const key = `${name}\n${JSON.stringify(data)}`;
  let card = expanded.get(key);
  if (card === undefined) {
    card = JSON.stringify(templateFor(name).expand({ $root: data }));
    if (expanded.size >= MAX_EXPANDED) expanded.delete(expanded.keys().next().value!);
    expanded.set(key, card);
  }
  return JSON.parse(card) as Record<string, unknown>;
}
