import { describe, expect, test } from '@jest/globals';
import { choiceCardData } from './card-data.js';
import { renderCardJson } from './render.js';
import { cardActions, cardElements, walkCard } from './walk.js';

const CARD = {
  type: 'AdaptiveCard',
  body: [
    { type: 'TextBlock', text: 'title' },
    {
      type: 'Container',
      items: [
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', items: [{ type: 'TextBlock', text: 'left' }] },
            { type: 'Column', items: [{ type: 'TextBlock', text: 'right' }] },
          ],
        },
        {
          type: 'ActionSet',
          actions: [
            { type: 'Action.Submit', title: 'inner' },
            { type: 'Action.ShowCard', title: 'more', card: { body: [{ type: 'TextBlock', text: 'hidden' }] } },
          ],
        },
      ],
    },
    { type: 'TextBlock', text: 'after' },
  ],
  actions: [{ type: 'Action.OpenUrl', title: 'link', url: '#x' }],
};

describe('walkCard', () => {
  test('elements depth first, actions where their set stands, then the card actions', () => {
    const order = [...walkCard(CARD)].map(({ kind, node }) => `${kind}:${(node.text ?? node.title ?? node.type) as string}`);
    expect(order).toEqual([
      'element:title',
      'element:Container',
      'element:ColumnSet',
      'element:Column',
      'element:left',
      'element:Column',
      'element:right',
      'element:ActionSet',
      'action:inner',
      'action:more',
      'element:after',
      'action:link',
    ]);
  });

  test('a ShowCard is not entered; junk and missing parts are skipped, never thrown on', () => {
    expect(cardElements(CARD).map((e) => e.text)).not.toContain('hidden');
    expect([...walkCard(undefined)]).toEqual([]);
    expect([...walkCard({ body: 'nope', actions: [null, 3, { type: 'Action.Submit', title: 'ok' }] })].map((p) => p.node.title)).toEqual(['ok']);
  });

  test('a real choice card: its buttons in the order the template lays them out', () => {
    const card = renderCardJson(
      'choice',
      choiceCardData({
        title: 'T',
        lead: { title: 'lead', data: { action: 'topic', intent: 'agent' } },
        links: [{ title: 'link', url: '#local-check' }],
        actions: Array.from({ length: 6 }, (_, i) => ({ title: `b${i}`, data: { action: 'nav', move: 'next' } as const })),
      }),
    );
    expect(cardActions(card).map((a) => a.title)).toEqual(['lead', 'link', 'b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
  });
});
