import { renderCardJson, renderCardMessage } from './render.js';
import { cardMessage } from './quick-replies.js';
import { choiceCardData } from './card-data.js';
import type { CardAction } from './actions.js';

// Expanded cards are remembered (cards/render.ts): every caller must still get its own card.
describe('renderCardJson remembers expansions without sharing them', () => {
  const data = { procedureTitle: '인증서 확인', progress: '1/3', stepTitle: '파일 찾기', text: '파일을 올려 주세요', actions: [] };

  it('gives equal cards for equal data, and a change to one card never shows in the next', () => {
    const first = renderCardJson('step', data);
    const pristine = structuredClone(first);
    (first.body as unknown[]).push({ type: 'TextBlock', text: 'added by a caller' });
    first.version = 'changed';
    const second = renderCardJson('step', data);
    expect(second).toEqual(pristine);
    expect(second).not.toBe(first);
  });

  it('renders different data differently', () => {
    const other = renderCardJson('step', { ...data, stepTitle: 'Check your certificate' });
    expect(JSON.stringify(other)).toContain('Check your certificate');
    expect(JSON.stringify(renderCardJson('step', data))).not.toContain('Check your certificate');
  });
});

describe('renderCardMessage remembers the card split into card and chips', () => {
  const data: { title: string; actions: CardAction[] } = {
    title: '무엇을 도와드릴까요?',
    actions: [
      { title: '인증서 갱신', data: { action: 'topic', intent: 'renew' } },
      { title: '처음으로', data: { action: 'nav', move: 'home' } },
    ],
  };

  it('is exactly cardMessage(renderCardJson(…)) on every channel, and a change to one message never shows in the next', () => {
    const cards = ['choice', 'welcome'] as const;
    for (const name of cards) {
      for (const channel of ['directline', 'emulator', 'webchat', undefined, 'msteams']) {
        const card = name === 'choice' ? choiceCardData(data) : { actions: data.actions };
        const first = renderCardMessage(name, card, channel);
        expect(first).toEqual(cardMessage(renderCardJson(name, card), channel));
        const pristine = structuredClone(first);
        first.suggestedActions?.actions.push({ type: 'imBack', title: 'added by a caller', value: 'x' });
        (first.attachments![0].content as { body: unknown[] }).body.push({ type: 'TextBlock', text: 'added' });
        expect(renderCardMessage(name, card, channel)).toEqual(pristine);
      }
    }
  });
});
