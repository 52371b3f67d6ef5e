import type { Activity } from 'botbuilder';
import { isDeepStrictEqual } from 'node:util';
import { cardActions, walkCard } from '../../cards/walk.js';
import { renderScript, type BotAssertion, type ScriptStep } from './script-yaml.js';

/**
 * One stored conversation as a replay script (`*.test.yaml`, the format of qa/replay and of the
 * recorder, whose writer, script-yaml.ts, it shares): what the customer typed or pressed, and after each input what the
 * assistant answered (its text, or its card's title and buttons, and the chips under it). `npm run
 * replay -- <file>` plays it against today's bot, so a conversation QA found can become a test.
 * The customer's words are the stored, redacted ones: a masked number is replayed masked.
 */

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

interface CardNode {
  type?: string;
  title?: string;
  text?: string;
  style?: string;
  weight?: string;
  data?: unknown;
}

/** The card's heading (what the replayer calls its title): its heading style, else its first bold or first text. */
function cardTitle(content: unknown): string | undefined {
  let first: string | undefined;
  let bold: string | undefined;
  for (const { kind, node } of walkCard(content)) {
    const element = node as CardNode;
    if (kind !== 'element' || element.type !== 'TextBlock' || typeof element.text !== 'string' || element.text.trim() === '') continue;
    if (element.style === 'heading') return element.text;
    if (element.weight?.toLowerCase() === 'bolder') bold ??= element.text;
    first ??= element.text;
  }
  return bold ?? first;
}

/** Every button a customer sees on the card (links too), as the replayer reads them. */
const buttonTitles = (content: unknown) =>
  (cardActions(content) as CardNode[]).filter((action) => typeof action.title === 'string').map((action) => action.title!);

const chipTitles = (activity: Partial<Activity>) => (activity.suggestedActions?.actions ?? []).map((action) => action.title ?? String(action.value ?? ''));

/** What a customer saw of one reply, as the replayer asserts it. */
function assertionOf(activity: Partial<Activity>): BotAssertion {
  const card = (activity.attachments ?? []).find((attachment) => attachment.contentType === ADAPTIVE_CARD && attachment.content);
  const suggested = chipTitles(activity);
  if (card) {
    return {
      ...(activity.text ? { says: activity.text } : {}),
      card: { title: cardTitle(card.content) ?? '', actions: buttonTitles(card.content) },
      ...(suggested.length > 0 ? { suggested } : {}),
    };
  }
  // Text is matched as "contains": an empty text stands for a reply without words (a file, an image).
  return { text: activity.text ?? '' };
}

/** The button the customer pressed: a card button whose data is the value sent, or a chip whose value is the text sent. */
function pressed(activity: Partial<Activity>, earlier: Partial<Activity>[]): string | undefined {
  for (let i = earlier.length - 1; i >= 0; i--) {
    const reply = earlier[i];
    if (activity.value !== undefined) {
      for (const attachment of reply.attachments ?? []) {
        const action = (cardActions(attachment.content) as CardNode[]).find(
          (a) => a.type === 'Action.Submit' && isDeepStrictEqual(a.data ?? {}, activity.value),
        );
        if (action?.title) return action.title;
      }
    }
    const chip = (reply.suggestedActions?.actions ?? []).find(
      (action) => (activity.value !== undefined && isDeepStrictEqual(action.value, activity.value)) || (activity.text && action.value === activity.text),
    );
    if (chip) return chip.title ?? String(chip.value);
    if (reply.attachments?.length || reply.suggestedActions) break; // only the latest buttons can be pressed
  }
  return undefined;
}

export function replaySteps(activities: Partial<Activity>[]): ScriptStep[] {
  const steps: ScriptStep[] = [];
  const botSoFar: Partial<Activity>[] = [];
  let joined = false;
  for (const activity of activities) {
    const fromUser = activity.from?.role === 'user';
    if (!fromUser) {
      if (activity.type !== 'message') continue; // typing and trace (turn facts) are not what a customer sees
      steps.push({ bot: assertionOf(activity) });
      botSoFar.push(activity);
      continue;
    }
    if (activity.type === 'conversationUpdate') {
      if (!joined && activity.membersAdded?.length) steps.push({ join: true });
      joined = true;
    } else if (activity.type === 'event' && activity.name) {
      steps.push({ event: { name: activity.name, value: activity.value ?? null } });
    } else if (activity.type === 'message') {
      const button = pressed(activity, botSoFar);
      if (button) steps.push({ click: button });
      else if (activity.text) steps.push({ user: activity.text });
      else if (activity.attachments?.length) steps.push({ upload: activity.attachments[0].name ?? 'file' });
    }
  }
  return steps;
}

export interface ReplaySource {
  conversationId: string;
  started: string;
  locale?: string;
  /** The stored (redacted) activities, in time order, `from.role` user or bot. */
  activities: Partial<Activity>[];
}

/** A safe file name for the download: the conversation id's letters and digits. */
export function replayFileName(conversationId: string): string {
  return `review-${conversationId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 60) || 'conversation'}.test.yaml`;
}

export function replayScript(source: ReplaySource): string {
  const locale = source.locale ?? source.activities.find((activity) => activity.from?.role === 'user' && activity.locale)?.locale ?? 'ko-KR';
  return renderScript({
    header: 'Made in the QA workbench (conversation review) from a stored, redacted conversation; run it with `npm run replay -- <file>`.',
    name: `review ${source.conversationId.slice(0, 60)}`,
    locale: locale.toLowerCase().startsWith('en') ? 'en-US' : 'ko-KR',
    now: source.started,
    comment: [`conversation ${source.conversationId}, started ${source.started}`],
    steps: replaySteps(source.activities),
  });
}
