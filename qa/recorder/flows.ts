import type { Procedure } from '../../content/schema.js';
import type { TextKey } from '../../content/texts.js';
import { pick, type RecordContext } from './context.js';
import { answerQuestions, koreanRequest, openFromMenu, openFromText, progress } from './procedures.js';
import type { Session } from './session.js';

/**
 * Conversations that leave the straight walk: back and next, 잘 안 돼요 and back to the step,
 * another institution, interruptions (도움말, 상담원, 처음으로, a new question), typed answers,
 * 👎 feedback, and ways out of troubleshooting into a procedure.
 */
export async function recordFlows(ctx: RecordContext): Promise<void> {
  const procedures = ctx.resources.content.procedures;
  const byId = (id: string): Procedure => {
    const found = procedures.find((p) => p.id === id);
    if (!found) throw new Error(`no procedure ${id}`);
    return found;
  };
  const ko = pick('ko-KR');
  const t = (key: TextKey) => ctx.text(key, 'ko-KR');
  const woori = byId('woori-joint-issue-app');
  const epostReissue = byId('epost-joint-reissue-web');
  const total = (p: Procedure) => p.steps.length;
  const steps = async (session: Session, p: Procedure, count: number) => {
    await session.click(t('nav.start'), { mark: progress(1, total(p)) });
    for (let i = 2; i <= count; i++) await session.click(t('nav.next'), { mark: progress(i, total(p)) });
  };
  const flow = (file: string, name: string, play: (session: Session) => Promise<void>, comment?: string) =>
    ctx.record(`flows/${file}.test.yaml`, { name, locale: 'ko-KR', ...(comment ? { comment: [comment] } : {}) }, play);

  await flow('back-and-next', '단계 안내에서 이전·다음, 마지막 카드에서 이전', async (s) => {
    await openFromText(s, woori, 'ko-KR', koreanRequest(woori));
    await steps(s, woori, 3);
    await s.click(t('nav.prev'), { mark: progress(2, total(woori)) });
    await s.click(t('nav.prev'), { mark: progress(1, total(woori)) });
    // The first step has no 이전 button (a click would be the second step's, acting from there): typed, it goes back to the overview.
    await s.user(t('nav.prev'));
    s.expectTitle(ko(woori.title));
    await steps(s, woori, total(woori));
    await s.click(t('nav.finish'));
    s.expectTitle(t('done.title'));
    await s.click(t('nav.prev'), { mark: progress(total(woori), total(woori)) });
  });

  // Step 4 of the Woori issue names trouble_password: 잘 안 돼요 opens that tree, with the way back.
  await flow('trouble-and-resume', '단계에서 잘 안 돼요 → 비밀번호 문제 해결 → 하던 단계로 돌아가기', async (s) => {
    await openFromText(s, woori, 'ko-KR', koreanRequest(woori));
    await steps(s, woori, 4);
    await s.click(t('nav.trouble'));
    s.expectTitle('어떤 상황인가요?'); // the type is known (joint): the tree skips its first question
    await s.click('비밀번호를 잊었어요');
    await s.click(t('nav.resume'), { mark: progress(4, total(woori)) });
    await s.click(t('nav.next'), { mark: progress(5, total(woori)) });
  });

  await flow('trouble-from-first-step', '첫 단계에서 잘 안 돼요 → 절차의 첫 번째 문제 해결 → 돌아가기', async (s) => {
    await openFromText(s, epostReissue, 'ko-KR', koreanRequest(epostReissue));
    await steps(s, epostReissue, 1);
    await s.click(t('nav.trouble'));
    await s.click(t('nav.resume'), { mark: progress(1, total(epostReissue)) });
  });

  await flow('change-institution', '개요에서 기관 바꾸기 → 우체국에서 우리은행으로', async (s) => {
    const epostIssue = byId('epost-joint-issue-web');
    await openFromText(s, epostIssue, 'ko-KR', koreanRequest(epostIssue));
    await s.click(t('nav.change_institution'));
    s.expectTitle(t('ask.institution.title'));
    await s.click(t('institution.woori'));
    s.expectTitle(ko(woori.title));
  });

  await flow('institution-mentioned-midway', '단계 중에 "우리은행은요?" → 우리은행 절차로', async (s) => {
    const epostIssue = byId('epost-joint-issue-web');
    await openFromText(s, epostIssue, 'ko-KR', koreanRequest(epostIssue));
    await steps(s, epostIssue, 2);
    await s.user('우리은행은요?');
    s.expectTitle(ko(woori.title));
  });

  await flow('typed-answers', '질문에 말로 답하기: 금융인증서 → 우체국이요 → 앱으로, 단계는 "다음"·"이전"을 입력', async (s) => {
    const financialIssue = byId('epost-financial-issue-app');
    await s.user('인증서 발급받고 싶어요');
    s.expectTitle(t('ask.cert_type.title'));
    await s.user('금융인증서요');
    s.expectTitle(t('ask.institution.title'));
    await s.user('우체국이요');
    await answerQuestions(s, financialIssue);
    s.expectTitle(ko(financialIssue.title));
    await s.click(t('nav.start'));
    await s.user('다음', { mark: progress(2, total(financialIssue)) });
    await s.user('이전', { mark: progress(1, total(financialIssue)) });
  });

  await flow('help-midway', '단계 중에 도움말 → 사용법을 알려 주고 같은 단계를 다시', async (s) => {
    await openFromText(s, woori, 'ko-KR', koreanRequest(woori));
    await steps(s, woori, 2);
    await s.user('도움말', { mark: progress(2, total(woori)) });
    await s.click(t('nav.next'), { mark: progress(3, total(woori)) });
  });

  await flow('agent-midway', '단계 중에 상담원 → 상담원 연결 안내', async (s) => {
    await openFromText(s, woori, 'ko-KR', koreanRequest(woori));
    await steps(s, woori, 2);
    await s.user('상담원 연결해 주세요');
    s.expectTitle(t('handoff.queued.title'));
    await s.click(t('nav.home'));
    s.expectTitle(t('welcome.title'));
  });

  await flow('home-midway', '단계 중에 "처음으로"를 입력 → 메뉴, 안내는 끝', async (s) => {
    await openFromText(s, woori, 'ko-KR', koreanRequest(woori));
    await steps(s, woori, 3);
    await s.user('처음으로');
    s.expectTitle(t('welcome.title'));
    await s.user('다음');
  });

  await flow('new-question-midway', '단계 중에 새 질문(인증서 만료) → 만료 문제 해결로', async (s) => {
    await openFromText(s, woori, 'ko-KR', koreanRequest(woori));
    await steps(s, woori, 2);
    await s.user('인증서가 만료됐대요');
    s.expectTitle('인증서 만료일이 어떻게 나와요?');
  });

  await flow('feedback-not-helpful', '마지막 카드에서 👎 → 상담원 연결 제안 → 상담원 안내', async (s) => {
    const renew = byId('epost-financial-renew-app');
    await openFromText(s, renew, 'ko-KR', koreanRequest(renew));
    await steps(s, renew, total(renew));
    await s.click(t('nav.finish'));
    await s.click(t('feedback.no'));
    s.expectTitle(t('feedback.sorry'));
    await s.click(t('topic.agent'));
    s.expectTitle(t('handoff.queued.title'));
  });

  await flow('cert-type-unsure', '어떤 인증서인지 모를 때 → 잘 모르겠어요 → 차이 설명', async (s) => {
    await s.user('인증서 재발급하고 싶어요');
    s.expectTitle(t('ask.cert_type.title'));
    await s.click(t('ask.cert_type.unsure'));
    s.expectTitle('공동인증서와 금융인증서는 뭐가 달라요?');
  });

  await flow('trouble-exit-to-procedure', '비밀번호를 잊음 → 재발급 버튼 → 공동인증서 재발급 안내(종류는 다시 묻지 않음)', async (s) => {
    await s.user('인증서 비밀번호가 틀렸다고 나와요');
    await s.click('공동인증서');
    await s.click('비밀번호를 잊었어요');
    await s.click(t('kind.reissue'));
    s.expectTitle(t('ask.institution.title'));
    await s.click(t('institution.epost'));
    await answerQuestions(s, epostReissue);
    s.expectTitle(ko(epostReissue.title));
  });

  await flow('check-file-typed', '"인증서 파일 확인하고 싶어요" → 파일을 올리는 방법', async (s) => {
    await s.user('인증서 파일이 괜찮은지 확인하고 싶어요');
    s.expectTitle(t('check.upload.title'));
  });

  await flow('menu-agent', '메뉴 → 상담원 연결', async (s) => {
    await s.user('안녕하세요');
    await s.click(t('menu.agent'));
    s.expectTitle(t('handoff.queued.title'));
  });

  for (const id of ['other-joint-copy-phone-to-pc', 'woori-joint-deregister-other-web', 'other-financial-register-other']) {
    const p = byId(id);
    await flow(`menu-${id}`, `메뉴에서 ${ko(p.title)}까지`, async (s) => {
      await openFromMenu(ctx, s, p, 'ko-KR');
    });
  }

  await flow('financial-copy-question', '"금융인증서도 PC에서 휴대폰으로 복사해야 해요?"', async (s) => {
    await s.user('금융인증서도 PC에서 휴대폰으로 복사해야 해요?');
  });

  // English: the same interruptions once.
  const enWoori = pick('en-US')(woori.title);
  await ctx.record(
    'flows/interruptions.en.test.yaml',
    { name: 'Help, back, agent and menu in the middle of a guide (English)', locale: 'en-US' },
    async (s) => {
      const e = (key: TextKey) => ctx.text(key, 'en-US');
      await s.user('I want to get a joint certificate in the Woori Bank app');
      await answerQuestions(s, woori);
      s.expectTitle(enWoori);
      await s.click(e('nav.start'), { mark: progress(1, total(woori)) });
      await s.click(e('nav.next'), { mark: progress(2, total(woori)) });
      await s.user('help', { mark: progress(2, total(woori)) });
      await s.click(e('nav.prev'), { mark: progress(1, total(woori)) });
      await s.click(e('nav.trouble'));
      await s.click(e('nav.resume'), { mark: progress(1, total(woori)) });
      await s.user('I want to talk to an agent');
      s.expectTitle(e('handoff.queued.title'));
      await s.click(e('nav.home'));
      s.expectTitle(e('welcome.title'));
    },
  );
}
