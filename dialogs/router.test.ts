import { loadContent } from '../content/load.js';
import { BotHarness } from '../test/support/bot.js';

const content = loadContent();
const find = (q: { kind: string; institution: string; certType: string; channel?: string }) =>
  content.procedures.find((p) => p.kind === q.kind && p.institution === q.institution && p.certType === q.certType && (!q.channel || p.channel === q.channel))!;

/** The title of one node of a troubleshooting tree, as the content writes it. */
const nodeTitle = (trouble: string, node: string) => content.troubles.find((t) => t.id === trouble)!.nodes[node].title.ko;

/** Clicks the choice buttons that match `wanted` until no question is left. */
async function answerQuestions(bot: BotHarness, wanted: Record<string, string>): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const button = bot.card?.actions.find((a) => {
      const data = a.data as { action?: string; field?: string; value?: string };
      return data.action === 'choose' && wanted[data.field ?? ''] === data.value;
    });
    if (!button) return;
    await bot.send({ value: button.data });
  }
}

describe('free text reaches the seed procedures', () => {
  test.each([
    ['타행 인증서 우체국에 등록하려면?', { kind: 'register_other', institution: 'epost', certType: 'joint' }],
    ['우체국 인터넷뱅킹에서 공동인증서 발급받고 싶어요', { kind: 'issue', institution: 'epost', certType: 'joint', channel: 'internet_banking' }],
    ['우리은행 앱에서 인증서 재발급', { kind: 'reissue', institution: 'woori', certType: 'joint', channel: 'app' }],
    ['우체국 금융인증서 갱신은 언제부터 돼요', { kind: 'renew', institution: 'epost', certType: 'financial' }],
    ['우리은행 인터넷뱅킹 타기관 인증서 해제하고 싶어요', { kind: 'deregister_other', institution: 'woori', certType: 'joint', channel: 'internet_banking' }],
    ['PC 인증서 폰으로 옮기는 법', { kind: 'copy_cert', institution: 'other', certType: 'joint' }],
  ] as [string, { kind: string; institution: string; certType: string; channel?: string }][])('%s', async (text, wanted) => {
    const bot = await BotHarness.create();
    await bot.send(text);
    await answerQuestions(bot, { certType: wanted.certType, institution: wanted.institution, channel: wanted.channel ?? '' });
    const candidates = content.procedures.filter(
      (p) =>
        p.kind === wanted.kind && p.institution === wanted.institution && p.certType === wanted.certType && (!wanted.channel || p.channel === wanted.channel),
    );
    expect(candidates.map((p) => p.title.ko)).toContain(bot.card?.title);
  });

  test.each([
    ['문제 해결', '어떤 문제가 있나요?'],
    ['발급·재발급·갱신', '어떤 걸 도와드릴까요?'],
  ])('the menu title %s typed as a command (Teams command list) opens that menu', async (command, prompt) => {
    const bot = await BotHarness.create();
    await bot.send(command);
    expect(bot.card?.texts).toContain(prompt);
  });

  test('copying without a device asks for the direction, named by the two procedures', async () => {
    const bot = await BotHarness.create();
    await bot.send('인증서 복사하고 싶어요');
    await answerQuestions(bot, { certType: 'joint', institution: 'other' });
    expect(bot.card?.title).toBe('어느 쪽으로 옮기시나요?');
    const copies = content.procedures.filter((p) => p.kind === 'copy_cert').map((p) => p.title.ko);
    expect(
      bot.card?.actions
        .slice(0, 2)
        .map((a) => a.title)
        .sort(),
    ).toEqual([...copies].sort());
  });

  test('English: how do I renew my certificate', async () => {
    const bot = await BotHarness.create({ locale: 'en-US' });
    await bot.send('how do I renew my certificate');
    expect(bot.card?.title).toMatch(/Which certificate is it\?|Which bank or institution/);
  });
});

