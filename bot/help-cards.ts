import type { HandoffHelpCards, HelpRequest } from '../handoff/index.js';
import { renderCardJson } from '../cards/index.js';
import type { Content } from '../content/load.js';
import { pickerFor, type Texts } from '../content/texts.js';
import { faqAnswerCardData } from '../dialogs/faq-dialog.js';
import { overviewCardData, stepCardData } from '../dialogs/procedure-cards.js';
import { checkCardData } from '../dialogs/router-cards.js';

/**
 * The cards an agent sends from the console (issue 19): exactly the ones the assistant shows (a guide's
 * overview or one step, an FAQ answer, the local-check invitation), built by the dialogs' card data
 * from the same content. The guide's buttons are marked as sent by an agent, so a customer in another
 * guide is taken to this one when pressing them (dialogs/router.ts) instead of being told the card is old.
 */
export function helpCards(texts: Texts, content: Pick<Content, 'procedures' | 'faq' | 'institutions'>): HandoffHelpCards {
  const { procedures, faq, institutions } = content;
  return {
    catalog(locale) {
      const pick = pickerFor(locale);
      return {
        procedures: procedures.map((p) => ({
          id: p.id,
          // Versions of one guide differ by institution and channel: both are in the name.
          title: `${pick(p.title)} · ${texts.get(`channel.${p.channel}`, locale)}`,
          steps: p.steps.map((step) => pick(step.title)),
        })),
        faqs: faq.map((f) => ({ id: f.id, question: pick(f.question) })),
      };
    },
    card(request: HelpRequest, locale) {
      if (request.kind === 'local_check') return { card: renderCardJson('choice', checkCardData('local', texts, locale)) };
      if (request.kind === 'faq') {
        const answer = faq.find((f) => f.id === request.id);
        return answer ? { card: renderCardJson('choice', faqAnswerCardData(answer, texts, locale)) } : { problem: 'unknown_faq' };
      }
      const procedure = procedures.find((p) => p.id === request.id);
      if (!procedure) return { problem: 'unknown_procedure' };
      if (request.step === undefined) return { card: byAgent(renderCardJson('choice', overviewCardData(procedure, procedures, texts, locale))) };
      const index = request.step - 1;
      if (!Number.isInteger(index) || index < 0 || index >= procedure.steps.length) return { problem: 'step_out_of_range', steps: procedure.steps.length };
      return { card: byAgent(renderCardJson('step', stepCardData(procedure, index, texts, locale, institutions))) };
    },
  };
}

/** The card with each guide button's `at` marked as an agent's (cards/actions.ts). */
function byAgent(card: Record<string, unknown>): Record<string, unknown> {
  const mark = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(mark);
    if (!node || typeof node !== 'object') return node;
    const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mark(value)]));
    if (copy.action === 'nav' && copy.at && typeof copy.at === 'object') copy.at = { ...copy.at, byAgent: true };
    return copy;
  };
  return mark(card) as Record<string, unknown>;
}
