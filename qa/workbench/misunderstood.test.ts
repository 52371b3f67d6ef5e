import { describe, expect, test } from '@jest/globals';
import { StorageTranscriptStore } from '../transcripts/index.js';
import { ListableMemoryStorage } from '../../storage/listable.js';
import { readFileSync } from 'node:fs';
import { bigramsOf, groupMessages, similarity, similarPairs, SIMILAR } from './misunderstood-groups.js';
import { messagesOfPeriod } from './misunderstood-source.js';
import { languageOf, messageId, misunderstoodIn, parseMessageId, stillPersonal, type MisunderstoodMessage } from './misunderstood.js';
import { logConversation, said } from './misunderstood.fixtures.js';
import { periodOf } from './period.fixtures.js';

async function stored(id: string, turns: Parameters<typeof logConversation>[2], start?: string) {
  const store = new StorageTranscriptStore(new ListableMemoryStorage());
  await logConversation(store, id, turns, start);
  return { store, activities: await store.activities(id) };
}

describe('which messages were misunderstood, and what the customer reached', () => {
  test('unsure and miss count themselves; a correction and an immediate 처음으로 point at the message before', async () => {
    const { activities } = await stored('c1', [
      said.unsure('인증서 그거 어떻게 해요'), // 1: unsure
      said.button('인증서 갱신', 'renew'), // the customer picked one of the two offered
      said.sure('다른 은행 인증서 가져오기', 'copy_cert'), // 3: corrected below
      said.correction(),
      said.sure('타행 인증서 등록', 'register_other'),
      said.miss('점심 메뉴 추천'), // 6: miss
      said.sure('인증서 만료됐어요', 'trouble_expired'), // 7: home right after
      said.home(),
    ]);
    const found = misunderstoodIn('c1', activities, '2026-11-20T00:00:00.000Z');
    expect(found.map((m) => [m.text, m.reasons, m.recognised, m.finalIntent])).toEqual([
      ['인증서 그거 어떻게 해요', ['unsure'], 'renew', 'renew'],
      ['다른 은행 인증서 가져오기', ['corrected'], 'copy_cert', 'register_other'],
      ['점심 메뉴 추천', ['miss'], 'none', 'trouble_expired'],
      ['인증서 만료됐어요', ['home'], 'trouble_expired', undefined],
    ]);
    // Neither "아니요, 다른 거요" nor "처음으로" is itself a misunderstood message.
    expect(found.map((m) => m.text)).not.toContain('처음으로');
    // Ids: conversation + index of the customer's activity in the stored transcript (3 activities a turn).
    expect(found.map((m) => m.index)).toEqual([1, 7, 16, 19]);
    expect(found[0].id).toBe(messageId('c1', 1));
    expect(found[0].at).toBe('2026-11-20T01:01:00.000Z');
  });

  test('the final intent is the first sure or button turn on a topic within three turns; cancel/none do not count', async () => {
    const { activities } = await stored('c2', [
      said.unsure('이거 왜 안돼'),
      said.home(), // cancel: not a topic (and makes the message a "home" one too)
      said.miss('흠'),
      said.button('인증서 발급', 'issue'),
      said.unsure('모르겠어요'),
      said.miss('?'),
      said.miss('??'),
      said.miss('???'),
      said.sure('인증서 발급', 'issue'), // a fourth turn later: too late for 모르겠어요
    ]);
    const found = misunderstoodIn('c2', activities, '2026-11-20T00:00:00.000Z');
    const byText = new Map(found.map((m) => [m.text, m]));
    expect(byText.get('이거 왜 안돼')?.reasons.sort()).toEqual(['home', 'unsure']);
    expect(byText.get('이거 왜 안돼')?.finalIntent).toBe('issue');
    expect(byText.get('모르겠어요')?.finalIntent).toBeUndefined();
    expect(byText.get('???')?.finalIntent).toBe('issue');
  });

  test('a button press is never a misunderstood message, nor a turn without facts', async () => {
    const { activities } = await stored('c3', [said.button('인증서 갱신', 'renew'), said.home()]);
    expect(misunderstoodIn('c3', activities, '2026-11-20T00:00:00.000Z')).toEqual([]);
    expect(misunderstoodIn('c3', [{ type: 'message', from: { id: 'u', role: 'user' }, text: '아무거나' } as never], '2026-11-20T00:00:00.000Z')).toEqual([]);
  });

  test('stored text is the redacted one; a text that still looks personal (older transcript) is left out', async () => {
    const { activities } = await stored('c4', [said.miss('제 카드번호 9410-1234-5678-9012 인데요'), said.unsure('인증서 뭐가 문제죠')]);
    const found = misunderstoodIn('c4', activities, '2026-11-20T00:00:00.000Z');
    expect(found[0].text).not.toMatch(/5678-9012/);
    expect(found[0].text).toContain('[redacted:card]');
    // A transcript written before a redaction rule existed: the raw number is still there.
    const legacy = activities.map((a, i) => (i === 0 ? { ...a, text: '제 카드번호 9410-1234-5678-9012 인데요' } : a));
    expect(stillPersonal('제 카드번호 9410-1234-5678-9012 인데요')).toBe(true);
    expect(misunderstoodIn('c4', legacy, '2026-11-20T00:00:00.000Z').map((m) => m.text)).toEqual(['인증서 뭐가 문제죠']);
  });

  test('ids round-trip, including Teams-style conversation ids; anything else is refused', () => {
    const teams = 'a:1Xy;messageid=1700000000000@thread.v2';
    expect(parseMessageId(messageId(teams, 42))).toEqual({ conversationId: teams, index: 42 });
    for (const bad of ['', 'abc', 'abc.0', 'abc.-1', 'abc.1.2', '../x.1', 'YWJj=.1', `${'a'.repeat(500)}.1`, 'YWJj.01'])
      expect(parseMessageId(bad)).toBeUndefined();
  });

  test('language by script: Hangul is ko, anything else en', () => {
    expect(languageOf('인증서 renew')).toBe('ko');
    expect(languageOf('how to renew')).toBe('en');
  });
});

