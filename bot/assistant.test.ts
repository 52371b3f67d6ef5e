import type { Activity } from 'botbuilder';
import { loadContent } from '../content/load.js';
import { BotHarness, cardView } from '../test/support/bot.js';

const content = loadContent();

const titles = (replies: Partial<Activity>[]) => replies.map((r) => cardView(r)?.title ?? r.text);

test('안녕하세요 gets the welcome card with the main menu', async () => {
  const bot = await BotHarness.create();
  const replies = await bot.send('안녕하세요');
  expect(titles(replies)).toEqual(['인증서 도우미']);
  expect(bot.card?.actions.map((a) => a.title)).toEqual(['발급·재발급·갱신', '다른 기관 인증서 등록·해제', '문제 해결', '인증서 파일 확인', '상담원 연결']);
});

test('a menu button opens its topic, and typing a button title does the same as clicking it', async () => {
  const bot = await BotHarness.create();
  await bot.send('안녕하세요');
  await bot.click('문제 해결');
  expect(bot.card?.title).toBe('문제 해결');
  expect(bot.card?.actions.map((a) => a.title)).toContain('인증서가 만료됐어요');
  await bot.send('인증서가 만료됐어요'); // typed, not clicked
  const tree = content.troubles.find((t) => t.id === 'trouble_expired')!;
  expect(bot.card?.title).toBe(tree.nodes[tree.start].title.ko);
});

test('English clients get English cards', async () => {
  const bot = await BotHarness.create({ locale: 'en-US' });
  expect(titles(await bot.send('hello'))).toEqual(['Certificate Helper']);
});

test('out-of-scope questions are answered briefly with what the assistant does; the second miss offers a person', async () => {
  const bot = await BotHarness.create();
  const first = await bot.send('대출 금리 얼마예요');
  expect(first).toHaveLength(1);
  expect(cardView(first[0])?.title).toBe('그건 제가 도와드리기 어려워요');
  expect(cardView(first[0])?.texts.join(' ')).toMatch(/발급·재발급·갱신/);
  expect(cardView(first[0])?.actions.map((a) => a.title)).toEqual(['처음으로']);
  const second = await bot.send('오늘 날씨 어때');
  expect(cardView(second[0])?.actions.map((a) => a.title)).toEqual(['상담원 연결', '처음으로']);
  // Understood again: the count starts over.
  await bot.click('처음으로');
  const third = await bot.send('ㅁㄴㅇㄹ 쀍');
  expect(cardView(third[0])?.actions.map((a) => a.title)).toEqual(['처음으로']);
});

test('a failing turn tells the user politely with a reference, never a stack trace', async () => {
  const bot = await BotHarness.create({
    files: () => {
      throw new Error('boom at secret place');
    },
  });
  const replies = await bot.send({ attachments: [{ name: 'a', contentType: 'x', contentUrl: 'http://x/a' }] });
  expect(replies[0].text).toMatch(/^죄송해요, 처리하는 중에 문제가 생겼어요.*문의 번호: [0-9a-f]{8}\)$/);
  expect(replies[0].text).not.toMatch(/boom|at |\.ts/);
});
