import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { localeOf, type Locale } from '../bot/i18n.js';
import type { Procedure } from '../content/schema.js';
import type { CardAction } from './actions.js';
import type { DialogDeps } from './deps.js';
import { recordFeedback } from './feedback.js';
import { choiceCardData, homeAction } from './menu.js';
import { inputOf } from './turn-input.js';
import { TroubleDialog } from './trouble-dialog.js';

type Kind = Procedure['kind'];
type Institution = Procedure['institution'];
type CertType = Procedure['certType'];
type Channel = Procedure['channel'];
type Field = 'certType' | 'institution' | 'channel';

export interface ProcedureOptions {
  kind: Kind;
  certType?: CertType;
  institution?: Institution;
  device?: string;
}

interface ProcedureState extends ProcedureOptions {
  topic: Kind;
  channel?: Channel;
  asking?: Field;
  procedureId?: string;
  /** -1 = the overview card, 0..n-1 = steps, n = the closing card. */
  index: number;
}

/** The institutions the content has procedures for, as the NLU's institution ids map onto them. */
export function contentInstitution(id: string | undefined): Institution | undefined {
  if (!id) return undefined;
  return id === 'epost' || id === 'woori' ? id : 'other';
}

/**
 * Walks the user through one procedure: asks for what is missing (certificate type, institution,
 * channel), shows an overview, then one card per step with 이전 / 다음 / 잘 안 돼요 / 처음으로,
 * and ends with what success looks like and a feedback question.
 */
export class ProcedureDialog extends Dialog<ProcedureOptions> {
  static readonly id = 'procedure';

  constructor(private readonly deps: DialogDeps) {
    super(ProcedureDialog.id);
  }

  async beginDialog(dc: DialogContext, options?: ProcedureOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('ProcedureDialog needs options');
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

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ProcedureState;
    const input = inputOf(dc.context);
    const action = input.action;

    if (state.asking) {
      const answer = action?.action === 'choose' && action.field === state.asking ? action.value : this.answerFromText(state.asking, input);
      if (!answer) return this.reprompt(dc, state);
      await this.remember(dc, state.asking, answer);
      (state as unknown as Record<string, string>)[state.asking] = answer;
      if (state.asking === 'institution') state.channel = undefined;
      state.asking = undefined;
      return this.advance(dc, state);
    }

    if (action?.action === 'feedback') {
      await recordFeedback(this.deps.storage, {
        procedureId: action.procedureId,
        helpful: action.helpful,
        locale: localeOf(dc.context.activity.locale),
        at: this.deps.now().toISOString(),
      });
      const locale = localeOf(dc.context.activity.locale);
      const actions = action.helpful ? [homeAction(this.deps.texts, locale)] : [this.agentAction(locale), homeAction(this.deps.texts, locale)];
      await this.deps.cards.send(dc.context, 'choice', choiceCardData({
        title: this.deps.texts.get(action.helpful ? 'feedback.thanks' : 'feedback.sorry', locale),
        actions,
      }));
      return dc.endDialog();
    }

    const procedure = this.procedure(state);
    if (action?.action === 'nav' && procedure) {
      switch (action.move) {
        case 'start':
        case 'next':
          state.index = Math.min(state.index + 1, procedure.steps.length);
          return this.show(dc, state, procedure);
        case 'prev':
          state.index = Math.max(state.index - 1, -1);
          return this.show(dc, state, procedure);
        case 'resume':
          return this.show(dc, state, procedure);
        case 'change_institution':
          state.institution = undefined;
          state.channel = undefined;
          state.index = -1;
          return this.ask(dc, state, 'institution');
        case 'trouble': {
          const step = procedure.steps[state.index];
          const trouble = step?.trouble ?? procedure.troubleshooting[0] ?? 'trouble_unrecognized';
          return dc.beginDialog(TroubleDialog.id, { trouble, certType: state.certType, fromProcedure: procedure.id });
        }
        default:
          break;
      }
    }
    // Mentioning another institution mid-way ("우리은행은요?") switches to its version of the procedure.
    const mentioned = contentInstitution(input.recognition?.entities.institution);
    if (mentioned && mentioned !== state.institution) {
      state.institution = mentioned;
      state.channel = undefined;
      state.index = -1;
      await this.remember(dc, 'institution', mentioned);
      return this.advance(dc, state);
    }
    return this.reprompt(dc, state);
  }

