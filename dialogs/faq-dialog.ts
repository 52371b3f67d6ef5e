import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { localeOf, type Locale } from '../bot/i18n.js';
import type { Faq } from '../content/schema.js';
import type { CardAction } from './actions.js';
import type { DialogDeps } from './deps.js';
import { choiceCardData, homeAction, topicAction } from './menu.js';
import { pickerFor } from './procedure-dialog.js';
import { inputOf } from './turn-input.js';

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
    dc.activeDialog!.state = { topic: 'cert_info' };
    const faq = this.find(options.id) ?? (options.text ? closestFaq(this.deps.content.faq, options.text) : undefined);
    await (faq ? this.answer(dc, faq) : this.list(dc));
    return Dialog.EndOfTurn;
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const action = inputOf(dc.context).action;
    const faq = action?.action === 'faq' ? this.find(action.id) : undefined;
    await (faq ? this.answer(dc, faq) : this.list(dc));
    return Dialog.EndOfTurn;
  }

  private find(idOrTopic: string | undefined): Faq | undefined {
    if (!idOrTopic) return undefined;
    return this.deps.content.faq.find((f) => f.id === idOrTopic) ?? this.deps.content.faq.find((f) => f.topic === idOrTopic);
  }

  private async list(dc: DialogContext): Promise<void> {
    const { texts } = this.deps;
    const locale = localeOf(dc.context.activity.locale);
    const pick = pickerFor(locale);
    await this.deps.cards.send(dc.context, 'choice', choiceCardData({
      title: texts.get('faq.title', locale),
      text: texts.get('faq.choose', locale),
      actions: [...this.deps.content.faq.map((f): CardAction => ({ title: pick(f.question), data: { action: 'faq', id: f.id } })), homeAction(texts, locale)],
    }));
  }

  private async answer(dc: DialogContext, faq: Faq): Promise<void> {
    const { texts } = this.deps;
    const locale: Locale = localeOf(dc.context.activity.locale);
    const pick = pickerFor(locale);
    await this.deps.cards.send(dc.context, 'choice', choiceCardData({
      title: pick(faq.question),
      text: pick(faq.answer),
      actions: [
        ...faq.related.map((intent) => topicAction(intent, texts, locale)),
        { title: texts.get('faq.more', locale), data: { action: 'faq', id: '' } },
        homeAction(texts, locale),
      ],
    }));
  }
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
  const compact = text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const grams = new Set<string>();
  for (let i = 0; i < compact.length - 1; i++) grams.add(compact.slice(i, i + 2));
  return grams;
}
