import { randomUUID } from 'node:crypto';
import { ActivityHandler, type Attachment, type ConversationState, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { CardAction } from '../dialogs/actions.js';
import { CardSender } from '../dialogs/card-sender.js';
import type { DialogDeps, UserProfile } from '../dialogs/deps.js';
import { welcomeCardData } from '../dialogs/menu.js';
import { Router } from '../dialogs/router.js';
import type { AttachmentReader } from './attachments.js';
import { localeOf, type Locale, type Texts } from './i18n.js';
import type { Logger } from './logger.js';

export interface AssistantDeps extends Omit<DialogDeps, 'cards' | 'profile'> {
  conversationState: ConversationState;
  userState: UserState;
  attachments: AttachmentReader;
  logger: Logger;
}

/** The assistant's turn handling: welcome, dialogs, uploads. Flow lives in dialogs/, presentation in cards/. */
export class CertAssistant extends ActivityHandler {
  private readonly router: Router;
  private readonly cards: CardSender;

  constructor(private readonly deps: AssistantDeps) {
    super();
    this.cards = new CardSender(deps.conversationState.createProperty<CardAction[]>('lastButtons'));
    this.router = new Router(
      { ...deps, cards: this.cards, profile: deps.userState.createProperty<UserProfile>('profile') },
      deps.conversationState.createProperty<DialogState>('dialogState'),
    );

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id !== botId)) {
        await this.cards.send(context, 'welcome', welcomeCardData(deps.texts, localeOf(context.activity.locale)));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const files = (context.activity.attachments ?? []).filter((a) => a.contentUrl);
      if (files.length > 0) {
        const locale = localeOf(context.activity.locale);
        for (const file of files) await this.acknowledgeUpload(context, file, locale);
      } else {
        await this.router.run(context);
      }
      await next();
    });
  }

  /** Persist state after every turn, whatever handler ran. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
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
