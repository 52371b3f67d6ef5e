import type { Locale } from '../../content/texts.js';
import type { Procedure } from '../../content/schema.js';
import { pick, type RecordContext } from './context.js';
import type { Session } from './session.js';

const INSTITUTION_WORDS = { epost: '우체국', woori: '우리은행', other: '국민은행' } as const;
const CHANNEL_WORDS = { app: '앱에서', internet_banking: 'PC 인터넷뱅킹에서', branch: '영업점에서' } as const;
const CERT_WORDS = { joint: '공동인증서', financial: '금융인증서' } as const;

/** How a person would ask for this procedure in one sentence (institution, channel and type included). */
export function koreanRequest(procedure: Procedure): string {
  const where = `${INSTITUTION_WORDS[procedure.institution]} ${CHANNEL_WORDS[procedure.channel]}`;
  const cert = CERT_WORDS[procedure.certType];
  switch (procedure.kind) {
    case 'issue':
      return `${where} ${cert} 발급받고 싶어요`;
    case 'reissue':
      return `${where} ${cert} 재발급받고 싶어요`;
    case 'renew':
      return `${where} ${cert} 갱신하고 싶어요`;
    case 'register_other':
      return `다른 은행에서 받은 ${cert}를 ${where} 등록하고 싶어요`;
    case 'deregister_other':
      return `${where} 등록한 타기관 ${cert} 등록 해제하고 싶어요`;
    case 'copy_cert':
      return procedure.channel === 'internet_banking' ? `${cert}를 PC에서 휴대폰으로 옮기고 싶어요` : `${cert}를 휴대폰에서 PC로 복사하고 싶어요`;
  }
}

/** Which menu group offers a kind (see dialogs/menu.ts). */
const MENU_GROUP: Record<Procedure['kind'], 'issue' | 'register'> = {
  issue: 'issue',
  reissue: 'issue',
  renew: 'issue',
  copy_cert: 'issue',
  register_other: 'register',
  deregister_other: 'register',
};

/** Answers each question the bot asks (type, institution, channel) with this procedure's value, by clicking. */
export async function answerQuestions(session: Session, procedure: Procedure): Promise<void> {
  for (let asked = 0; asked < 4; asked++) {
    const choose = session.lastButtonData().find((b) => b.data.action === 'choose');
    if (!choose) return;
    const field = String(choose.data.field) as 'certType' | 'institution' | 'channel';
    await session.clickData((data) => data.action === 'choose' && data.field === field && data.value === procedure[field]);
  }
}

/** Opens the procedure from the welcome menu: menu group → topic → questions → overview. */
export async function openFromMenu(ctx: RecordContext, session: Session, procedure: Procedure, locale: Locale): Promise<void> {
  await session.user(locale === 'en-US' ? 'hello' : '안녕하세요');
  await session.click(ctx.text(`menu.${MENU_GROUP[procedure.kind]}`, locale));
  await session.click(ctx.text(`kind.${procedure.kind}`, locale));
  await answerQuestions(session, procedure);
  session.expectTitle(pick(locale)(procedure.title));
}

export async function openFromText(session: Session, procedure: Procedure, locale: Locale, text: string): Promise<void> {
  await session.user(text);
  await answerQuestions(session, procedure);
  session.expectTitle(pick(locale)(procedure.title));
}

export const progress = (current: number, total: number) => `${current} / ${total}`;

/** From the overview: 시작하기, every step with 다음 (완료 on the last), up to the closing card. */
export async function walkSteps(ctx: RecordContext, session: Session, procedure: Procedure, locale: Locale): Promise<void> {
  const text = pick(locale);
  const total = procedure.steps.length;
  // A step card's heading is the step's title; the progress line says it is the right step of the right walk.
  await session.click(ctx.text('nav.start', locale), { mark: progress(1, total) });
  for (let index = 0; index < total; index++) {
    const last = index === total - 1;
    const next = last ? { mark: text(procedure.success) } : { mark: progress(index + 2, total) };
    await session.click(ctx.text(last ? 'nav.finish' : 'nav.next', locale), next);
  }
  session.expectTitle(ctx.text('done.title', locale));
}

export async function recordProcedures(ctx: RecordContext): Promise<void> {
  const procedures = ctx.resources.content.procedures;
  for (const procedure of procedures) {
    const ko = pick('ko-KR');
    const request = koreanRequest(procedure);
    await ctx.record(
      `procedures/${procedure.id}.test.yaml`,
      {
        name: `${ko(procedure.title)} — 질문부터 마지막 카드와 👍까지`,
        locale: 'ko-KR',
        comment: [`procedure ${procedure.id}: asked in one sentence, every step with 다음, 완료, 👍.`],
      },
      async (session) => {
        await openFromText(session, procedure, 'ko-KR', request);
        await walkSteps(ctx, session, procedure, 'ko-KR');
        await session.click(ctx.text('feedback.yes', 'ko-KR'));
        session.expectTitle(ctx.text('feedback.thanks', 'ko-KR'));
      },
    );
  }
  // English: every seed procedure (Korea Post, Woori) from the menu; the feedback alternates 👍/👎.
  const seeds = procedures.filter((p) => p.institution !== 'other');
  for (const [i, procedure] of seeds.entries()) {
    const en = pick('en-US');
    const helpful = i % 2 === 0;
    await ctx.record(
      `procedures/${procedure.id}.en.test.yaml`,
      {
        name: `${en(procedure.title)} — from the menu to the last card and ${helpful ? '👍' : '👎'}`,
        locale: 'en-US',
        comment: [`procedure ${procedure.id} in English: menu, questions, every step, feedback.`],
      },
      async (session) => {
        await openFromMenu(ctx, session, procedure, 'en-US');
        await walkSteps(ctx, session, procedure, 'en-US');
        await session.click(ctx.text(helpful ? 'feedback.yes' : 'feedback.no', 'en-US'));
        session.expectTitle(ctx.text(helpful ? 'feedback.thanks' : 'feedback.sorry', 'en-US'));
      },
    );
  }
}