describe('the period', () => {
  test('only messages sent within the period (Seoul days) are read', async () => {
    const store = new StorageTranscriptStore(new ListableMemoryStorage());
    // 23:30 UTC on the 19th is 08:30 on the 20th in Seoul.
    await logConversation(store, 'early', [{ ...said.miss('어제 것'), at: '2026-11-18T23:30:00.000Z' }]);
    await logConversation(store, 'seoul-20th', [{ ...said.miss('서울은 20일'), at: '2026-11-19T23:30:00.000Z' }]);
    await logConversation(store, 'later', [{ ...said.miss('다음 날'), at: '2026-11-21T01:00:00.000Z' }]);
    const { messages } = await messagesOfPeriod(store, periodOf('2026-11-20', '2026-11-20'));
    expect(messages.map((m) => m.text)).toEqual(['서울은 20일']);
  });
});

describe('grouping by similarity', () => {
  const message = (text: string, n: number, finalIntent?: string): MisunderstoodMessage => ({
    id: messageId('g', n),
    conversationId: 'g',
    index: n,
    text,
    language: languageOf(text),
    reasons: ['unsure'],
    at: new Date(Date.UTC(2026, 10, 20, 0, n)).toISOString(),
    ...(finalIntent ? { finalIntent } : {}),
  });

  test('spacing, particles and a typo stay together; another topic stays apart', () => {
    expect(similarity(bigramsOf('타행인증서등록'), bigramsOf('타행 인증서 등록'))).toBe(1);
    expect(similarity(bigramsOf('인증서가 안 보여요'), bigramsOf('인증서를 안보여요'))).toBeGreaterThanOrEqual(0.5);
    expect(similarity(bigramsOf('인증서가 안 보여요'), bigramsOf('대출 이자 알려줘'))).toBe(0);
    const messages = [
      message('인증서가 안 보여요', 1, 'trouble_unrecognized'),
      message('대출 이자 알려줘', 2),
      message('인증서를 안보여요', 3, 'trouble_unrecognized'),
      message('인증서가 안보여요!!', 4, 'trouble_unrecognized'),
      message('인증서 안 보여요', 5, 'agent'),
      message('How do I move my certificate', 6, 'copy_cert'),
      message('how do i move my certificate?', 7, 'copy_cert'),
    ];
    const groups = groupMessages(messages);
    expect(groups.map((g) => g.size)).toEqual([4, 2, 1]);
    expect(groups[0].items.map((m) => m.index)).toEqual([1, 3, 4, 5]);
    expect(groups[0].id).toBe(messageId('g', 1));
    expect(groups[0].finalIntents).toEqual([
      { intent: 'trouble_unrecognized', count: 3 },
      { intent: 'agent', count: 1 },
    ]);
    expect(groups[1].examples).toEqual(['How do I move my certificate', 'how do i move my certificate?']);
    expect(groups[2].finalIntents).toEqual([{ intent: 'none', count: 1 }]);
    // Single linkage over all pairs: the order messages come in changes nothing.
    expect(groupMessages([...messages].reverse())).toEqual(groups);
  });

  test('short texts compare as themselves; identical texts always group', () => {
    const groups = groupMessages([message('네', 1), message('네', 2), message('넹', 3)]);
    expect(groups.map((g) => g.size)).toEqual([2, 1]);
    expect(groups[0].examples).toEqual(['네']);
  });

  test('the prefix-filtered join finds exactly the pairs a comparison of all pairs finds', () => {
    const texts = readFileSync(new URL('../../nlu/realistic/dev.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { text: string }).text);
    // Real messages plus near-copies (a word dropped, spacing removed), so that many pairs are similar.
    const variants = texts.flatMap((text) => [text, text.replace(/\s+/g, ''), text.split(' ').slice(1).join(' ')]).slice(0, 600);
    const sets = variants.map(bigramsOf);
    for (const threshold of [SIMILAR, 0.3, 0.8]) {
      const brute: string[] = [];
      for (let i = 0; i < sets.length; i += 1)
        for (let j = i + 1; j < sets.length; j += 1) if (similarity(sets[i], sets[j]) >= threshold) brute.push(`${i}-${j}`);
      const found = similarPairs(sets, threshold).map(([i, j]) => `${i}-${j}`);
      expect(found.sort()).toEqual(brute.sort());
      expect(brute.length).toBeGreaterThan(100);
    }
  });
});
