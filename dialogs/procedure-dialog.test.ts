import { loadContent } from '../content/load.js';
import type { Procedure } from '../content/schema.js';
import { BotHarness } from '../test/support/bot.js';

const content = loadContent();
const LABELS = {
  'ko-KR': { start: '시작하기', next: '다음', finish: '완료', prev: '이전', trouble: '잘 안 돼요', resume: '하던 단계로 돌아가기', yes: '👍 도움이 됐어요' },
  'en-US': { start: 'Start', next: 'Next', finish: 'Done', prev: 'Back', trouble: "It's not working", resume: 'Back to my step', yes: '👍 Yes, it helped' },
} as const;
type Locale = keyof typeof LABELS;
const pick = (locale: Locale, text: { ko: string; en: string }) => (locale === 'en-US' ? text.en : text.ko);

/** Answers whatever the dialog asks (type, institution, channel) with this procedure's values, by clicking. */
async function openProcedure(bot: BotHarness, procedure: Procedure, locale: Locale): Promise<void> {
  await bot.send({ value: { action: 'topic', intent: procedure.kind } });
  for (let asked = 0; asked < 4; asked++) {
    const choose = bot.card?.actions.find((a) => {
      const data = a.data as { action?: string; field?: string; value?: string };
      return data.action === 'choose' && data.value === (procedure as unknown as Record<string, string>)[data.field ?? ''];
    });
    if (!choose) break;
    await bot.send({ value: choose.data });
  }
  expect(bot.card?.title).toBe(pick(locale, procedure.title));
}

describe.each(['ko-KR', 'en-US'] as const)('every procedure, walked to its end (%s)', (locale) => {
  test.each(content.procedures.map((p) => [p.id, p] as const))('%s', async (_id, procedure) => {
    const bot = await BotHarness.create({ locale });
    const labels = LABELS[locale];
    await openProcedure(bot, procedure, locale);
    await bot.click(labels.start);
    for (const [index, step] of procedure.steps.entries()) {
      expect(bot.card?.texts).toEqual(expect.arrayContaining([pick(locale, step.title), pick(locale, step.text), `${index + 1} / ${procedure.steps.length}`]));
      const isLink = (a: { data: unknown }) => typeof (a.data as { url?: unknown }).url === 'string';
      // A step that says "open the app" / "go to the site" links to the institution's own (item 10).
      const links = bot.card?.actions.filter(isLink).map((a) => (a.data as { url: string }).url);
      const institution = procedure.institution === 'other' ? undefined : content.institutions[procedure.institution];
      expect(links).toEqual((step.opens ?? []).map((target) => institution![target].url));
      const buttons = bot.card?.actions.filter((a) => !isLink(a)).map((a) => a.title);
      expect(buttons).toEqual([
        ...(index > 0 ? [labels.prev] : []),
        index === procedure.steps.length - 1 ? labels.finish : labels.next,
        labels.trouble,
        expect.any(String),
      ]);
      await bot.click(index === procedure.steps.length - 1 ? labels.finish : labels.next);
    }
    expect(bot.card?.texts).toContain(pick(locale, procedure.success));
    await bot.click(labels.yes);
    expect(bot.storage.latest('feedback/')).toEqual([expect.objectContaining({ procedureId: procedure.id, helpful: true, locale })]);
  });
});
