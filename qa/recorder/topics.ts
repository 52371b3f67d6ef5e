import { TOPIC_PHRASINGS } from './topic-phrasings.js';
import type { TextKey } from '../../content/texts.js';
import { pick, type RecordContext } from './context.js';
import { answerQuestions, koreanRequest, openFromText, progress } from './procedures.js';

/**
 * Issue 13: the topics customers asked about in their own words (each phrasing typed in turn, each
 * landing on the same card), and the routing that follows the user: a new question inside a guide
 * and the way back, 잘 모르겠어요 at the type question, 다음 typed on the overview, misunderstood
 * input twice (an old card's button is in dialogs/router.test.ts: a script clicks the latest button of a title), 도움말 while a question is open.
 */
export async function recordTopics(ctx: RecordContext): Promise<void> {
  for (const [n, topic] of TOPIC_PHRASINGS.entries()) {
    for (const locale of ['ko-KR', 'en-US'] as const) {
      const phrasings = locale === 'en-US' ? topic.en : topic.ko;
      if (phrasings.length === 0) continue;
      const file = `topics/${String(n + 1).padStart(2, '0')}${locale === 'en-US' ? '.en' : ''}.test.yaml`;
      await ctx.record(file, { name: `${topic.topic}${locale === 'en-US' ? ' (English)' : ''}: ${phrasings.length}가지 말로`, locale }, async (s) => {
        for (const text of phrasings) {
          await s.user(text);
          s.expectTitle(pick(locale)(topic.title));
          await s.user(locale === 'en-US' ? 'main menu' : '처음으로');
        }
      });
    }
  }

  const t = (key: TextKey) => ctx.text(key, 'ko-KR');
  const ko = pick('ko-KR');
  const procedures = ctx.resources.content.procedures;
  const deregister = procedures.find((p) => p.id === 'woori-joint-deregister-other-web')!;
  const total = deregister.steps.length;
  const flow = (file: string, name: string, play: Parameters<RecordContext['record']>[2]) =>
    ctx.record(`flows/${file}.test.yaml`, { name, locale: 'ko-KR' }, play);

  await flow('new-topic-and-back', '해제 안내 중 "금융인증서 비밀번호를 잊어버렸어요" → 비밀번호 문제로, 하던 안내로 돌아가기', async (s) => {
    await openFromText(s, deregister, 'ko-KR', koreanRequest(deregister));
    await s.click(t('nav.start'), { mark: progress(1, total) });
    await s.click(t('nav.next'), { mark: progress(2, total) });
    await s.user('금융인증서 비밀번호를 잊어버렸어요');
    await s.click(t('nav.return'), { mark: progress(2, total) });
  });

  await flow('cert-type-unsure-and-back', '우리은행 인증서 재발급 → 잘 모르겠어요 → 차이 설명과 같은 질문 → 공동인증서', async (s) => {
    const reissue = procedures.find((p) => p.id === 'woori-joint-reissue-app')!;
    await s.user('우리은행 인증서 재발급');
    s.expectTitle(t('ask.cert_type.title'));
    await s.click(t('ask.cert_type.unsure'));
    s.expectTitle('공동인증서와 금융인증서는 뭐가 달라요?');
    await s.click('공동인증서');
    await answerQuestions(s, reissue);
    s.expectTitle(ko(reissue.title));
  });

  await flow('typed-next-on-overview', '개요 카드에서 "다음"을 입력 → 첫 단계', async (s) => {
    const copy = procedures.find((p) => p.id === 'other-joint-copy-pc-to-phone')!;
    await s.user('PC 인증서 폰으로 옮기는 법');
    s.expectTitle(ko(copy.title));
    await s.user('다음', { mark: progress(1, copy.steps.length) });
  });

  await flow('off-topic-twice', '질문 중에 엉뚱한 말 두 번 → 한 번 설명, 두 번째엔 상담원 제안', async (s) => {
    await s.user('인증서 재발급하고 싶어요');
    s.expectTitle(t('ask.cert_type.title'));
    await s.user('오늘 날씨 어때');
    s.expectTitle(t('ask.cert_type.title'));
    await s.user('ㅋㅋㅋ');
    s.expectTitle(t('ask.cert_type.title'));
    await s.click(t('topic.agent'));
  });

  await flow('help-at-question', '질문이 열려 있을 때 도움말 → 사용법과 같은 질문', async (s) => {
    await s.user('인증서 재발급하고 싶어요');
    await s.user('도움말');
    s.expectTitle(t('ask.cert_type.title'));
  });

  await flow('out-of-scope-twice', '인증서와 관계없는 말 두 번 → 짧은 안내, 두 번째엔 상담원', async (s) => {
    await s.user('오늘 날씨 어때');
    s.expectTitle(t('none.title'));
    await s.user('대출 금리 얼마예요');
    s.expectTitle(t('none.title'));
  });
}
