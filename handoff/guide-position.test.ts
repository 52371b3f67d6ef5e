import { guidePositionOf } from './guide-position.js';

const at = (index: number) => ({ action: 'nav', move: 'next', at: { procedureId: 'woori-joint-issue-app', index } });

describe('where a guide card stands, from its buttons', () => {
  test('Web Chat chips (suggested actions) and Teams card buttons', () => {
    expect(
      guidePositionOf({
        type: 'message',
        from: { id: 'bot', role: 'bot' } as never,
        suggestedActions: { to: [], actions: [{ type: 'messageBack', title: '다음', value: at(2) }] },
      }),
    ).toEqual({ procedureId: 'woori-joint-issue-app', index: 2 });
    const card = {
      type: 'AdaptiveCard',
      body: [],
      actions: [
        { type: 'Action.Submit', title: '처음으로', data: { action: 'nav', move: 'home' } },
        { type: 'Action.Submit', title: '시작하기', data: at(-1) },
      ],
    };
    expect(
      guidePositionOf({
        type: 'message',
        from: { id: 'bot' } as never,
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
      }),
    ).toEqual({
      procedureId: 'woori-joint-issue-app',
      index: -1,
    });
  });

  test('none for the customer’s own click, cards without guide buttons, other activities and garbage', () => {
    expect(
      guidePositionOf({
        type: 'message',
        from: { id: 'u', role: 'user' } as never,
        value: at(1),
        suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'x', value: at(1) }] },
      }),
    ).toBeUndefined();
    expect(guidePositionOf({ type: 'message', from: { id: 'bot' } as never, text: '안녕하세요' })).toBeUndefined();
    expect(
      guidePositionOf({
        type: 'typing',
        from: { id: 'bot' } as never,
        suggestedActions: { to: [], actions: [{ type: 'messageBack', title: '다음', value: at(1) }] },
      }),
    ).toBeUndefined();
    const bad = [
      { action: 'nav', at: { procedureId: 5, index: 1 } },
      { action: 'nav', at: { procedureId: 'x', index: 1.5 } },
      { action: 'faq', id: 'x', at: { procedureId: 'x', index: 1 } },
      null,
      'nav',
    ];
    for (const value of bad)
      expect(
        guidePositionOf({ type: 'message', from: { id: 'bot' } as never, suggestedActions: { to: [], actions: [{ type: 'messageBack', title: 'x', value }] } }),
      ).toBeUndefined();
    // A deeply nested card is walked only so far, never to a stack overflow.
    let deep: unknown = { type: 'Action.Submit', data: at(0) };
    for (let i = 0; i < 10_000; i++) deep = { items: [deep] };
    expect(guidePositionOf({ type: 'message', from: { id: 'bot' } as never, attachments: [{ contentType: 'x', content: deep }] })).toBeUndefined();
  });
});
