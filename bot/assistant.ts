import { randomUUID } from 'node:crypto';
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationState,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { actionDataOf, type CardAction } from '../cards/actions.js';
import { CardSender } from '../dialogs/card-sender.js';
import { handoffSummary, type DialogDeps, type UserProfile } from '../dialogs/deps.js';
import { choiceCardData, homeAction, welcomeCardData } from '../cards/card-data.js';
import { Router } from '../dialogs/router.js';
import type { AttachmentReader } from './attachments.js';
import type { HeldSecrets } from './held-secrets.js';
import type { AgentGate } from './caller.js';
import { CertChecker } from './cert-check.js';
import { markingEndOfTurn } from './end-of-turn.js';
import { withTurnFacts } from './turn-facts-trace.js';
import { localeOf, type Texts } from '../content/texts.js';
import { rememberCustomerButtons, type LiveHandoff, type RememberButtons } from '../handoff/index.js';
import type { Logger } from '../lib/logger.js';
import type { RateLimits } from '../lib/rate-limits.js';
import { rememberInstitutionHint } from './institution-hint.js';
import { noteTurnFacts } from '../lib/turn-facts.js';

export interface AssistantDeps extends Omit<DialogDeps, 'cards' | 'profile' | 'requestAgent'> {
  conversationState: ConversationState;
  userState: UserState;
  attachments: AttachmentReader;
  logger: Logger;
  /** Decides whether a turn is a vouched-for agent's: every agent power below asks it. */
  gate: AgentGate;
  /** Live handoff to agents; without it, 상담원 only explains how to reach one. */
  handoff?: LiveHandoff;
  /** Where the Direct Line door left the callback form's phone number (the activity has only its masked form). */
  heldSecrets?: HeldSecrets;
  /** Per-conversation certificate checks are counted here, before each check runs. */
  limits: RateLimits;
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
  private readonly profile: StatePropertyAccessor<UserProfile>;

