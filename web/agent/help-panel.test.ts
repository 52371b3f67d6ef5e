import { HELP_TEXTS } from './help-texts.js';
import { latestPosition, whereText } from './help-panel.js';

const catalog = { procedures: [{ id: 'g', title: '우리은행 앱에서 발급 · 앱', steps: ['a', 'b', 'c', 'd', 'e'] }], faqs: [] };

describe('where the customer is, in the agent’s words', () => {
  test('the newest guide card in the stream counts', () => {
    const stream = [{ guide: { procedureId: 'g', index: 0 } }, { text: '다음' }, { guide: { procedureId: 'g', index: 1 } }, { text: '고마워요' }, null];
    expect(latestPosition(stream)).toEqual({ procedureId: 'g', index: 1 });
    expect(latestPosition([{ text: 'x' }, { guide: { procedureId: 3, index: 'x' } }])).toBeUndefined();
    expect(latestPosition(null)).toBeUndefined();
  });

  test('step, overview, closing card and nothing yet, Korean and English', () => {
    const { ko, en } = HELP_TEXTS;
    expect(whereText(ko, catalog, { procedureId: 'g', index: 1 })).toBe('2 / 5단계 · 우리은행 앱에서 발급 · 앱');
    expect(whereText(en, catalog, { procedureId: 'g', index: 1 })).toBe('Step 2 / 5 · 우리은행 앱에서 발급 · 앱');
    expect(whereText(ko, catalog, { procedureId: 'g', index: -1 })).toBe('개요 · 우리은행 앱에서 발급 · 앱');
    expect(whereText(en, catalog, { procedureId: 'g', index: 5 })).toBe('Finished · 우리은행 앱에서 발급 · 앱');
    expect(whereText(ko, catalog, undefined)).toBe('아직 절차 안내를 보고 있지 않아요.');
    // Before the lists arrive: said so; a guide the lists do not have: its id, never a blank.
    expect(whereText(en, null, { procedureId: 'g', index: 0 })).toBe('Loading the lists…');
    expect(whereText(ko, catalog, { procedureId: 'gone', index: 0 })).toBe('gone');
  });

  test('every text exists in both languages', () => {
    expect(Object.keys(HELP_TEXTS.en).sort()).toEqual(Object.keys(HELP_TEXTS.ko).sort());
    for (const [key, value] of Object.entries(HELP_TEXTS.en))
      if (typeof value === 'string') expect([key, value]).not.toEqual([key, HELP_TEXTS.ko[key as keyof typeof HELP_TEXTS.ko]]);
  });
});
