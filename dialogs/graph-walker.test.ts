import { sharedResources } from '../test/support/bot.js';
import { walkDialogGraph, type WalkInput } from '../test/support/graph-walker.js';

/**
 * The whole dialog graph, walked by machine in both languages: every button from the greeting and
 * from the start of every procedure, troubleshooting tree and FAQ answer, and typed interruptions
 * at every state. No reply may err, leave the user without a button, show the same card again to a
 * different input without a word, or lead from a button to "not sure".
 */
const INTERRUPTIONS = {
  'ko-KR': ['도움말', '오늘 날씨 어때', '금융인증서 비밀번호를 잊어버렸어요', '다음', '잘 모르겠어요', '우리은행'],
  'en-US': ['help', "what's the weather today", 'I forgot my financial certificate password', 'next'],
} as const;

describe.each(['ko-KR', 'en-US'] as const)('dialog graph (%s)', (locale) => {
  test('every reply offers a way on; no error, no silent repeat, no button to "not sure"', async () => {
    const resources = await sharedResources();
    const { texts, content } = resources;
    const starts: WalkInput[][] = [
      [{ text: locale === 'en-US' ? 'hello' : '안녕하세요' }],
      ...content.procedures.map((p) => [{ value: { action: 'nav', move: 'resume', at: { procedureId: p.id, index: -1 } }, title: p.id }]),
      ...content.troubles.map((t) => [{ value: { action: 'topic', intent: t.id }, title: t.id }]),
      ...content.faq.map((f) => [{ value: { action: 'faq', id: f.id }, title: f.id }]),
    ];
    const result = await walkDialogGraph(resources, {
      locale,
      starts,
      interruptions: [...INTERRUPTIONS[locale]],
      maxDepth: 20,
      unsureTitle: texts.get('unsure.title', locale),
      errorText: texts.get('error.turn', locale).slice(0, 12),
      homeTitle: texts.get('welcome.title', locale),
    });
    console.log(`${locale}: ${result.states} states, ${result.turns} turns, ${result.problems.length} problems`);
    expect(result.problems.slice(0, 10)).toEqual([]);
    expect(result.states).toBeGreaterThan(200);
  }, 120_000);
});
