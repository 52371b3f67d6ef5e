// About 250 lines because it is one dialog's flow; its decisions (slots, navigation) and its cards'
// data are pure functions in procedure-slots.ts, procedure-nav.ts and procedure-cards.ts.
import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Procedure } from '../content/schema.js';
import { localeOf, pickerFor } from '../content/texts.js';
import type { DialogDeps } from './deps.js';
import { answerFeedback } from './feedback.js';
import { askCardData, compactCardData, doneCardData, overviewCardData, stepCardData, type Heading } from './procedure-cards.js';
import { clampIndex, moveIndex, saysUnsure, troubleAt, typedNav, type NavMove } from './procedure-nav.js';
import {
  answerFromText,
  candidatesFor,
  decideProcedure,
  hasOwnVersions,
  switchNamed,
  type Field,
  type ProcedureOptions,
  type ProcedureState,
} from './procedure-slots.js';
import { TroubleDialog } from './trouble-dialog.js';
import { inputOf } from './turn-input.js';
import { noteProcedure, stepOf } from './turn-notes.js';
import { offerAgent, sayMissed, sayStale } from './way-on.js';

export type { ProcedureOptions };

/** Opens one procedure at one card (-1 = overview): an interrupted guide taken up again, or an old card's button. */
export interface ProcedureAt {
  procedureId: string;
  index: number;
  /** What the old card's button asked for, done from that card. */
  move?: NavMove;
}

/**
 * Walks the user through one procedure: asks for what is missing (certificate type, institution,
 * channel), shows an overview, then one card per step with 이전 / 다음 / 잘 안 돼요 / 처음으로,
 * and ends with what success looks like and a feedback question. The decisions are pure functions
 * (procedure-slots.ts, procedure-nav.ts) and the cards' data is built in procedure-cards.ts.
 */
export class ProcedureDialog extends Dialog<ProcedureOptions | ProcedureAt> {
  static readonly id = 'procedure';

  constructor(private readonly deps: DialogDeps) {
    super(ProcedureDialog.id);
  }

  private get procedures(): readonly Procedure[] {
    return this.deps.content.procedures;
  }

  async beginDialog(dc: DialogContext, options?: ProcedureOptions | ProcedureAt): Promise<DialogTurnResult> {
    if (!options) throw new Error('ProcedureDialog needs options');
    if ('procedureId' in options) return this.beginAt(dc, options);
    const profile = await this.deps.profile.get(dc.context, {});
    const state: ProcedureState = {
      ...options,
      topic: options.kind,
      certType: options.certType ?? profile.certType,
      institution: options.institution ?? profile.institution,
      index: -1,
    };
    dc.activeDialog!.state = state;
    return this.advance(dc, state);
  }

