import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { localeOf, type Locale } from '../bot/i18n.js';
import type { Procedure } from '../content/schema.js';
import { normaliseTyped, type ActionData, type CardAction } from './actions.js';
import type { DialogDeps } from './deps.js';
import { recordFeedback } from './feedback.js';
import { choiceCardData, homeAction } from './menu.js';
import { inputOf } from './turn-input.js';
import { TroubleDialog } from './trouble-dialog.js';
import { offerAgent, sayMissed, sayStale } from './way-on.js';

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
  /** Named in the question ("앱에서", "인터넷뱅킹으로"). */
  channel?: Channel;
}

/** The channel a sentence names, if any: 앱 / 어플 / app → the app; 인터넷뱅킹 / 홈페이지 → internet banking. */
export function channelIn(text: string): Channel | undefined {
  const compact = text.normalize('NFC').toLowerCase().replace(/\s+/g, '');
  if (/인터넷뱅킹|홈페이지|internetbanking|website/.test(compact)) return 'internet_banking';
  if (/앱|어플|원뱅킹|won뱅킹|스마트뱅킹|app/.test(compact)) return 'app';
  return undefined;
}

/** Opens one procedure at one card (-1 = overview): an interrupted guide taken up again, or an old card's button. */
export interface ProcedureAt {
  procedureId: string;
  index: number;
  /** What the old card's button asked for, done from that card. */
  move?: NavMove;
}

type NavMove = Extract<ActionData, { action: 'nav' }>['move'];

interface ProcedureState extends ProcedureOptions {
  topic: Kind;
  channel?: Channel;
  asking?: Field;
  /** The difference between the two types has been explained at this question. */
  explained?: boolean;
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
export class ProcedureDialog extends Dialog<ProcedureOptions | ProcedureAt> {
  static readonly id = 'procedure';

  constructor(private readonly deps: DialogDeps) {
    super(ProcedureDialog.id);
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
    const procedure = this.deps.content.procedures.find((p) => p.id === at.procedureId);
    if (!procedure) throw new Error(`no procedure ${at.procedureId}`);
    const state: ProcedureState = {
      kind: procedure.kind,
      topic: procedure.kind,
      certType: procedure.certType,
      institution: procedure.institution,
      channel: procedure.channel,
      procedureId: procedure.id,
      index: Math.min(Math.max(at.index, -1), procedure.steps.length),
    };
    dc.activeDialog!.state = state;
    if (at.move) return this.move(dc, state, procedure, at.move);
    return this.show(dc, state, procedure);
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ProcedureState;
    const input = inputOf(dc.context);
    const action = input.action ?? this.typedNav(input);

    if (state.asking) {
      // 잘 모르겠어요 at the type question: explain the difference, then ask the same question again.
      const unsure = (action?.action === 'nav' && action.move === 'explain') || (!action && this.saysUnsure(input));
      if (unsure && state.asking === 'certType') {
        if (!state.explained) return this.explainTypes(dc, state);
        // Still unsure after the explanation: where to look it up, and a person.
        await dc.context.sendActivity(this.deps.texts.get('ask.cert_type.still_unsure', localeOf(dc.context.activity.locale)));
        offerAgent(dc.context, this.deps);
        return this.reprompt(dc, state);
      }
      const answer = action?.action === 'choose' && action.field === state.asking ? action.value : this.answerFromText(state.asking, input);
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
      if (action.at) state.index = Math.min(Math.max(action.at.index, -1), procedure.steps.length);
      return this.move(dc, state, procedure, action.move);
    }
    if (action?.action === 'choose') {
      await sayStale(dc.context, this.deps);
      return this.reprompt(dc, state);
    }
    // Mentioning another institution or certificate type mid-way ("우리은행은요?") switches to that version.
    const entities = input.recognition?.entities;
    const mentioned = contentInstitution(entities?.institution);
    const otherType = entities?.certType && entities.certType !== state.certType && this.deps.content.procedures.some((p) => p.kind === state.kind && p.certType === entities.certType);
    if ((mentioned && mentioned !== state.institution) || otherType) {
      if (mentioned) {
        state.institution = mentioned;
        await this.remember(dc, 'institution', mentioned);
        // No version of its own: the generic guide stays, and the user is told why nothing changed.
        if (this.candidatesFor(state).every((p) => p.institution === 'other') && procedure?.institution === 'other' && !otherType) {
          const locale = localeOf(dc.context.activity.locale);
          await dc.context.sendActivity(this.deps.texts.get('procedure.same_everywhere', locale));
          return this.show(dc, state, procedure);
        }
      }
      if (otherType) {
        state.certType = entities.certType as CertType;
        await this.remember(dc, 'certType', entities.certType as CertType);
      }
      state.channel = undefined;
      state.index = -1;
      return this.advance(dc, state);
    }
    if (input.recognition) await sayMissed(dc.context, this.deps);
    return this.reprompt(dc, state);
  }

