import { BotHarness } from '../test/support/bot.js';
import { TOPIC_PHRASINGS } from '../qa/recorder/topic-phrasings.js';

/** Every topic of issue 13 is reached by at least three phrasings: spacing variants, colloquial Korean, English. */
/** Where a question lands: the first card's title. */
async function landing(text: string, locale: 'ko-KR' | 'en-US'): Promise<string | undefined> {
  const bot = await BotHarness.create({ locale });
  await bot.send(text);
  return bot.card?.title;
}

describe.each(TOPIC_PHRASINGS)('$topic', ({ title, ko, en }) => {
  test('at least three phrasings', () => {
    expect(ko.length + en.length).toBeGreaterThanOrEqual(3);
  });
  test.each(ko)('ko: %s', async (text) => {
    expect(await landing(text, 'ko-KR')).toBe(title.ko);
  });
  test.each(en)('en: %s', async (text) => {
    expect(await landing(text, 'en-US')).toBe(title.en);
  });
});