  constructor(private readonly deps: AssistantDeps) {
    super();
    this.cards = new CardSender(deps.conversationState.createProperty<CardAction[]>('lastButtons'));
    this.profile = deps.userState.createProperty<UserProfile>('profile');
    const handoff = deps.handoff;
    this.router = new Router(
      {
        ...deps,
        cards: this.cards,
        profile: this.profile,
        requestAgent: handoff && ((context, summary) => handoff.request(context, summary)),
      },
      deps.conversationState.createProperty<DialogState>('dialogState'),
    );
    this.checker = new CertChecker(deps.attachments, deps.now);
    const rememberButtons: RememberButtons = (context, buttons) => this.cards.remember(context, buttons);

    this.onTurn(async (context, next) => {
      rememberCustomerButtons(context, rememberButtons);
      await rememberInstitutionHint(context, this.profile);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const members = context.activity.membersAdded ?? [];
      // Added to a Teams team: that channel is where agents get new requests.
      if (members.some((member) => member.id === botId) && deps.gate.isTeams(context)) await handoff?.rememberAgentsChannel(context);
      if (members.some((member) => member.id !== botId) && context.activity.conversation.conversationType !== 'channel') {
        await this.cards.send(context, 'welcome', welcomeCardData(deps.texts, localeOf(context.activity.locale)));
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      if (deps.gate.isTeams(context)) await handoff?.rememberAgentsChannel(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      if (context.activity.channelId === 'msteams' && context.activity.text) {
        context.activity.text = (TurnContext.removeRecipientMention(context.activity) ?? '').trim();
      }
      if (await this.handleHandoff(context)) return next();
      const hasFiles = (context.activity.attachments ?? []).some((a) => a.contentUrl);
      if (!hasFiles) await this.router.run(context);
      else if (await this.allowCheck(context)) await this.router.run(context, await this.checker.checkUploads(context.activity));
      await next();
    });

    // The web page's local check: only its result arrives, never a key, a password or file bytes.
    // Any other event that names a button of the last card (Botium's clicks) is that click.
    this.onEvent(async (context, next) => {
      if (context.activity.name === 'certcheck/report') {
        if (await this.allowCheck(context)) await this.router.run(context, this.checker.fromLocalReport(context.activity.value));
      } else {
        const clicked = await this.cards.namedButton(context);
        if (clicked) {
          context.activity.value = clicked; // the click's data, whatever else the event carried
          // As the click itself: a waiting customer's 대기 상태 보기 belongs to the handoff.
          if (!(await this.handleHandoff(context))) await this.router.run(context);
        }
      }
      await next();
    });
  }

  /**
   * Counts a certificate check of this conversation before it runs (so concurrent uploads cannot
   * all pass a check that has seen none of them), and says so when there were too many.
   */
  private async allowCheck(context: TurnContext): Promise<boolean> {
    const refusal = await this.deps.limits.consume('certChecks', context.activity.conversation.id);
    if (!refusal) return true;
    const { texts } = this.deps;
    const locale = localeOf(context.activity.locale);
    await this.cards.send(
      context,
      'choice',
      choiceCardData({ title: texts.get('result.title', locale), text: texts.get('check.rate_limited', locale), actions: [homeAction(texts, locale)] }),
    );
    return false;
  }

  /**
   * Messages that belong to a live handoff: ratings, callback requests, cancelling while waiting,
   * and anything said while a customer and an agent are connected (relayed; the bot stays silent).
   */
  private async handleHandoff(context: TurnContext): Promise<boolean> {
    const handoff = this.deps.handoff;
    if (!handoff) return false;
    const action = actionDataOf(context.activity.value);
    if (action?.action === 'rate') {
      await handoff.rate(context, action.ticketId, action.score as 1 | 2 | 3 | 4 | 5);
      return true;
    }
    if (action?.action === 'callback') {
      const summary = handoffSummary(await this.profile.get(context, {}));
      const phone = this.deps.heldSecrets?.take(action.phoneRef, context.activity.conversation.id) ?? action.phone ?? '';
      noteTurnFacts(context, { handoff: 'requested' });
      await handoff.requestCallback(context, summary, phone, action.time);
      return true;
    }
    const agent = this.deps.gate.agentOf(context);
    if (action?.action === 'handoff') {
      // A ticket card's button as Action.Submit (Teams clients without Universal Actions).
      if (!agent) await context.sendActivity(this.deps.texts.get('handoff.agents_only', localeOf(context.activity.locale)));
      else
        await context.sendActivity(
          MessageFactory.attachment(CardFactory.adaptiveCard(await handoff.onAgentAction(context, agent, action.op, action.ticketId))),
        );
      return true;
    }
    // With a configured agents' channel, any activity from it keeps its conversation reference fresh.
    if (this.deps.gate.isTeams(context)) await handoff.rememberAgentsChannel(context, false);
    if (agent && (await handoff.relayFromAgent(context, agent))) return true;
    if (agent && /^(대기열|queue)$/i.test((context.activity.text ?? '').trim())) {
      await handoff.showQueue(context, agent);
      return true;
    }
    if (action && action.action !== 'queue') {
      // A guide's button during a handoff is the assistant's to answer (the agent sees it in the live stream).
      if (action.action === 'nav' && action.at) await handoff.guideClicked(context);
      return false;
    }
    return handoff.fromCustomer(context, (text) => {
      const recognition = this.deps.recognizer.recognize(text);
      return recognition.intent === 'cancel' && !recognition.lowConfidence;
    });
  }

  /** A Teams card button (Action.Execute): the same turn as a click, answered with the updated card. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const data = actionDataOf(invokeValue.action?.data);
    if (data?.action === 'handoff') {
      const agent = this.deps.gate.agentOf(context);
      if (!agent || !this.deps.handoff) {
        const message = this.deps.texts.get('handoff.agents_only', localeOf(context.activity.locale));
        return { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'Forbidden', message } as never };
      }
      const updated = await this.deps.handoff.onAgentAction(context, agent, data.op, data.ticketId);
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: updated };
    }
    context.activity.value = invokeValue.action?.data;
    const card = await CardSender.captureFirstCard(context, () => this.router.run(context));
    return card
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card }
      : {
          statusCode: 200,
          type: 'application/vnd.microsoft.activity.message',
          value: this.deps.texts.get('nav.done', localeOf(context.activity.locale)) as never,
        };
  }

  /** Persist state after every turn, whatever handler ran; the turn's last reply says the turn is over. */
  override async run(context: TurnContext): Promise<void> {
    // The turn's facts (for the QA dashboard) are logged once its replies are out; see turn-facts-trace.ts.
    await withTurnFacts(
      context,
      () =>
        markingEndOfTurn(context, async () => {
          await super.run(context);
          await this.deps.conversationState.saveChanges(context, false);
          await this.deps.userState.saveChanges(context, false);
        }),
      () => this.deps.gate.agentOf(context) !== undefined,
    );
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