  private async move(dc: DialogContext, state: ProcedureState, procedure: Procedure, move: NavMove): Promise<DialogTurnResult> {
    switch (move) {
      case 'start':
      case 'next':
        if (state.index >= procedure.steps.length) await dc.context.sendActivity(this.deps.texts.get('procedure.finished', localeOf(dc.context.activity.locale)));
        state.index = Math.min(state.index + 1, procedure.steps.length);
        return this.show(dc, state, procedure);
      case 'prev':
        state.index = Math.max(state.index - 1, -1);
        return this.show(dc, state, procedure);
      case 'change_institution':
        if (!this.hasOwnVersions(state)) {
          await dc.context.sendActivity(this.deps.texts.get('procedure.same_everywhere', localeOf(dc.context.activity.locale)));
          return this.show(dc, state, procedure);
        }
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
        return this.show(dc, state, procedure);
    }
  }

  /** True when some institution has its own version of this kind of procedure (else 기관 바꾸기 changes nothing). */
  private hasOwnVersions(state: ProcedureState): boolean {
    return this.deps.content.procedures.some((p) => p.kind === state.kind && p.certType === state.certType && p.institution !== 'other');
  }

  /** 다음 / 이전 typed where the card has no such button (the overview, the closing card). */
  private typedNav(input: ReturnType<typeof inputOf>): ActionData | undefined {
    const text = input.recognition ? normaliseTyped(input.recognition.text) : '';
    if (!text) return undefined;
    const is = (key: string) => this.deps.texts.all(key).some((label) => normaliseTyped(label) === text);
    if (is('nav.next') || is('nav.finish') || is('nav.start')) return { action: 'nav', move: 'next' };
    if (is('nav.prev')) return { action: 'nav', move: 'prev' };
    return undefined;
  }

  private saysUnsure(input: ReturnType<typeof inputOf>): boolean {
    const text = input.recognition ? normaliseTyped(input.recognition.text) : '';
    return /모르겠|몰라|모름|notsure|dontknow|don'tknow|idontknow/.test(text) || this.deps.texts.all('ask.cert_type.unsure').some((l) => normaliseTyped(l) === text);
  }

