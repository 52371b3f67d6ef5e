import { describe, expect, test } from '@jest/globals';
import { parseYamlScript } from '../replay/parse-yaml.js';
import { renderScript } from './script-yaml.js';

// What the recorder writes must read back, through the replayer's own parser, as exactly what was recorded.
describe('renderScript', () => {
  const tricky = [
    'Issue, reissue, renew',
    "It's not working",
    '소유자: 홍*동',
    '/not a regex/',
    '- dash',
    '1 / 5',
    'true',
    '#hash',
    '[brackets]',
    '"quoted"',
    'You can see it here:',
  ];

  test('titles, texts and clicks with YAML-special characters read back unchanged', () => {
    const yaml = renderScript({
      name: 'a: tricky name',
      locale: 'en-US',
      now: '2025-06-15T12:00:00+09:00',
      steps: [
        { user: tricky[3] },
        ...tricky.map((title) => ({ click: title })),
        { bot: { says: tricky[2], card: { title: tricky[4], text: tricky[5], actions: tricky } } },
        { bot: { card: { title: 'x', text: /홍\*동 'quoted'/, actions: [] } } },
        { bot: { text: tricky[6] } },
        { bot: { none: true } },
        { event: { name: 'certcheck/report', value: { ok: false, owner: '홍*동', problems: [{ code: 'WRONG_PASSWORD' }] } } },
      ],
    });
    const script = parseYamlScript(yaml, 'x.test.yaml');
    expect(script.name).toBe('a: tricky name');
    expect(script.locale).toBe('en-US');
    expect(script.now.toISOString()).toBe('2025-06-15T03:00:00.000Z');
    const [user, ...rest] = script.steps;
    expect(user).toMatchObject({ kind: 'user', text: '/not a regex/' });
    const clicks = rest.slice(0, tricky.length);
    // A click's title is a matcher: plain text stays text unless it is written as a /regex/.
    expect(
      clicks.map((step) =>
        step.kind === 'click' && step.title.kind === 'text'
          ? step.title.text
          : String(step.kind === 'click' && step.title.kind === 'regex' && step.title.regex),
      ),
    ).toEqual([...tricky.slice(0, 3), '/not a regex/', ...tricky.slice(4)]);
    const [card, regexCard, text, none, event] = rest.slice(tricky.length);
    if (card.kind !== 'bot' || regexCard.kind !== 'bot' || text.kind !== 'bot' || none.kind !== 'bot' || event.kind !== 'event')
      throw new Error('unexpected steps');
    expect(card.assertion.says?.matcher).toEqual({ kind: 'text', text: '소유자: 홍*동' });
    expect(card.assertion.card?.title?.matcher).toEqual({ kind: 'text', text: '- dash' });
    expect(card.assertion.card?.text?.matcher).toEqual({ kind: 'text', text: '1 / 5' });
    expect(card.assertion.card?.actions?.items.map((item) => item.matcher.kind === 'text' && item.matcher.text).slice(0, 3)).toEqual(tricky.slice(0, 3));
    expect(regexCard.assertion.card?.text?.matcher).toEqual({ kind: 'regex', regex: /홍\*동 'quoted'/ });
    expect(text.assertion.text?.matcher).toEqual({ kind: 'text', text: 'true' });
    expect(none.assertion.none).toBe(true);
    expect(event.value).toEqual({ ok: false, owner: '홍*동', problems: [{ code: 'WRONG_PASSWORD' }] });
  });
});