  /** A procedure at a given card, with everything it needs known from the procedure itself. */
  private async beginAt(dc: DialogContext, at: ProcedureAt): Promise<DialogTurnResult> {
    const procedure = this.procedures.find((p) => p.id === at.procedureId);
    if (!procedure) throw new Error(`no procedure ${at.procedureId}`);
    const { kind, certType, institution, channel } = procedure;
    const state: ProcedureState = {
      kind,
      topic: kind,
      certType,
      institution,
      channel,
      procedureId: procedure.id,
      index: clampIndex(at.index, procedure.steps.length),
    };
    dc.activeDialog!.state = state;
    if (at.move) return this.move(dc, state, procedure, at.move);
    return this.show(dc, state, procedure);
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ProcedureState;
    const input = inputOf(dc.context);
    const typed = input.recognition?.text ?? '';
    const action = input.action ?? typedNav(this.deps.texts, typed);

    if (state.asking) {
      // 잘 모르겠어요 at the type question: explain the difference, then ask the same question again.
      const unsure = (action?.action === 'nav' && action.move === 'explain') || (!action && saysUnsure(this.deps.texts, typed));
      if (unsure && state.asking === 'certType') {
        if (!state.explained) return this.explainTypes(dc, state);
        // Still unsure after the explanation: where to look it up, and a person.
        await dc.context.sendActivity(this.deps.texts.get('ask.cert_type.still_unsure', localeOf(dc.context.activity.locale)));
        offerAgent(dc.context, this.deps);
        return this.reprompt(dc, state);
      }
      const answer = action?.action === 'choose' && action.field === state.asking ? action.value : answerFromText(state.asking, input.recognition);
      if (!answer) {
        if (input.action?.action === 'choose' || input.action?.action === 'nav') await sayStale(dc.context, this.deps);
        else if (input.recognition) await sayMissed(dc.context, this.deps);
        return this.reprompt(dc, state);
      }
      await this.remember(dc, state.asking, answer);
      (state as unknown as Record<string, string>)[state.asking] = answer;
      if (state.asking === 'institution') state.channel = undefined;
      state.asking = undefined;
      return this.advance(dc, state);
    }

    if (action?.action === 'feedback') {
      await answerFeedback(dc.context, this.deps, action);
      return dc.endDialog();
    }

    const procedure = this.procedure(state);
    if (action?.action === 'nav' && procedure) {
      // A button of an older card of this guide acts from that card; of another guide, it is out of date.
      if (action.at && action.at.procedureId !== procedure.id) {
        await sayStale(dc.context, this.deps);
        return this.show(dc, state, procedure);
      }
      if (action.at) state.index = clampIndex(action.at.index, procedure.steps.length);
      return this.move(dc, state, procedure, action.move);
    }
    if (action?.action === 'choose') {
      await sayStale(dc.context, this.deps);
      return this.reprompt(dc, state);
    }
    // Mentioning another institution or certificate type mid-way ("우리은행은요?") switches to that version.
    const change = switchNamed(this.procedures, state, input.recognition?.entities);
    if (change) return this.switchTo(dc, state, procedure, change);
    if (input.recognition) await sayMissed(dc.context, this.deps);
    return this.reprompt(dc, state);
  }

  private async switchTo(
    dc: DialogContext,
    state: ProcedureState,
    procedure: Procedure | undefined,
    change: NonNullable<ReturnType<typeof switchNamed>>,
  ): Promise<DialogTurnResult> {
    if (change.institution) {
      state.institution = change.institution;
      await this.remember(dc, 'institution', change.institution);
      // No version of its own: the generic guide stays, and the user is told why nothing changed.
      if (candidatesFor(this.procedures, state).every((p) => p.institution === 'other') && procedure?.institution === 'other' && !change.certType) {
        await dc.context.sendActivity(this.deps.texts.get('procedure.same_everywhere', localeOf(dc.context.activity.locale)));
        return this.show(dc, state, procedure);
      }
    }
    if (change.certType) {
      state.certType = change.certType;
      await this.remember(dc, 'certType', change.certType);
    }
    state.channel = undefined;
    state.index = -1;
    return this.advance(dc, state);
  }

  private async move(dc: DialogContext, state: ProcedureState, procedure: Procedure, move: NavMove): Promise<DialogTurnResult> {
    switch (move) {
      case 'start':
      case 'next':
      case 'prev': {
        const next = moveIndex(move, state.index, procedure.steps.length);
        if (next.pastTheEnd) await dc.context.sendActivity(this.deps.texts.get('procedure.finished', localeOf(dc.context.activity.locale)));
        state.index = next.index;
        return this.show(dc, state, procedure);
      }
      case 'change_institution':
        if (!hasOwnVersions(this.procedures, state)) {
          await dc.context.sendActivity(this.deps.texts.get('procedure.same_everywhere', localeOf(dc.context.activity.locale)));
          return this.show(dc, state, procedure);
        }
        state.institution = undefined;
        state.channel = undefined;
        state.index = -1;
        return this.ask(dc, state, 'institution');
      case 'trouble':
        noteProcedure(dc.context, procedure, 'stuck', stepOf(state.index, procedure));
        return dc.beginDialog(TroubleDialog.id, { trouble: troubleAt(procedure, state.index), certType: state.certType, fromProcedure: procedure.id });
      default:
        return this.show(dc, state, procedure);
    }
  }

