// About 250 lines because it is the one place a turn is routed; its replies are in router-cards.ts and
// leaving/resuming a guide in router-suspend.ts.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import { ProcedureKind, TroubleId } from '../content/schema.js';
import type { Intent, Recognition } from '../nlu/index.js';
import type { CheckOutcome } from './check-outcome.js';
import { normaliseTyped, type ActionData } from '../cards/actions.js';
import { sendCheckResult } from './check-result.js';
import { handoffSummary, type DialogDeps, type UserProfile } from './deps.js';
import { FaqDialog, faqAskedAsWritten, faqByKeywords } from './faq-dialog.js';
import { MENU_TOPICS, type TopicIntent } from '../cards/card-data.js';
import { answerFeedback } from './feedback.js';
import { ProcedureDialog } from './procedure-dialog.js';
import { channelIn, contentInstitution, type ProcedureOptions } from './procedure-slots.js';
import { TroubleDialog } from './trouble-dialog.js';
import { understandTurn } from './turn-input.js';
import { leaveForNewTopic, resumeLeftGuide } from './router-suspend.js';
import { explainCheck, sendHelp, sendMenu, sendNotice, sendOutOfScope, sendUnsure, sendWelcome } from './router-cards.js';
import { sayStale, settleMisses } from './way-on.js';
import { noteLeaving, noteTroubleExit, noteUnderstood } from './turn-notes.js';
import { noteTurnFacts } from '../lib/turn-facts.js';

const HELP_WORDS = /도움말|사용법|쓰는\s*법|help|how\s+to\s+use/i;
// The content's procedure kinds and troubles are intents the recogniser knows (`satisfies` checks it).
const PROCEDURE_KINDS = ProcedureKind.options satisfies readonly Intent[];
const TROUBLES = TroubleId.options satisfies readonly Intent[];
/** Intents that name a topic clearly enough to leave whatever the user was doing. */
const TOPIC_INTENTS = [...PROCEDURE_KINDS, ...TROUBLES, 'cert_info', 'check_file'] as const satisfies readonly TopicIntent[];

/** `value` is one of `list` (and TypeScript knows it from then on). */
const isOneOf = <T extends string>(list: readonly T[], value: string | undefined): value is T => (list as readonly string[]).includes(value ?? '');

/**
 * The conversation's top level: understands the turn once, handles interruptions that work from
 * anywhere (처음으로/취소, 상담원, 도움말, a clearly new question), and otherwise lets the active
 * dialog continue or starts the topic the user asked for.
 */
export class Router {
  private readonly dialogs: DialogSet;

  constructor(
    private readonly deps: DialogDeps,
    dialogState: StatePropertyAccessor<DialogState>,
  ) {
    this.dialogs = new DialogSet(dialogState);
    this.dialogs.add(new ProcedureDialog(deps));
    this.dialogs.add(new TroubleDialog(deps));
    this.dialogs.add(new FaqDialog(deps));
  }