describe('inside a procedure', () => {
  const procedure = find({ kind: 'reissue', institution: 'epost', certType: 'joint', channel: 'internet_banking' });

  async function atStep(bot: BotHarness, step: number) {
    await bot.send({ value: { action: 'topic', intent: 'reissue' } });
    await answerQuestions(bot, { certType: 'joint', institution: 'epost', channel: 'internet_banking' });
    await bot.click('시작하기');
    for (let i = 0; i < step; i++) await bot.click('다음');
    expect(bot.card?.texts).toContain(procedure.steps[step].title.ko);
  }

  test('이전 goes back a step; typing 다음 works like the button', async () => {
    const bot = await BotHarness.create();
    await atStep(bot, 1);
    await bot.click('이전');
    expect(bot.card?.texts).toContain(procedure.steps[0].title.ko);
    await bot.send('다음');
    expect(bot.card?.texts).toContain(procedure.steps[1].title.ko);
  });

  test('잘 안 돼요 opens the matching troubleshooting and comes back to the same step', async () => {
    const bot = await BotHarness.create();
    await atStep(bot, 1);
    await bot.click('잘 안 돼요');
    // Step 2 of this guide names the expiry trouble, whose first card asks whether it has expired.
    expect(procedure.steps[1].trouble).toBe('trouble_expired');
    expect(bot.card?.title).toBe(nodeTitle('trouble_expired', 'expiry_status'));
    await bot.click('하던 단계로 돌아가기');
    expect(bot.card?.texts).toContain(procedure.steps[1].title.ko);
  });

  test('interruptions: 도움말 explains and resumes; 상담원 answers; 처음으로 goes to the menu', async () => {
    const bot = await BotHarness.create();
    await atStep(bot, 1);
    const help = await bot.send('도움말');
    expect(help[0].text).toMatch(/이렇게 이용하세요/);
    expect(bot.card?.texts).toContain(procedure.steps[1].title.ko);
    await bot.send('상담원 연결해 주세요');
    expect(bot.card?.title).toBe('상담원 연결');
    await atStep(bot, 0);
    await bot.send('처음으로');
    expect(bot.card?.title).toBe('인증서 도우미');
  });

  test('a new question that clearly starts another topic leaves the procedure', async () => {
    const bot = await BotHarness.create();
    await atStep(bot, 1);
    await bot.send('인증서 비밀번호를 잊어버렸어요');
    // The type is known (공동인증서): the tree's question that only asks for it is skipped.
    expect(bot.card?.title).toBe(nodeTitle('trouble_password', 'joint_situation'));
  });

  test('the institution can be changed with a button or by naming another bank, and is remembered', async () => {
    const bot = await BotHarness.create();
    await atStep(bot, 0);
    await bot.send('우리은행은요?');
    expect(bot.card?.title).not.toBe(procedure.title.ko);
    await answerQuestions(bot, { channel: 'app' });
    expect(content.procedures.filter((p) => p.institution === 'woori' && p.kind === 'reissue').map((p) => p.title.ko)).toContain(bot.card?.title);
    await bot.click('기관 바꾸기');
    expect(bot.card?.title).toBe('어느 은행·기관에서 하시나요?');
    await answerQuestions(bot, { institution: 'epost', channel: 'internet_banking' });
    expect(bot.card?.title).toBe(procedure.title.ko);
    // Remembered for the rest of the conversation: the next procedure does not ask again.
    await bot.send({ value: { action: 'topic', intent: 'issue' } });
    await answerQuestions(bot, { certType: 'joint', channel: 'internet_banking' });
    expect(bot.card?.title).toBe(find({ kind: 'issue', institution: 'epost', certType: 'joint', channel: 'internet_banking' }).title.ko);
  });
});

describe('understanding limits', () => {
  test('when the recogniser is unsure: say so, offer the two likeliest topics and the menu, start nothing', async () => {
    const bot = await BotHarness.create({
      recognize: (real) => ({
        ...real,
        intent: 'renew',
        lowConfidence: true,
        alternatives: [
          { intent: 'renew', score: 0.41 },
          { intent: 'reissue', score: 0.39 },
          { intent: 'issue', score: 0.1 },
        ],
      }),
    });
    await bot.send('인증서 연장인가 재발급인가 그거요');
    expect(bot.card?.title).toBe('제가 정확히 이해했는지 모르겠어요');
    expect(bot.card?.actions.map((a) => a.title)).toEqual(['갱신', '재발급', '처음으로']);
    await bot.click('재발급');
    expect(bot.card?.title).toBe('어떤 인증서인가요?');
  });

  test('gibberish is declined briefly, saying what the assistant does, with the menu button', async () => {
    const bot = await BotHarness.create();
    const replies = await bot.send('ㅁㄴㅇㄹ 쀍');
    expect(replies).toHaveLength(1);
    expect(bot.card?.title).toBe('그건 제가 도와드리기 어려워요');
    expect(bot.card?.texts.join(' ')).toMatch(/비밀번호·만료·인식 문제/);
  });

  test('a FAQ question typed as it is written gets its answer, whatever the intent guess', async () => {
    for (const faq of content.faq) {
      const bot = await BotHarness.create();
      await bot.send(faq.question.ko);
      expect(bot.card?.title).toBe(faq.question.ko);
    }
  });

  test('copying a 금융인증서 (no such procedure: it lives in the cloud) is answered by the FAQ, not a joint-certificate guide', async () => {
    const bot = await BotHarness.create();
    await bot.send('금융인증서를 휴대폰으로 옮기고 싶어요');
    expect(bot.card?.title).toBe(content.faq.find((f) => f.topic === 'financial_copy')!.question.ko);
  });

  test('cert_info answers the closest FAQ', async () => {
    const bot = await BotHarness.create();
    await bot.send('공동인증서랑 금융인증서 차이가 뭐예요');
    const faq = content.faq.find((f) => f.topic === 'joint_vs_financial')!;
    expect(bot.card?.title).toBe(faq.question.ko);
  });
});

