import type { Activity } from 'botbuilder';
import { walkCard } from '../../cards/walk.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** What a person sees of an Adaptive Card: its title, every text, the button titles. */
export interface CardView {
  title?: string;
  /** TextBlock texts and FactSet lines ("title: value"), in reading order. */
  texts: string[];
  actions: string[];
}

/** A bot reply reduced to what QA asserts on; ids, timestamps and addresses are left out. */
export interface ReplyView {
  type: string;
  text?: string;
  cards: CardView[];
  attachments: { contentType: string; name?: string; url?: string }[];
  suggested: string[];
}

interface CardElement {
  type?: string;
  text?: string;
  title?: string;
  style?: string;
  weight?: string;
  facts?: { title?: string; value?: string }[];
  actions?: CardElement[];
  [key: string]: unknown;
}

/** Reads an Adaptive Card's content in reading order (cards/walk.ts): texts, facts and button titles. */
export function viewCard(content: unknown): CardView {
  const texts: string[] = [];
  const actions: string[] = [];
  let heading: string | undefined;
  let bold: string | undefined;
  for (const { kind, node } of walkCard(content)) {
    const element = node as CardElement;
    if (kind === 'action') {
      if (typeof element.title === 'string') actions.push(element.title);
      continue;
    }
    if (element.type === 'TextBlock' && typeof element.text === 'string' && element.text.trim() !== '') {
      texts.push(element.text);
      if (element.style === 'heading') heading ??= element.text;
      if (element.weight?.toLowerCase() === 'bolder') bold ??= element.text;
    }
    if (element.type === 'RichTextBlock' && Array.isArray(element.inlines)) {
      const line = (element.inlines as unknown[]).map((inline) => (typeof inline === 'string' ? inline : ((inline as CardElement).text ?? ''))).join('');
      if (line.trim() !== '') texts.push(line);
    }
    if (element.type === 'FactSet' && Array.isArray(element.facts)) {
      for (const fact of element.facts) texts.push(`${fact.title ?? ''}: ${fact.value ?? ''}`);
    }
  }
  return { title: heading ?? bold ?? texts[0], texts, actions };
}

export function viewReply(activity: Partial<Activity>): ReplyView {
  const attachments = activity.attachments ?? [];
  return {
    type: activity.type ?? 'message',
    ...(activity.text ? { text: activity.text } : {}),
    cards: attachments.filter((a) => a.contentType === ADAPTIVE_CARD && a.content).map((a) => viewCard(a.content)),
    attachments: attachments.map((a) => ({ contentType: a.contentType, ...(a.name ? { name: a.name } : {}), ...(a.contentUrl ? { url: a.contentUrl } : {}) })),
    suggested: (activity.suggestedActions?.actions ?? []).map((action) => action.title ?? String(action.value ?? '')),
  };
}

/** Every piece of text a person reads in the reply: `says` matches against these. */
export function visibleTexts(reply: ReplyView): string[] {
  return [...(reply.text ? [reply.text] : []), ...reply.cards.flatMap((card) => [...card.texts, ...card.actions]), ...reply.suggested];
}

const indentLines = (text: string, prefix: string) =>
  text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');

/** A reply as a few readable lines, as shown in diffs. */
export function renderReply(reply: ReplyView, indent = ''): string {
  const lines: string[] = [];
  const head = reply.type === 'message' ? '' : `(${reply.type}) `;
  if (reply.text !== undefined) lines.push(`${head}${reply.text}`);
  else if (head) lines.push(head.trim());
  for (const card of reply.cards) {
    lines.push(`[card] ${card.title ?? '(no title)'}`);
    for (const text of card.texts) if (text !== card.title) lines.push(indentLines(text, '  | '));
    if (card.actions.length > 0) lines.push(`  ${card.actions.map((a) => `[${a}]`).join(' ')}`);
  }
  for (const attachment of reply.attachments) {
    if (attachment.contentType === ADAPTIVE_CARD) continue;
    lines.push(`[attachment] ${attachment.contentType}${attachment.name ? ` ${attachment.name}` : ''}`);
  }
  if (reply.suggested.length > 0) lines.push(`suggested: ${reply.suggested.map((s) => `(${s})`).join(' ')}`);
  if (lines.length === 0) lines.push('(empty message)');
  return lines.map((line) => indentLines(line, indent)).join('\n');
}
