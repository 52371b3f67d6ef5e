import type { Locale } from '../../content/texts.js';
import type { Faq } from '../../content/schema.js';
import { pick, type RecordContext } from './context.js';
import type { Session } from './session.js';

/** The answer's first words (without a list marker): identifies the answer without pinning all of it. */
const answerOpening = (faq: Faq, locale: Locale) =>
  pick(locale)(faq.answer)
    .replace(/^[-*]\s+/, '')
    .split('\n')[0]
    .slice(0, 30)
    .trim();

/** A general question about certificates: the bot answers one FAQ or lists them. */
const GENERAL = { 'ko-KR': '공동인증서가 뭐예요', 'en-US': 'I have a question about certificates' } as const;

/** The FAQ list: asked in general, and when an answer came instead, 다른 질문 보기 leads to the list. */
async function openList(ctx: RecordContext, session: Session, locale: Locale): Promise<void> {
  await session.user(GENERAL[locale]);
  const listed = session.last.some((reply) => reply.cards.some((card) => card.title === ctx.text('faq.title', locale)));
  if (!listed) await session.click(ctx.text('faq.more', locale));
  session.expectTitle(ctx.text('faq.title', locale));
}

async function askedInWords(ctx: RecordContext, faq: Faq, locale: Locale): Promise<boolean> {
  const question = pick(locale)(faq.question);
  const path = `faq/${faq.id}${locale === 'en-US' ? '.en' : ''}.test.yaml`;
  try {
    await ctx.record(path, { name: `${question} (typed)`, locale, comment: [`FAQ ${faq.id}: the question typed as it is written.`] }, async (session) => {
      await session.user(question, { mark: answerOpening(faq, locale) });
      session.expectTitle(question);
    });
    return true;
  } catch {
    return false; // The recogniser sends this wording elsewhere: the list path records it instead.
  }
}

export async function recordFaq(ctx: RecordContext): Promise<void> {
  const faqs = ctx.resources.content.faq;
  const byList: string[] = [];
  for (const locale of ['ko-KR', 'en-US'] as const) {
    for (const faq of faqs) {
      if (await askedInWords(ctx, faq, locale)) continue;
      byList.push(`${faq.id} (${locale})`);
      const question = pick(locale)(faq.question);
      await ctx.record(
        `faq/${faq.id}${locale === 'en-US' ? '.en' : ''}.test.yaml`,
        {
          name: `${question} (from the list)`,
          locale,
          comment: [`FAQ ${faq.id}: typed, this wording starts another topic, so it is chosen from the FAQ list.`],
        },
        async (session) => {
          await openList(ctx, session, locale);
          await session.click(question, { mark: answerOpening(faq, locale) });
          session.expectTitle(question);
        },
      );
    }
    // The list itself: every question answered in turn, coming back with 다른 질문 보기.
    await ctx.record(
      `faq/list${locale === 'en-US' ? '.en' : ''}.test.yaml`,
      {
        name: locale === 'en-US' ? 'Every FAQ from the list, back with "Other questions"' : '궁금한 점 목록에서 모든 질문을 차례로, 다른 질문 보기로 돌아가며',
        locale,
      },
      async (session) => {
        await openList(ctx, session, locale);
        for (const faq of faqs) {
          await session.click(pick(locale)(faq.question));
          session.expectTitle(pick(locale)(faq.question));
          await session.click(ctx.text('faq.more', locale));
          session.expectTitle(ctx.text('faq.title', locale));
        }
      },
    );
  }
  if (byList.length > 0) console.log(`FAQ recorded from the list (typed wording goes elsewhere): ${byList.join(', ')}`);
}