  /** One turn. `check` is the outcome of checking files the user sent this turn, when they sent any. */
  async run(context: TurnContext, check?: CheckOutcome): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const input = await understandTurn(context, this.deps.recognizer, this.deps.cards, check);
    if (input.check) await this.onCheck(dc, input.check);
    else if (input.action) await this.onAction(dc, input.action);
    else if (input.recognition) await this.onText(dc, input.recognition);
    // Neither text nor a known button (e.g. an empty message): repeat where we are.
    else if (dc.activeDialog) await dc.repromptDialog();
    else await this.welcome(dc);
    await settleMisses(context, this.deps);
  }

  /** A check result continues the troubleshooting in progress; otherwise it is answered on its own. */
  private async onCheck(dc: DialogContext, check: CheckOutcome): Promise<void> {
    if (check.kind === 'report') {
      const { report } = check;
      await this.remember(dc, {
        lastCheck: {
          ok: report.ok,
          codes: report.problems.map((p) => p.code),
          ca: report.certificate?.ca ?? null,
          daysLeft: report.certificate?.daysLeft ?? null,
        },
      });
    }
    if (dc.activeDialog?.id === TroubleDialog.id) {
      await dc.continueDialog();
      return;
    }
    await sendCheckResult(dc.context, this.deps, check);
  }

  private async onAction(dc: DialogContext, action: ActionData): Promise<void> {
    if (action.action === 'check') return explainCheck(dc.context, this.deps, action.mode);
    if (action.action === 'menu') {
      await this.closeAll(dc);
      return this.openMenu(dc, action.topic);
    }
    if (action.action === 'topic') {
      await this.closeAll(dc);
      return this.start(dc, action.intent, {});
    }
    if (action.action === 'nav' && action.move === 'home') {
      noteTurnFacts(dc.context, { home: true });
      await this.closeAll(dc);
      return this.welcome(dc);
    }
    if (action.action === 'faq' && dc.activeDialog?.id !== FaqDialog.id) {
      await this.closeAll(dc);
      await dc.beginDialog(FaqDialog.id, { id: action.id });
      return;
    }
    if (action.action === 'nav' && action.move === 'return') return this.returnToSuspended(dc);
    // A step's button (also from an older card, or from one an agent sent) acts on that guide at that step.
    if (action.action === 'nav' && action.at && (dc.activeDialog?.id !== ProcedureDialog.id || action.at.byAgent)) {
      await this.closeAll(dc);
      await dc.beginDialog(ProcedureDialog.id, { ...action.at, move: action.move });
      return;
    }
    if (action.action === 'feedback' && dc.activeDialog?.id !== ProcedureDialog.id) return answerFeedback(dc.context, this.deps, action);
    // A troubleshooting answer from an older card, with nothing open: take that card's question up again.
    if (action.action === 'trouble' && !dc.activeDialog && action.tree && action.from && isOneOf(TROUBLES, action.tree)) {
      await dc.beginDialog(TroubleDialog.id, { trouble: action.tree, node: action.from, next: action.next });
      return;
    }
    await this.continueOr(dc, async () => {
      await sayStale(dc.context, this.deps);
      await this.welcome(dc);
    });
  }

  /** Back to the guide the user left for another question; when it is gone, say so and show the menu. */
  private async returnToSuspended(dc: DialogContext): Promise<void> {
    if (await resumeLeftGuide(dc, this.deps)) return;
    await sayStale(dc.context, this.deps);
    await this.welcome(dc);
  }

  private async onText(dc: DialogContext, recognition: Recognition): Promise<void> {
    // A main menu title typed as a command (Teams command list, or from memory) opens that menu.
    const command = MENU_TOPICS.find((topic) =>
      this.deps.texts.all(`menu.${topic}`).some((label) => normaliseTyped(label) === normaliseTyped(recognition.text)),
    );
    if (command) {
      await this.closeAll(dc);
      return this.openMenu(dc, command);
    }
    const { intent, lowConfidence, entities } = recognition;
    const active = dc.activeDialog;
    // A question typed (nearly) as one of the FAQ's own questions, or naming a topic only the FAQ
    // answers (폐기, 고객센터 번호 …), is answered by it, whatever the intent.
    const askedFaq = faqAskedAsWritten(this.deps.content.faq, recognition.text) ?? faqByKeywords(this.deps.content.faq, recognition.text);
    if (askedFaq && active?.id !== FaqDialog.id) {
      await leaveForNewTopic(dc, this.deps);
      await dc.beginDialog(FaqDialog.id, { id: askedFaq.id });
      return;
    }
    if (!lowConfidence && intent === 'cancel') {
      noteTurnFacts(dc.context, { home: true });
      await this.closeAll(dc);
      return this.welcome(dc);
    }
    if (!lowConfidence && intent === 'greeting') {
      if (!active) {
        // 도움말 / help: how to use the assistant, then the menu (a plain greeting gets just the menu).
        if (HELP_WORDS.test(recognition.text)) await sendHelp(dc.context, this.deps);
        return this.welcome(dc);
      }
      await sendHelp(dc.context, this.deps);
      await dc.repromptDialog();
      return;
    }
    if (!lowConfidence && intent === 'agent') return this.agent(dc);
    const activeTopic = (active?.state as { topic?: string } | undefined)?.topic;
    // 우리은행 / 금융인증서 / 휴대폰 answer a question only while the guide is asking it.
    const asking = active?.id === ProcedureDialog.id ? (active.state as { asking?: 'certType' | 'institution' | 'channel' }).asking : undefined;
    const answersQuestion =
      (asking === 'certType' && entities.certType) ||
      (asking === 'institution' && entities.institution) ||
      (asking === 'channel' && (entities.device || channelIn(recognition.text)));
    if (!lowConfidence && isOneOf(TOPIC_INTENTS, intent) && intent !== activeTopic && !answersQuestion) {
      await leaveForNewTopic(dc, this.deps);
      return this.start(dc, intent, recognition);
    }
    if (active) {
      await dc.continueDialog();
      return;
    }
    if (lowConfidence) return this.unsure(dc, recognition);
    if (intent === 'none') return this.outOfScope(dc);
    return this.start(dc, intent, recognition);
  }

  private async continueOr(dc: DialogContext, otherwise: () => Promise<void>): Promise<void> {
    if (!dc.activeDialog) return otherwise();
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await otherwise();
  }

  /** Starts the topic for an intent (the recogniser's, or a topic button's: an older card's may name one that is gone), using what the user already said. */
  private async start(dc: DialogContext, intent: Intent | string, recognition: Partial<Recognition>): Promise<void> {
    const entities = recognition.entities ?? {};
    if (isOneOf(TOPIC_INTENTS, intent)) await this.remember(dc, { tried: [intent] });
    if (isOneOf(PROCEDURE_KINDS, intent)) {
      // e.g. copying a 금융인증서: there is no such procedure (it lives in the cloud): the FAQ explains.
      const offered = this.deps.content.procedures.some((p) => p.kind === intent && (!entities.certType || p.certType === entities.certType));
      if (!offered) {
        await dc.beginDialog(FaqDialog.id, { text: recognition.text ?? '' });
        return;
      }
      noteTroubleExit(dc.context, 'procedure');
      const options: ProcedureOptions = {
        kind: intent,
        certType: entities.certType,
        institution: contentInstitution(entities.institution),
        device: entities.device,
        channel: recognition.text ? channelIn(recognition.text) : undefined,
      };
      await dc.beginDialog(ProcedureDialog.id, options);
      return;
    }
    if (isOneOf(TROUBLES, intent)) {
      await dc.beginDialog(TroubleDialog.id, { trouble: intent, certType: entities.certType });
      return;
    }
    if (intent === 'cert_info') {
      await dc.beginDialog(FaqDialog.id, { text: recognition.text });
      return;
    }
    if (intent === 'check_file') return this.checkFile(dc);
    if (intent === 'agent') return this.agent(dc);
    if (intent === 'none') return this.outOfScope(dc);
    return this.welcome(dc);
  }

  private async openMenu(dc: DialogContext, topic: string): Promise<void> {
    if (topic === 'issue' || topic === 'register' || topic === 'trouble') return sendMenu(dc.context, this.deps, topic);
    if (topic === 'check_file') return this.checkFile(dc);
    if (topic === 'agent') return this.agent(dc);
    return this.welcome(dc);
  }

  private async welcome(dc: DialogContext): Promise<void> {
    await sendWelcome(dc.context, this.deps);
  }

  private checkFile(dc: DialogContext): Promise<void> {
    return explainCheck(dc.context, this.deps, 'upload');
  }

  /** A person: live handoff for customers when it is set up; otherwise how to reach one. */
  private async agent(dc: DialogContext): Promise<void> {
    if (!this.deps.requestAgent || this.deps.isAgent(dc.context)) return sendNotice(dc.context, this.deps, 'topic.agent', 'topic.agent.body');
    const profile = await this.deps.profile.get(dc.context, {});
    const topic = (dc.activeDialog?.state as { topic?: string } | undefined)?.topic;
    noteLeaving(dc, this.deps.content.procedures);
    noteTroubleExit(dc.context, 'person');
    noteTurnFacts(dc.context, { handoff: 'requested' });
    await this.deps.requestAgent(dc.context, handoffSummary(profile, topic));
  }

  /** Remembers what the customer tried, for the summary an agent gets. */
  private async remember(dc: DialogContext, update: Partial<UserProfile>): Promise<void> {
    const profile = await this.deps.profile.get(dc.context, {});
    const tried = update.tried ? [...(profile.tried ?? []), ...update.tried].slice(-10) : profile.tried;
    await this.deps.profile.set(dc.context, { ...profile, ...update, tried });
  }

  /** Everything open is closed for something else; what was left is noted for the turn's facts. */
  private async closeAll(dc: DialogContext): Promise<void> {
    noteLeaving(dc, this.deps.content.procedures);
    await dc.cancelAllDialogs();
  }

  /** Out of scope: said so; a miss for the turn's facts. */
  private async outOfScope(dc: DialogContext): Promise<void> {
    noteUnderstood(dc.context, 'miss');
    await sendOutOfScope(dc.context, this.deps);
  }

  /** Not sure: the two likeliest topics (or a person) and the menu. */
  private async unsure(dc: DialogContext, recognition: Recognition): Promise<void> {
    const likely = recognition.alternatives
      .map((a) => a.intent)
      .filter((intent): intent is TopicIntent => isOneOf(TOPIC_INTENTS, intent) || intent === 'agent')
      .slice(0, 2);
    noteUnderstood(dc.context, 'unsure');
    await sendUnsure(dc.context, this.deps, likely);
  }
}