  /** The difference between the two types, with the same question's buttons: the user stays where they were. */
  private async explainTypes(dc: DialogContext, state: ProcedureState): Promise<DialogTurnResult> {
    const pick = pickerFor(localeOf(dc.context.activity.locale));
    state.explained = true;
    const faq = this.deps.content.faq.find((f) => f.id === 'joint-vs-financial');
    return this.ask(dc, state, 'certType', faq ? { title: pick(faq.question), text: pick(faq.answer) } : undefined);
  }

  /** After an interruption such as 도움말: show the card (or the question) the user was on again. */
  async repromptDialog(context: TurnContext, instance: DialogInstance<ProcedureState>): Promise<void> {
    const state = instance.state;
    if (state.asking) return this.askCard(context, state, state.asking);
    const procedure = this.procedure(state);
    if (procedure) await this.render(context, state, procedure);
  }

  /** Back from troubleshooting: show the step the user was on. */
  async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.reprompt(dc, dc.activeDialog!.state as ProcedureState);
  }

  private async reprompt(dc: DialogContext, state: ProcedureState): Promise<DialogTurnResult> {
    if (state.asking) return this.ask(dc, state, state.asking);
    const procedure = this.procedure(state);
    return procedure ? this.show(dc, state, procedure) : this.advance(dc, state);
  }

  /** Fills what is missing, asking only when the content really offers a choice. */
  private async advance(dc: DialogContext, state: ProcedureState): Promise<DialogTurnResult> {
    const decision = decideProcedure(this.procedures, state);
    Object.assign(state, decision.slots);
    if ('ask' in decision) return this.ask(dc, state, decision.ask);
    state.procedureId = decision.procedure.id;
    state.index = -1;
    return this.show(dc, state, decision.procedure, true);
  }

  private async ask(dc: DialogContext, state: ProcedureState, field: Field, heading?: Heading): Promise<DialogTurnResult> {
    state.asking = field;
    await this.askCard(dc.context, state, field, heading);
    return Dialog.EndOfTurn;
  }

  private async askCard(context: TurnContext, state: ProcedureState, field: Field, heading?: Heading): Promise<void> {
    const locale = localeOf(context.activity.locale);
    await this.deps.cards.send(context, 'choice', askCardData(field, state, this.procedures, this.deps.texts, locale, heading));
  }

  /** The type and institution are kept in the profile (the next guide does not ask again); the channel is not. */
  private async remember(dc: DialogContext, field: Field, value: string): Promise<void> {
    if (field === 'channel') return;
    const profile = await this.deps.profile.get(dc.context, {});
    await this.deps.profile.set(dc.context, { ...profile, [field]: value });
  }

  private procedure(state: ProcedureState): Procedure | undefined {
    return this.procedures.find((p) => p.id === state.procedureId);
  }

  /** Shows the card the guide is at (`started`: its first card after the guide was chosen). */
  private async show(dc: DialogContext, state: ProcedureState, procedure: Procedure, started = false): Promise<DialogTurnResult> {
    const finished = state.index >= procedure.steps.length;
    noteProcedure(dc.context, procedure, started ? 'start' : finished ? 'finish' : 'step', stepOf(state.index, procedure));
    await this.render(dc.context, state, procedure);
    return Dialog.EndOfTurn;
  }

  private async render(context: TurnContext, state: ProcedureState, procedure: Procedure): Promise<void> {
    const { texts, cards } = this.deps;
    const locale = localeOf(context.activity.locale);
    if (this.deps.isAgent(context)) await cards.send(context, 'choice', compactCardData(procedure, this.procedures, texts, locale));
    else if (state.index < 0) await cards.send(context, 'choice', overviewCardData(procedure, this.procedures, texts, locale));
    else if (state.index < procedure.steps.length)
      await cards.send(context, 'step', stepCardData(procedure, state.index, texts, locale, this.deps.content.institutions));
    else await cards.send(context, 'choice', doneCardData(procedure, texts, locale));
  }
}
