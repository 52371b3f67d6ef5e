import { randomUUID } from 'node:crypto';
import {
  ActivityHandler,
  MessageFactory,
  type Attachment,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { renderCard } from '../cards/index.js';
import { menuChoiceOf, topicCardData, welcomeCardData } from '../dialogs/menu.js';
import type { AttachmentReader } from './attachments.js';
import { localeOf, type Locale, type Texts } from './i18n.js';
import type { Logger } from './logger.js';

interface ConversationData {
  lastTopic?: string;
  turns: number;
}

export interface AssistantDeps {
  conversationState: ConversationState;
  texts: Texts;
  attachments: AttachmentReader;
  logger: Logger;
}

/** The assistant's turn handling: welcome, menu, uploads. Flow lives in dialogs/, presentation in cards/. */
export class CertAssistant extends ActivityHandler {
  private readonly conversationData: StatePropertyAccessor<ConversationData>;

  constructor(private readonly deps: AssistantDeps) {
    super();
    this.conversationData = deps.conversationState.createProperty<ConversationData>('conversationData');

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id !== botId)) {
        await this.sendWelcome(context);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const data = await this.conversationData.get(context, { turns: 0 });
      data.turns += 1;
      await this.handleMessage(context, data);
      await next();
    });
  }

  /** Persist state after every turn, whatever handler ran. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
  }

  private async handleMessage(context: TurnContext, data: ConversationData): Promise<void> {
    const locale = localeOf(context.activity.locale);
    const files = (context.activity.attachments ?? []).filter((a) => a.contentUrl);
    if (files.length > 0) {
      for (const file of files) await this.acknowledgeUpload(context, file, locale);
      return;
    }
    const choice = menuChoiceOf(context.activity, this.deps.texts);
    if (choice === 'home') {
      await this.sendWelcome(context);
    } else if (choice) {
      data.lastTopic = choice;
      await context.sendActivity(
        MessageFactory.attachment(renderCard('topic', topicCardData(choice, this.deps.texts, locale))),
      );
    } else {
      await context.sendActivity(this.deps.texts.get('fallback.unknown', locale));
      await this.sendWelcome(context);
    }
  }

  private async sendWelcome(context: TurnContext): Promise<void> {
    const locale = localeOf(context.activity.locale);
    await context.sendActivity(MessageFactory.attachment(renderCard('welcome', welcomeCardData(this.deps.texts, locale))));
  }

  /** Reads the file in memory only to report what arrived; nothing of its content is kept. */
  private async acknowledgeUpload(context: TurnContext, attachment: Attachment, locale: Locale): Promise<void> {
    const outcome = await this.deps.attachments.read(attachment, {
      channelId: context.activity.channelId,
      conversationId: context.activity.conversation.id,
    });
    const name = attachment.name ?? 'file';
    if (!outcome.ok) {
      const key = outcome.reason === 'too_large' ? 'upload.too_large' : 'upload.unavailable';
      await context.sendActivity(this.deps.texts.get(key, locale, { name }));
      return;
    }
    const size = formatSize(outcome.file.bytes.byteLength);
    await context.sendActivity(this.deps.texts.get('upload.received', locale, { name, size }));
  }

  /** Called by the adapter when a turn fails: log with a correlation id, tell the user kindly. */
  static async onTurnError(context: TurnContext, error: Error, texts: Texts, logger: Logger): Promise<void> {
    const correlationId = randomUUID().slice(0, 8);
    logger.error(
      { correlationId, err: { type: error.name, message: error.message, stack: error.stack }, conversationId: context.activity.conversation?.id },
      'turn failed',
    );
    try {
      await context.sendActivity(texts.get('error.turn', localeOf(context.activity.locale), { correlationId }));
    } catch (sendError) {
      logger.error({ correlationId, err: { message: (sendError as Error).message } }, 'could not tell the user about the failure');
    }
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