  /** After an interruption such as 도움말: show the card the user was on again. */
  async repromptDialog(context: TurnContext, instance: DialogInstance<ProcedureState>): Promise<void> {
    const state = instance.state;
    const procedure = this.procedure(state);
    if (state.asking || !procedure) return;
    await this.render(context, state, procedure);
  }

  /** Back from troubleshooting: show the step the user was on. */
  async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ProcedureState;
    return this.reprompt(dc, state);
  }

  private async reprompt(dc: DialogContext, state: ProcedureState): Promise<DialogTurnResult> {
    if (state.asking) return this.ask(dc, state, state.asking);
    const procedure = this.procedure(state);
    return procedure ? this.show(dc, state, procedure) : this.advance(dc, state);
  }

  /** Fills what is missing, asking only when the content really offers a choice. */
  private async advance(dc: DialogContext, state: ProcedureState): Promise<DialogTurnResult> {
    const ofKind = this.deps.content.procedures.filter((p) => p.kind === state.kind);
    if (!state.certType || !ofKind.some((p) => p.certType === state.certType)) {
      const types = unique(ofKind.map((p) => p.certType));
      if (types.length === 1) state.certType = types[0];
      else return this.ask(dc, state, 'certType');
    }
    const ofType = ofKind.filter((p) => p.certType === state.certType);
    if (!state.institution) {
      const institutions = unique(ofType.map((p) => p.institution));
      if (institutions.length === 1) state.institution = institutions[0];
      else return this.ask(dc, state, 'institution');
    }
    const candidates = this.candidatesFor(state);
    if (candidates.length === 0) throw new Error(`no procedure for ${state.kind}/${state.certType}`);
    const channels = unique(candidates.map((p) => p.channel));
    if (!state.channel || !channels.includes(state.channel)) {
      const byDevice = this.channelForDevice(state.device, channels);
      if (channels.length === 1) state.channel = channels[0];
      else if (byDevice) state.channel = byDevice;
      else return this.ask(dc, state, 'channel', channels);
    }
    const procedure = candidates.find((p) => p.channel === state.channel)!;
    state.procedureId = procedure.id;
    state.index = -1;
    return this.show(dc, state, procedure);
  }

  private channelForDevice(device: string | undefined, channels: Channel[]): Channel | undefined {
    if (!device) return undefined;
    const wanted: Channel = device === 'pc' || device === 'mac' ? 'internet_banking' : 'app';
    return channels.includes(wanted) ? wanted : undefined;
  }

  private async ask(dc: DialogContext, state: ProcedureState, field: Field, channels?: Channel[]): Promise<DialogTurnResult> {
    state.asking = field;
    const { texts } = this.deps;
    const locale = localeOf(dc.context.activity.locale);
    const choose = (value: string, labelKey: string): CardAction => ({
      title: texts.get(labelKey, locale),
      data: { action: 'choose', field, value },
    });
    let card;
    if (field === 'certType') {
      card = choiceCardData({
        title: texts.get('ask.cert_type.title', locale),
        text: texts.get('ask.cert_type.text', locale),
        actions: [
          choose('joint', 'cert_type.joint'),
          choose('financial', 'cert_type.financial'),
          { title: texts.get('ask.cert_type.unsure', locale), data: { action: 'faq', id: 'joint-vs-financial' } },
          homeAction(texts, locale),
        ],
      });
    } else if (field === 'institution') {
      const offered = unique(
        this.deps.content.procedures.filter((p) => p.kind === state.kind && p.certType === state.certType).map((p) => p.institution),
      );
      const ordered = (['epost', 'woori', 'other'] as const).filter((i) => i === 'other' || offered.includes(i));
      card = choiceCardData({
        title: texts.get('ask.institution.title', locale),
        text: texts.get('ask.institution.text', locale),
        actions: [...ordered.map((i) => choose(i, `institution.${i}`)), homeAction(texts, locale)],
      });
    } else {
      const candidates = this.candidatesFor(state);
      const available = channels ?? unique(candidates.map((p) => p.channel));
      // Copying differs by direction, not by channel: name each choice by its procedure (PC → 휴대폰).
      const label = (channel: Channel): CardAction =>
        state.kind === 'copy_cert'
          ? { title: pickerFor(locale)(candidates.find((p) => p.channel === channel)!.title), data: { action: 'choose', field, value: channel } }
          : choose(channel, `channel.${channel}`);
      card = choiceCardData({
        title: texts.get(state.kind === 'copy_cert' ? 'ask.copy_direction.title' : 'ask.channel.title', locale),
        actions: [...available.map(label), homeAction(texts, locale)],
      });
    }
    await this.deps.cards.send(dc.context, 'choice', card);
    return Dialog.EndOfTurn;
  }

  /** The institution's own versions of the procedure, or the generic 'other' ones when it has none. */
  private candidatesFor(state: ProcedureState): Procedure[] {
    const ofType = this.deps.content.procedures.filter((p) => p.kind === state.kind && p.certType === state.certType);
    const own = ofType.filter((p) => p.institution === state.institution);
    return own.length > 0 ? own : ofType.filter((p) => p.institution === 'other');
  }

  /** An answer typed in words rather than clicked: "우체국이요", "금융인증서", "앱으로". */
  private answerFromText(field: Field, input: ReturnType<typeof inputOf>): string | undefined {
    const entities = input.recognition?.entities;
    if (!entities) return undefined;
    if (field === 'certType') return entities.certType;
    if (field === 'institution') return contentInstitution(entities.institution);
    if (field === 'channel' && entities.device) return entities.device === 'pc' || entities.device === 'mac' ? 'internet_banking' : 'app';
    return undefined;
  }

  private async remember(dc: DialogContext, field: Field, value: string): Promise<void> {
    if (field === 'channel') return;
    const profile = await this.deps.profile.get(dc.context, {});
    await this.deps.profile.set(dc.context, { ...profile, [field]: value });
  }

  private procedure(state: ProcedureState): Procedure | undefined {
    return this.deps.content.procedures.find((p) => p.id === state.procedureId);
  }

  private async show(dc: DialogContext, state: ProcedureState, procedure: Procedure): Promise<DialogTurnResult> {
    await this.render(dc.context, state, procedure);
    return Dialog.EndOfTurn;
  }

  private async render(context: TurnContext, state: ProcedureState, procedure: Procedure): Promise<void> {
    const locale = localeOf(context.activity.locale);
    if (this.deps.isAgent(context)) await this.showCompact(context, procedure, locale);
    else if (state.index < 0) await this.showOverview(context, procedure, locale);
    else if (state.index < procedure.steps.length) await this.showStep(context, procedure, state.index, locale);
    else await this.showDone(context, procedure, locale);
  }

  private async showOverview(context: TurnContext, procedure: Procedure, locale: Locale): Promise<void> {
    const { texts } = this.deps;
    const pick = pickerFor(locale);
    await this.deps.cards.send(context, 'choice', choiceCardData({
      title: pick(procedure.title),
      text: pick(procedure.summary),
      facts: [
        { title: texts.get('ask.institution.title', locale).replace(/\?$/, ''), value: texts.get(`institution.${procedure.institution}`, locale) },
        { title: texts.get('ask.cert_type.title', locale).replace(/\?$/, ''), value: texts.get(`cert_type.${procedure.certType}`, locale) },
        { title: texts.get('ask.channel.title', locale).replace(/\?$/, ''), value: texts.get(`channel.${procedure.channel}`, locale) },
        { title: texts.get('intro.prerequisites', locale), value: '' },
      ].filter((fact) => fact.value !== ''),
      items: procedure.prerequisites.map(pick),
      note: pick(procedure.source),
      actions: [
        { title: texts.get('nav.start', locale), data: { action: 'nav', move: 'start' } },
        { title: texts.get('nav.change_institution', locale), data: { action: 'nav', move: 'change_institution' } },
        homeAction(texts, locale),
      ],
    }));
  }

  /** For agents on the phone: every step on one card, and a block to read aloud to the customer. */
  private async showCompact(context: TurnContext, procedure: Procedure, locale: Locale): Promise<void> {
    const { texts } = this.deps;
    const pick = pickerFor(locale);
    const steps = procedure.steps.map((step, i) => `${i + 1}. ${pick(step.title)}`);
    await this.deps.cards.send(context, 'choice', choiceCardData({
      title: `${pick(procedure.title)} · ${texts.get(`institution.${procedure.institution}`, locale)}`,
      text: pick(procedure.summary),
      items: procedure.steps.map((step, i) => `${i + 1}. ${pick(step.title)} — ${pick(step.text)}`),
      note: pick(procedure.source),
      readAloud: {
        title: texts.get('agent.read_aloud.title', locale),
        text: texts.get('agent.read_aloud', locale, {
          summary: pick(procedure.summary),
          prerequisites: procedure.prerequisites.map(pick).join(', '),
          steps: steps.join(' → '),
        }),
      },
      actions: [
        { title: texts.get('nav.trouble', locale), data: { action: 'nav', move: 'trouble' } },
        { title: texts.get('nav.change_institution', locale), data: { action: 'nav', move: 'change_institution' } },
        homeAction(texts, locale),
      ],
    }));
  }

  private async showStep(context: TurnContext, procedure: Procedure, index: number, locale: Locale): Promise<void> {
    const { texts } = this.deps;
    const pick = pickerFor(locale);
    const step = procedure.steps[index];
    const last = index === procedure.steps.length - 1;
    const actions: CardAction[] = [
      ...(index > 0 ? [{ title: texts.get('nav.prev', locale), data: { action: 'nav', move: 'prev' } } as CardAction] : []),
      { title: texts.get(last ? 'nav.finish' : 'nav.next', locale), data: { action: 'nav', move: 'next' } },
      { title: texts.get('nav.trouble', locale), data: { action: 'nav', move: 'trouble' } },
      homeAction(texts, locale),
    ];
    await this.deps.cards.send(context, 'step', {
      procedureTitle: `${pick(procedure.title)} · ${texts.get(`institution.${procedure.institution}`, locale)}`,
      progress: texts.get('nav.progress', locale, { current: index + 1, total: procedure.steps.length }),
      stepTitle: pick(step.title),
      text: pick(step.text),
      tip: step.tip ? pick(step.tip) : '',
      caution: step.caution ? pick(step.caution) : '',
      actions,
    });
  }

  private async showDone(context: TurnContext, procedure: Procedure, locale: Locale): Promise<void> {
    const { texts } = this.deps;
    const feedback = (helpful: boolean): CardAction => ({
      title: texts.get(helpful ? 'feedback.yes' : 'feedback.no', locale),
      data: { action: 'feedback', helpful, procedureId: procedure.id },
    });
    await this.deps.cards.send(context, 'choice', choiceCardData({
      title: texts.get('done.title', locale),
      text: pickerFor(locale)(procedure.success),
      note: texts.get('done.feedback', locale),
      actions: [feedback(true), feedback(false), { title: texts.get('nav.prev', locale), data: { action: 'nav', move: 'prev' } }, homeAction(texts, locale)],
    }));
  }

  private agentAction(locale: Locale): CardAction {
    return { title: this.deps.texts.get('topic.agent', locale), data: { action: 'topic', intent: 'agent' } };
  }
}

export const pickerFor = (locale: Locale) => (text: { ko: string; en: string }) => (locale === 'en-US' ? text.en : text.ko);

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
