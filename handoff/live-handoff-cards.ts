import type { TextKey } from '../content/texts.js';
import { formatSeoulTime, type BusinessHours } from './hours.js';
import type { HandoffButton, HandoffCards, HandoffLocale, HandoffTexts } from './ports.js';

/** The cards a customer sees during a handoff: the queue, the callback form, the satisfaction stars. */

export interface CustomerCardDeps {
  texts: HandoffTexts;
  cards: HandoffCards;
  hours: BusinessHours;
  now: () => Date;
}

/** Why the callback form is offered. */
export type CallbackReason = 'closed_hours' | 'no_agent' | 'expired';

const HOME: HandoffButton['data'] = { action: 'nav', move: 'home' };

export class CustomerCards {
  constructor(private readonly deps: CustomerCardDeps) {}

  /** The queue card: where the customer is, and the ways out (status, a call instead, stop waiting). */
  waiting(locale: HandoffLocale, key: TextKey, queue: { position: number; expectedWaitMinutes: number } | undefined, title?: string): Record<string, unknown> {
    const { texts } = this.deps;
    return this.deps.cards.choice({
      title: title ?? texts.get('handoff.queued.title', locale),
      text: texts.get(key, locale, { position: queue?.position ?? 1, minutes: queue?.expectedWaitMinutes ?? 1 }),
      actions: [
        { title: texts.get('handoff.queued.status', locale), data: { action: 'queue', op: 'status' } },
        { title: texts.get('handoff.queued.cancel', locale), data: { action: 'queue', op: 'cancel' } },
        this.home(locale),
      ],
    });
  }

  /** The callback form, introduced by why it is offered; `problem` says what was wrong with the last number. */
  callbackForm(locale: HandoffLocale, why: CallbackReason, problem?: string): Record<string, unknown> {
    const { texts } = this.deps;
    const opens = this.deps.hours.nextOpening(this.deps.now());
    const text =
      why === 'closed_hours'
        ? texts.get('handoff.closed_hours.text', locale, { opens: opens ? formatSeoulTime(opens, locale) : '-' })
        : texts.get(why === 'expired' ? 'handoff.expired' : 'handoff.no_agent.text', locale);
    const title = texts.get(
      why === 'closed_hours' ? 'handoff.closed_hours.title' : why === 'expired' ? 'handoff.expired.title' : 'handoff.no_agent.title',
      locale,
    );
    return this.deps.cards.callback({
      title,
      text: problem ? `${problem}\n\n${text}` : text,
      phoneLabel: texts.get('handoff.callback.phone', locale),
      timeLabel: texts.get('handoff.callback.time', locale),
      submit: texts.get('handoff.callback.submit', locale),
      actions: [this.home(locale)],
      locale,
    });
  }

  /** The callback request is saved: `text` confirms it (with the masked number). */
  callbackSaved(locale: HandoffLocale, text: string): Record<string, unknown> {
    return this.deps.cards.choice({ title: this.deps.texts.get('handoff.closed_hours.title', locale), text, actions: [this.home(locale)] });
  }

  /** After the agent closed: five to one stars. */
  satisfaction(locale: HandoffLocale, ticketId: string): Record<string, unknown> {
    const { texts } = this.deps;
    const stars: HandoffButton[] = [5, 4, 3, 2, 1].map((score) => ({
      title: `${'★'.repeat(score)}${'☆'.repeat(5 - score)}`,
      data: { action: 'rate', ticketId, score },
    }));
    return this.deps.cards.choice({ title: texts.get('handoff.ended.title', locale), text: texts.get('handoff.ended.text', locale), actions: stars });
  }

  private home(locale: HandoffLocale): HandoffButton {
    return { title: this.deps.texts.get('nav.home', locale), data: HOME };
  }
}