  /** The difference between the two types, with the same question's buttons: the user stays where they were. */
  private async explainTypes(dc: DialogContext, state: ProcedureState): Promise<DialogTurnResult> {
    const locale = localeOf(dc.context.activity.locale);
    state.explained = true;
    const faq = this.deps.content.faq.find((f) => f.id === 'joint-vs-financial');
    await this.ask(dc, state, 'certType', undefined, faq ? { title: pickerFor(locale)(faq.question), text: pickerFor(locale)(faq.answer) } : undefined);
    return Dialog.EndOfTurn;
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

  private async ask(dc: DialogContext, state: ProcedureState, field: Field, channels?: Channel[], heading?: { title: string; text: string }): Promise<DialogTurnResult> {
    state.asking = field;
    await this.askCard(dc.context, state, field, channels, heading);
    return Dialog.EndOfTurn;
  }

  private async askCard(context: TurnContext, state: ProcedureState, field: Field, channels?: Channel[], heading?: { title: string; text: string }): Promise<void> {
    const { texts } = this.deps;
    const locale = localeOf(context.activity.locale);
    const choose = (value: string, labelKey: string): CardAction => ({
      title: texts.get(labelKey, locale),
      data: { action: 'choose', field, value },
    });
    let card;
    if (field === 'certType') {
      card = choiceCardData({
        title: heading?.title ?? texts.get('ask.cert_type.title', locale),
        text: heading ? `${heading.text}\n\n${texts.get('ask.cert_type.title', locale)}` : texts.get('ask.cert_type.text', locale),
        actions: [
          choose('joint', 'cert_type.joint'),
          choose('financial', 'cert_type.financial'),
          ...(heading ? [] : [{ title: texts.get('ask.cert_type.unsure', locale), data: { action: 'nav', move: 'explain' } } as CardAction]),
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
    await this.deps.cards.send(context, 'choice', card);
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
    if (field === 'channel' && input.recognition) return channelIn(input.recognition.text);
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
        { title: texts.get('nav.start', locale), data: { action: 'nav', move: 'start', at: { procedureId: procedure.id, index: -1 } } },
        ...this.changeInstitution(procedure, locale),
        homeAction(texts, locale),
      ],
    }));
  }

  /** 기관 바꾸기, when another institution has a version of its own to change to. */
  private changeInstitution(procedure: Procedure, locale: Locale): CardAction[] {
    const own = this.deps.content.procedures.some((p) => p.kind === procedure.kind && p.certType === procedure.certType && p.institution !== 'other');
    return own ? [{ title: this.deps.texts.get('nav.change_institution', locale), data: { action: 'nav', move: 'change_institution' } }] : [];
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
        ...this.changeInstitution(procedure, locale),
        homeAction(texts, locale),
      ],
    }));
  }

  private async showStep(context: TurnContext, procedure: Procedure, index: number, locale: Locale): Promise<void> {
    const { texts } = this.deps;
    const pick = pickerFor(locale);
    const step = procedure.steps[index];
    const last = index === procedure.steps.length - 1;
    const at = { procedureId: procedure.id, index };
    const actions: CardAction[] = [
      ...(index > 0 ? [{ title: texts.get('nav.prev', locale), data: { action: 'nav', move: 'prev', at } } as CardAction] : []),
      { title: texts.get(last ? 'nav.finish' : 'nav.next', locale), data: { action: 'nav', move: 'next', at } },
      { title: texts.get('nav.trouble', locale), data: { action: 'nav', move: 'trouble', at } },
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
      actions: [
        feedback(true),
        feedback(false),
        { title: texts.get('nav.prev', locale), data: { action: 'nav', move: 'prev', at: { procedureId: procedure.id, index: procedure.steps.length } } },
        homeAction(texts, locale),
      ],
    }));
  }

}

/** 도움이 되었나요? answered (also from an older closing card): kept, thanked, a person offered after 👎. */
export async function answerFeedback(context: TurnContext, deps: DialogDeps, action: Extract<ActionData, { action: 'feedback' }>): Promise<void> {
  const locale = localeOf(context.activity.locale);
  await recordFeedback(deps.storage, { procedureId: action.procedureId, helpful: action.helpful, locale, at: deps.now().toISOString() });
  const agent: CardAction = { title: deps.texts.get('topic.agent', locale), data: { action: 'topic', intent: 'agent' } };
  await deps.cards.send(context, 'choice', choiceCardData({
    title: deps.texts.get(action.helpful ? 'feedback.thanks' : 'feedback.sorry', locale),
    actions: action.helpful ? [homeAction(deps.texts, locale)] : [agent, homeAction(deps.texts, locale)],
  }));
}

export const pickerFor = (locale: Locale) => (text: { ko: string; en: string }) => (locale === 'en-US' ? text.en : text.ko);

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
