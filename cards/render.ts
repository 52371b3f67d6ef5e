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

/** Expands a card template with data; presentation lives in the JSON templates, never in dialogs. */
export function renderCardJson(name: CardName, data: object): Record<string, unknown> {
  return templateFor(name).expand({ $root: data }) as Record<string, unknown>;
}
