import { randomUUID } from 'node:crypto';
import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationState,
  type UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { CardAction } from '../dialogs/actions.js';
import { CardSender } from '../dialogs/card-sender.js';
import type { DialogDeps, UserProfile } from '../dialogs/deps.js';
import { welcomeCardData } from '../dialogs/menu.js';
import { Router } from '../dialogs/router.js';
import type { AttachmentReader } from './attachments.js';
import { CertChecker } from './cert-check.js';
import { localeOf, type Texts } from './i18n.js';
import type { Logger } from './logger.js';

export interface AssistantDeps extends Omit<DialogDeps, 'cards' | 'profile'> {
  conversationState: ConversationState;
  userState: UserState;
  attachments: AttachmentReader;
  logger: Logger;
}

/**
 * The assistant's turn handling: welcome, dialogs, uploads, Teams. Flow lives in dialogs/,
 * presentation in cards/. In Teams, @mentions are removed before understanding and card buttons
 * arrive as adaptiveCard/action invokes answered with the next card.
 */
export class CertAssistant extends TeamsActivityHandler {
  private readonly router: Router;
  private readonly cards: CardSender;
  private readonly checker: CertChecker;

  constructor(private readonly deps: AssistantDeps) {
    super();
    this.cards = new CardSender(deps.conversationState.createProperty<CardAction[]>('lastButtons'));
    this.router = new Router(
      { ...deps, cards: this.cards, profile: deps.userState.createProperty<UserProfile>('profile') },
      deps.conversationState.createProperty<DialogState>('dialogState'),
      deps.conversationState.createProperty<number[]>('recentChecks'),
    );
    this.checker = new CertChecker(deps.attachments, deps.now);

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id !== botId)) {
        await this.cards.send(context, 'welcome', welcomeCardData(deps.texts, localeOf(context.activity.locale)));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      if (context.activity.channelId === 'msteams' && context.activity.text) {
        context.activity.text = (TurnContext.removeRecipientMention(context.activity) ?? '').trim();
      }
      const hasFiles = (context.activity.attachments ?? []).some((a) => a.contentUrl);
      if (!hasFiles) await this.router.run(context);
      else if (await this.router.allowCheck(context)) await this.router.run(context, await this.checker.checkUploads(context.activity));
      await next();
    });

    // The web page's local check: only its result arrives, never a key, a password or file bytes.
    this.onEvent(async (context, next) => {
      if (context.activity.name === 'certcheck/report' && (await this.router.allowCheck(context))) {
        await this.router.run(context, this.checker.fromLocalReport(context.activity.value));
      }
      await next();
    });
  }

  /** A Teams card button (Action.Execute): the same turn as a click, answered with the updated card. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    context.activity.value = invokeValue.action?.data;
    const card = await CardSender.captureFirstCard(context, () => this.router.run(context));
    return card
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: this.deps.texts.get('nav.done', localeOf(context.activity.locale)) as never };
  }

  /** Persist state after every turn, whatever handler ran. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
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
