import { renderCardJson } from './render.js';

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
