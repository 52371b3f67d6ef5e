import { TestAdapter, type Activity } from 'botbuilder';
import { RecordingStorage } from './recording-storage.js';
import pino from 'pino';
import { CertAssistant } from '../../bot/assistant.js';
import type { AttachmentReader, FetchOutcome } from '../../bot/attachments.js';
import { setCaller, type Caller } from '../../bot/caller.js';
import { createAssistant, loadResources, type AssistantResources } from '../../bot/create-assistant.js';
import { adaptiveCardProblems } from '../../cards/validate.js';
import { walkCard } from '../../cards/walk.js';
import type { Recognition } from '../../nlu/index.js';

let resources: Promise<AssistantResources> | undefined;
/** Training the recogniser takes a moment: once per test file. */
export const sharedResources = () => (resources ??= loadResources());

export interface CardView {
  title?: string;
  texts: string[];
  actions: { title: string; data: unknown }[];
}

/** A readable view of an Adaptive Card: every TextBlock/Fact text and the buttons. */
export function cardView(activity: Partial<Activity>): CardView | undefined {
  const content = activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!content) return undefined;
  const texts: string[] = [];
  const buttons: { title: string; data?: unknown; url?: string }[] = [];
  for (const { kind, node } of walkCard(content)) {
    if (kind === 'action') buttons.push(node as (typeof buttons)[number]);
    else if (node.type === 'TextBlock' && typeof node.text === 'string') texts.push(node.text);
    else if (node.type === 'FactSet' && Array.isArray(node.facts)) {
      for (const fact of node.facts as { title: string; value: string }[]) texts.push(`${fact.title}: ${fact.value}`);
    }
  }
  // Buttons in the order a user sees them: body action sets first, then the card's own actions, then
  // the chips under the message (in Web Chat a question's choices are suggested actions).
  const chips = (activity.suggestedActions?.actions ?? []).map((a) => ({ title: a.title ?? '', data: a.value }));
  const actions = [...buttons.map((a) => ({ title: a.title, data: a.data ?? { url: a.url } })), ...chips];
  return { title: texts.find((t) => t.length > 0 && !/^\d+ \/ \d+$/.test(t)), texts, actions };
}

/**
 * The real assistant (dialogs, cards, recogniser, content) on botbuilder's TestAdapter: each call
 * sends one user activity and returns the bot's replies of that turn.
 */
export class BotHarness {
  readonly adapter: TestAdapter;
  readonly storage: RecordingStorage;
  private lastCard?: CardView;

  private constructor(
    adapter: TestAdapter,
    storage: RecordingStorage,
    private readonly locale: string,
  ) {
    this.adapter = adapter;
    this.storage = storage;
  }

  static async create(
    options: {
      locale?: string;
      now?: Date;
      files?: (url: string) => FetchOutcome;
      recognize?: (real: Recognition) => Recognition;
      /** Who vouched for every turn, as the server's routes record it (default: nobody, a customer). */
      caller?: Caller;
    } = {},
  ) {
    const storage = new RecordingStorage();
    const shared = await sharedResources();
    const adjust = options.recognize;
    const loaded = adjust ? { ...shared, recognizer: { recognize: (text: string) => adjust(shared.recognizer.recognize(text)) } } : shared;
    const attachments: AttachmentReader = {
      read: async (attachment) => options.files?.(attachment.contentUrl ?? '') ?? { ok: false, reason: 'unavailable' },
    };
    const logger = pino({ level: 'silent' });
    const bot = createAssistant(loaded, { storage, attachments, logger, now: () => options.now ?? new Date('2026-11-25T00:00:00Z') });
    const adapter = new TestAdapter((context) => bot.run(context));
    const caller = options.caller;
    if (caller) adapter.use(async (context, next) => (setCaller(context, caller), next()));
    adapter.onTurnError = (context, error) => CertAssistant.onTurnError(context, error, loaded.texts, logger);
    return new BotHarness(adapter, storage, options.locale ?? 'ko-KR');
  }

  async send(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> =
      typeof input === 'string' ? { type: 'message', text: input, locale: this.locale } : { type: 'message', locale: this.locale, ...input };
    await this.adapter.receiveActivity(activity);
    const replies = this.adapter.activeQueue.splice(0);
    // Every card any test sees must be a valid Adaptive Card 1.5 with fallback text and speech.
    for (const attachment of replies.flatMap((r) => r.attachments ?? [])) {
      const card = attachment.content as Record<string, unknown>;
      const problems = adaptiveCardProblems(card);
      if (!card.fallbackText || !card.speak) problems.push('missing fallbackText or speak');
      if (problems.length > 0) throw new Error(`invalid card: ${problems.join('; ')}\n${JSON.stringify(card)}`);
    }
    const cards = replies.map(cardView).filter((c): c is CardView => c !== undefined);
    if (cards.length > 0) this.lastCard = cards[cards.length - 1];
    return replies;
  }

  /** Clicks the button titled `title` (or matching it) on the last card shown. */
  async click(title: string | RegExp): Promise<Partial<Activity>[]> {
    const button = this.lastCard?.actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
    if (!button) throw new Error(`no button ${String(title)} on the last card: ${JSON.stringify(this.lastCard?.actions.map((a) => a.title))}`);
    return this.send({ value: button.data });
  }

  get card(): CardView | undefined {
    return this.lastCard;
  }
}
