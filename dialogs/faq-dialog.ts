import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { localeOf, type Locale, type Texts } from '../content/texts.js';
import type { Faq } from '../content/schema.js';
import type { CardAction } from '../cards/actions.js';
import type { DialogDeps } from './deps.js';
import { choiceCardData, homeAction, topicAction } from '../cards/card-data.js';
import { pickerFor } from '../content/texts.js';
import { inputOf } from './turn-input.js';
import { noteTurnFacts } from '../lib/turn-facts.js';
import { sayMissed, sayStale } from './way-on.js';

interface FaqState {
  topic: 'cert_info';
  /** The answer on screen, if any (else the list). */
  shown?: string;
}

export interface FaqOptions {
  /** A FAQ id or topic to answer directly. */
  id?: string;
  /** The user's question, to find the closest FAQ. */
  text?: string;
}

/** General questions (cert_info): answers the closest FAQ, or lists them when the question is vague. */
export class FaqDialog extends Dialog<FaqOptions> {
  static readonly id = 'faq';

  constructor(private readonly deps: DialogDeps) {
    super(FaqDialog.id);
  }

  async beginDialog(dc: DialogContext, options: FaqOptions = {}): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { topic: 'cert_info' } satisfies FaqState;
    const { faq: all } = this.deps.content;
    const faq = this.find(options.id) ?? (options.text ? (faqByKeywords(all, options.text) ?? closestFaq(all, options.text)) : undefined);
    await (faq ? this.answer(dc, faq) : this.list(dc));
    return Dialog.EndOfTurn;
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { action, recognition } = inputOf(dc.context);
    if (action?.action === 'faq') {
      const faq = this.find(action.id);
      await (faq ? this.answer(dc, faq) : this.list(dc));
      return Dialog.EndOfTurn;
    }
    // A question typed while reading the FAQ: the closest answer, or say so and show the list.
    const { faq: all } = this.deps.content;
    const aboutCertificates = recognition?.intent === 'cert_info' && !recognition.lowConfidence;
    const typed = recognition ? (faqByKeywords(all, recognition.text) ?? (aboutCertificates ? closestFaq(all, recognition.text) : undefined)) : undefined;
    if (typed) await this.answer(dc, typed);
    else {
      if (recognition) await sayMissed(dc.context, this.deps);
      else if (action) await sayStale(dc.context, this.deps);
      await this.list(dc);
    }
    return Dialog.EndOfTurn;
  }

  /** After an interruption such as 도움말: the answer (or the list) the user was reading. */
  async repromptDialog(context: TurnContext, instance: DialogInstance<FaqState>): Promise<void> {
    const faq = this.find(instance.state.shown);
    const locale = localeOf(context.activity.locale);
    await this.deps.cards.send(context, 'choice', faq ? this.answerCard(faq, locale) : this.listCard(locale));
  }

  private find(idOrTopic: string | undefined): Faq | undefined {
    if (!idOrTopic) return undefined;
    return this.deps.content.faq.find((f) => f.id === idOrTopic) ?? this.deps.content.faq.find((f) => f.topic === idOrTopic);
  }

  private async list(dc: DialogContext): Promise<void> {
    (dc.activeDialog!.state as FaqState).shown = undefined;
    await this.deps.cards.send(dc.context, 'choice', this.listCard(localeOf(dc.context.activity.locale)));
  }

  private async answer(dc: DialogContext, faq: Faq): Promise<void> {
    (dc.activeDialog!.state as FaqState).shown = faq.id;
    noteTurnFacts(dc.context, { faq: faq.id });
    await this.deps.cards.send(dc.context, 'choice', this.answerCard(faq, localeOf(dc.context.activity.locale)));
  }

  private listCard(locale: Locale) {
    const { texts } = this.deps;
    const pick = pickerFor(locale);
    return choiceCardData({
      title: texts.get('faq.title', locale),
      text: texts.get('faq.choose', locale),
      actions: [...this.deps.content.faq.map((f): CardAction => ({ title: pick(f.question), data: { action: 'faq', id: f.id } })), homeAction(texts, locale)],
    });
  }

  private answerCard(faq: Faq, locale: Locale) {
    return faqAnswerCardData(faq, this.deps.texts, locale);
  }
}

/** The answer card of one FAQ (its related topics, 다른 질문, 처음으로); the agent console sends the same one. */
export function faqAnswerCardData(faq: Faq, texts: Texts, locale: Locale) {
  const pick = pickerFor(locale);
  return choiceCardData({
    title: pick(faq.question),
    text: pick(faq.answer),
    actions: [
      ...faq.related.map((intent) => topicAction(intent, texts, locale)),
      { title: texts.get('faq.more', locale), data: { action: 'faq', id: '' } },
      homeAction(texts, locale),
    ],
  });
}

/**
 * The FAQ whose question shares the most character pairs with the user's words (spacing-insensitive,
 * so 공동인증서랑금융인증서차이 finds the comparison). Below a minimum overlap, none: the list is shown.
 */
export function closestFaq(faqs: Faq[], text: string): Faq | undefined {
  const grams = bigrams(text);
  if (grams.size === 0) return undefined;
  let best: { faq: Faq; score: number } | undefined;
  for (const faq of faqs) {
    const target = new Set([...bigrams(faq.question.ko), ...bigrams(faq.question.en)]);
    let shared = 0;
    for (const gram of grams) if (target.has(gram)) shared += 1;
    const score = shared / grams.size;
    if (!best || score > best.score) best = { faq, score };
  }
  return best && best.score >= 0.35 ? best.faq : undefined;
}

/**
 * The FAQ one of whose keyword patterns the user's words contain. A pattern is words joined by "+",
 * all of which must appear (spacing-insensitive, so 유효 기간 확인 = 유효기간확인); when several FAQs
 * match, the longest pattern wins. This finds topics the intents do not name (폐기, 고객센터 번호 …).
 */
export function faqByKeywords(faqs: Faq[], text: string): Faq | undefined {
  const compact = compactOf(text);
  if (!compact) return undefined;
  let best: { faq: Faq; length: number } | undefined;
  for (const faq of faqs) {
    for (const pattern of faq.keywords) {
      const parts = pattern.split('+').map(compactOf).filter(Boolean);
      if (parts.length === 0 || !parts.every((part) => compact.includes(part))) continue;
      const length = parts.join('').length;
      if (!best || length > best.length) best = { faq, length };
    }
  }
  return best?.faq;
}

const compactOf = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The FAQ whose own question the user typed (nearly) as written: the two texts share most of their
 * character pairs both ways (Dice ≥ 0.85), so a short answer like 금융인증서요 never matches a long question.
 */
export function faqAskedAsWritten(faqs: Faq[], text: string): Faq | undefined {
  const grams = bigrams(text);
  if (grams.size < 4) return undefined;
  for (const faq of faqs) {
    for (const question of [faq.question.ko, faq.question.en]) {
      const target = bigrams(question);
      let shared = 0;
      for (const gram of grams) if (target.has(gram)) shared += 1;
      if ((2 * shared) / (grams.size + target.size) >= 0.85) return faq;
    }
  }
  return undefined;
}

function bigrams(text: string): Set<string> {
  const compact = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  const grams = new Set<string>();
  for (let i = 0; i < compact.length - 1; i++) grams.add(compact.slice(i, i + 2));
  return grams;
}