describe('routing follows the user (issue 13)', () => {
  const deregister = find({ kind: 'deregister_other', institution: 'woori', certType: 'joint', channel: 'internet_banking' });

  async function inDeregister(bot: BotHarness) {
    await bot.send('우리은행 인터넷뱅킹 타기관 인증서 해제하고 싶어요');
    await answerQuestions(bot, { channel: 'internet_banking' });
    expect(bot.card?.title).toBe(deregister.title.ko);
    await bot.click('시작하기');
  }

  test('a confident new question naming a certificate type starts that topic and offers the way back', async () => {
    const bot = await BotHarness.create();
    await inDeregister(bot);
    await bot.send('금융인증서 비밀번호를 잊어버렸어요');
    expect(bot.card?.title).toBe(nodeTitle('trouble_password', 'financial_situation'));
    await bot.click('하던 안내로 돌아가기');
    expect(bot.card?.texts).toContain(deregister.steps[0].title.ko);
    expect(bot.card?.texts).toContain(`1 / ${deregister.steps.length}`);
  });

  test('a device named inside a guide is a new question when nothing is asked', async () => {
    const bot = await BotHarness.create();
    await bot.send({ value: { action: 'topic', intent: 'renew' } });
    await answerQuestions(bot, { certType: 'joint', institution: 'other' });
    await bot.click('시작하기');
    await bot.send('PC에서 휴대폰으로 인증서 복사');
    expect(bot.card?.title).toBe(content.procedures.find((p) => p.id === 'other-joint-copy-pc-to-phone')!.title.ko);
  });

  test('잘 모르겠어요 at the type question explains the difference and asks the same question again', async () => {
    const bot = await BotHarness.create();
    await bot.send('우리은행 인증서 재발급');
    expect(bot.card?.title).toBe('어떤 인증서인가요?');
    await bot.click('잘 모르겠어요');
    expect(bot.card?.title).toBe(content.faq.find((f) => f.id === 'joint-vs-financial')!.question.ko);
    expect(bot.card?.actions.map((a) => a.title)).toEqual(['공동인증서', '금융인증서', '처음으로']);
    await bot.click('공동인증서');
    await answerQuestions(bot, { channel: 'app' });
    expect(bot.card?.title).toBe(find({ kind: 'reissue', institution: 'woori', certType: 'joint' }).title.ko);
  });

  test('typed 다음 on the overview starts the guide; 기관 바꾸기 is not offered where only the generic version exists', async () => {
    const bot = await BotHarness.create();
    await bot.send('PC 인증서 폰으로 옮기는 법');
    expect(bot.card?.actions.map((a) => a.title)).toEqual(['시작하기', '처음으로']);
    await bot.send('다음');
    expect(bot.card?.texts).toContain(find({ kind: 'copy_cert', institution: 'other', certType: 'joint', channel: 'internet_banking' }).steps[0].title.ko);
  });

  test("an old card's 다음 acts from that card; a button of another guide says it is out of date", async () => {
    const bot = await BotHarness.create();
    await inDeregister(bot);
    const firstNext = bot.card!.actions.find((a) => a.title === '다음')!.data;
    await bot.click('다음');
    await bot.click('다음');
    expect(bot.card?.texts).toContain(deregister.steps[2].title.ko);
    await bot.send({ value: firstNext });
    expect(bot.card?.texts).toContain(deregister.steps[1].title.ko);
    const other = await bot.send({ value: { action: 'nav', move: 'next', at: { procedureId: 'epost-joint-issue-web', index: 0 } } });
    expect(other[0].text).toMatch(/이전 카드의 버튼/);
    expect(bot.card?.texts).toContain(deregister.steps[1].title.ko);
  });

  test('도움말 while a question is open shows the question again', async () => {
    const bot = await BotHarness.create();
    await bot.send('인증서 재발급하고 싶어요');
    const replies = await bot.send('도움말');
    expect(replies[0].text).toMatch(/이렇게 이용하세요/);
    expect(bot.card?.title).toBe('어떤 인증서인가요?');
  });

  test('unrelated input while a question is open: said once, then a person is offered on the same question', async () => {
    const bot = await BotHarness.create();
    await bot.send('인증서 재발급하고 싶어요');
    const first = await bot.send('오늘 날씨 어때');
    expect(first[0].text).toMatch(/잘 이해하지 못했어요/);
    expect(bot.card?.title).toBe('어떤 인증서인가요?');
    expect(bot.card?.actions.map((a) => a.title)).not.toContain('상담원 연결');
    await bot.send('ㅋㅋㅋ');
    expect(bot.card?.title).toBe('어떤 인증서인가요?');
    expect(bot.card?.actions.map((a) => a.title)).toContain('상담원 연결');
  });
});
