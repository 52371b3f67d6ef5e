import { loadTexts } from '../content/texts.js';
import { choiceCardData, welcomeCardData } from './card-data.js';
import { renderCardJson } from './render.js';
import { adaptiveCardProblems } from './validate.js';
import { withUniversalActions } from '../cards/universal-actions.js';

const texts = loadTexts();

// Each template with its emptiest and its fullest data; the dialog tests validate every card they see too.
const samples = (['ko-KR', 'en-US'] as const).flatMap((locale) => [
  { name: `welcome ${locale}`, card: renderCardJson('welcome', welcomeCardData(texts, locale)) },
  { name: `choice, minimal ${locale}`, card: renderCardJson('choice', choiceCardData({ title: 'T', actions: [] })) },
  {
    name: `choice, full ${locale}`,
    card: renderCardJson(
      'choice',
      choiceCardData({
        title: 'T',
        text: 'x',
        facts: [{ title: 'a', value: 'b' }],
        items: ['i'],
        note: 'n',
        actions: [{ title: 'go', data: { action: 'nav', move: 'next' } }],
      }),
    ),
  },
  {
    name: `callback form ${locale}`,
    card: renderCardJson('callback', {
      title: texts.get('handoff.closed_hours.title', locale),
      text: texts.get('handoff.closed_hours.text', locale, { opens: '월 09:00' }),
      phoneLabel: texts.get('handoff.callback.phone', locale),
      timeLabel: texts.get('handoff.callback.time', locale),
      submit: texts.get('handoff.callback.submit', locale),
      actions: [{ title: texts.get('nav.home', locale), data: { action: 'nav', move: 'home' } }],
    }),
  },
  {
    name: `Teams card with Universal Actions and a read-aloud block ${locale}`,
    card: withUniversalActions(
      renderCardJson(
        'choice',
        choiceCardData({
          title: 'T',
          text: 'x',
          readAloud: { title: 'r', text: 'read me' },
          lead: { title: 'agent', data: { action: 'topic', intent: 'agent' } },
          actions: Array.from({ length: 7 }, (_, i) => ({ title: `b${i}`, data: { action: 'nav', move: 'next' } as const })),
        }),
      ),
    ),
  },
  ...[
    { tip: '', caution: '' },
    { tip: 't', caution: 'c' },
  ].map((extra) => ({
    name: `step ${JSON.stringify(extra)} ${locale}`,
    card: renderCardJson('step', { procedureTitle: 'P', progress: '1 / 2', stepTitle: 'S', text: 'x', ...extra, actions: [] }),
  })),
]);

test.each(samples)('$name is a valid Adaptive Card 1.5 with fallbackText and speak', ({ card }) => {
  expect(adaptiveCardProblems(card)).toEqual([]);
  expect(typeof card.fallbackText).toBe('string');
  expect(typeof card.speak).toBe('string');
  expect(JSON.stringify(card)).not.toMatch(/\$\{/); // every binding was filled
});

test('optional parts disappear when empty and show when given', () => {
  const bare = JSON.stringify(renderCardJson('step', { procedureTitle: 'P', progress: '1 / 2', stepTitle: 'S', text: 'x', tip: '', caution: '', actions: [] }));
  const full = JSON.stringify(
    renderCardJson('step', { procedureTitle: 'P', progress: '1 / 2', stepTitle: 'S', text: 'x', tip: 'TIP', caution: 'CAUTION', actions: [] }),
  );
  expect(bare).not.toMatch(/💡|⚠️/);
  expect(full).toMatch(/💡 TIP/);
  expect(full).toMatch(/⚠️ CAUTION/);
});

test('the validator really rejects unknown elements and other versions', () => {
  const bad = { type: 'AdaptiveCard', version: '1.6', body: [{ type: 'Bogus' }], actions: [{ type: 'Action.Nope', title: 'x' }] };
  expect(adaptiveCardProblems(bad)).toEqual(
    expect.arrayContaining([expect.stringMatching(/1\.6/), expect.stringMatching(/Bogus/), expect.stringMatching(/Action\.Nope/)]),
  );
});
