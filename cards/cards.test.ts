import { loadTexts } from '../bot/i18n.js';
import { topicCardData, welcomeCardData, MENU_TOPICS } from '../dialogs/menu.js';
import { renderCardJson } from './render.js';
import { adaptiveCardProblems } from './validate.js';

const texts = loadTexts();

const cards = (['ko-KR', 'en-US'] as const).flatMap((locale) => [
  { name: `welcome ${locale}`, card: renderCardJson('welcome', welcomeCardData(texts, locale)) },
  ...MENU_TOPICS.map((topic) => ({ name: `topic ${topic} ${locale}`, card: renderCardJson('topic', topicCardData(topic, texts, locale)) })),
]);

describe('every card', () => {
  test.each(cards)('$name is a valid Adaptive Card 1.5 with fallbackText and speak', ({ card }) => {
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(typeof card.fallbackText).toBe('string');
    expect(typeof card.speak).toBe('string');
    expect(JSON.stringify(card)).not.toMatch(/\$\{/); // every binding was filled
  });
});

test('the validator really rejects unknown elements and other versions', () => {
  const bad = { type: 'AdaptiveCard', version: '1.6', body: [{ type: 'Bogus' }], actions: [{ type: 'Action.Nope', title: 'x' }] };
  const problems = adaptiveCardProblems(bad);
  expect(problems).toEqual(
    expect.arrayContaining([expect.stringMatching(/1\.6/), expect.stringMatching(/Bogus/), expect.stringMatching(/Action\.Nope/)]),
  );
});

test('the welcome card offers the five menu topics in Korean, with data the bot routes on', () => {
  const card = renderCardJson('welcome', welcomeCardData(texts, 'ko-KR')) as { actions: { title: string; data: unknown }[] };
  expect(card.actions.map((a) => a.title)).toEqual(['발급·재발급·갱신', '다른 기관 인증서 등록·해제', '문제 해결', '인증서 파일 확인', '상담원 연결']);
  expect(card.actions[2].data).toEqual({ action: 'menu', topic: 'trouble' });
});
