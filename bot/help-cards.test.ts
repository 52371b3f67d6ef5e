import { renderCardJson } from '../cards/index.js';
import { actionDataOf } from '../cards/actions.js';
import { loadContent } from '../content/load.js';
import { loadTexts } from '../content/texts.js';
import { faqAnswerCardData } from '../dialogs/faq-dialog.js';
import { overviewCardData, stepCardData } from '../dialogs/procedure-cards.js';
import { checkCardData } from '../dialogs/router-cards.js';
import { helpCards } from './help-cards.js';

const content = loadContent();
const texts = loadTexts();
const help = helpCards(texts, content);

/** The card with the agent's mark taken off its guide buttons: what is left must be the assistant's card. */
const unmarked = (card: unknown) => JSON.parse(JSON.stringify(card).replaceAll(',"byAgent":true', '')) as unknown;
const cardOf = (built: ReturnType<typeof help.card>) => {
  if ('problem' in built) throw new Error(`no card: ${built.problem}`);
  return built.card;
};
const submits = (card: unknown): unknown[] => {
  const found: unknown[] = [];
  JSON.stringify(card, (key, value: unknown) => {
    if (key === 'data') found.push(value);
    return value;
  });
  return found;
};

describe('the help panel sends the assistant’s own cards', () => {
  test.each(['ko-KR', 'en-US'] as const)('every guide overview and step, every FAQ answer and the local check (%s)', (locale) => {
    for (const procedure of content.procedures) {
      const overview = cardOf(help.card({ kind: 'procedure', id: procedure.id }, locale));
      expect(unmarked(overview)).toEqual(renderCardJson('choice', overviewCardData(procedure, content.procedures, texts, locale)));
      procedure.steps.forEach((_, index) => {
        const step = cardOf(help.card({ kind: 'procedure', id: procedure.id, step: index + 1 }, locale));
        expect(unmarked(step)).toEqual(renderCardJson('step', stepCardData(procedure, index, texts, locale, content.institutions)));
        // Every guide button is marked, and still valid card data the bot reads.
        const navs = submits(step)
          .map(actionDataOf)
          .filter((data) => data?.action === 'nav' && data.at);
        expect(navs.length).toBeGreaterThan(0);
        for (const nav of navs) expect(nav).toMatchObject({ at: { procedureId: procedure.id, index, byAgent: true } });
      });
    }
    for (const faq of content.faq)
      expect(cardOf(help.card({ kind: 'faq', id: faq.id }, locale))).toEqual(renderCardJson('choice', faqAnswerCardData(faq, texts, locale)));
    expect(cardOf(help.card({ kind: 'local_check' }, locale))).toEqual(renderCardJson('choice', checkCardData('local', texts, locale)));
  });

  test('unknown ids and steps outside the guide are named problems, not cards', () => {
    const procedure = content.procedures[0];
    expect(help.card({ kind: 'procedure', id: 'nope' }, 'ko-KR')).toEqual({ problem: 'unknown_procedure' });
    expect(help.card({ kind: 'faq', id: 'nope' }, 'ko-KR')).toEqual({ problem: 'unknown_faq' });
    for (const step of [0, procedure.steps.length + 1, 1.5])
      expect(help.card({ kind: 'procedure', id: procedure.id, step }, 'ko-KR')).toEqual({ problem: 'step_out_of_range', steps: procedure.steps.length });
  });

  test('the catalog names guides (with channel) and FAQ questions in the language asked', () => {
    const en = help.catalog('en-US');
    expect(en.procedures).toHaveLength(content.procedures.length);
    expect(en.faqs.map((f) => f.id)).toEqual(content.faq.map((f) => f.id));
    const first = content.procedures[0];
    expect(en.procedures[0]).toEqual({
      id: first.id,
      title: `${first.title.en} · ${texts.get(`channel.${first.channel}`, 'en-US')}`,
      steps: first.steps.map((s) => s.title.en),
    });
    // Two versions of a guide never share a name in the list.
    for (const catalog of [en, help.catalog('ko-KR')]) expect(new Set(catalog.procedures.map((p) => p.title)).size).toBe(catalog.procedures.length);
  });
});
