import { BotHarness, cardView } from '../test/support/bot.js';
import { loadContent } from '../content/load.js';

const teams = { channelId: 'msteams' };
/** A Teams turn as /api/messages records it after verifying the Bot Connector's token. */
const verifiedTeams = { caller: { via: 'botframework', issuer: 'https://api.botframework.com' } } as const;
const procedure = loadContent().procedures.find((p) => p.id === 'epost-joint-reissue-web')!;

test('in Teams the @mention is removed before understanding', async () => {
  const bot = await BotHarness.create();
  await bot.send({
    ...teams,
    text: '<at>인증서 도우미</at> 우체국 인터넷뱅킹 공동인증서 재발급',
    recipient: { id: 'bot-id', name: '인증서 도우미' },
    entities: [{ type: 'mention', mentioned: { id: 'bot-id', name: '인증서 도우미' }, text: '<at>인증서 도우미</at>' }],
  });
  expect(bot.card?.title).toContain(procedure.title.ko);
});

test('in Teams, card buttons are Action.Execute with an Action.Submit fallback, and the invoke answers with the next card', async () => {
  const bot = await BotHarness.create();
  const replies = await bot.send({ ...teams, text: '안녕하세요' });
  const card = replies[0].attachments?.[0].content as { actions: { type: string; verb: string; data: unknown; fallback: { type: string } }[] };
  expect(card.actions[0]).toMatchObject({ type: 'Action.Execute', verb: 'cardAction', fallback: { type: 'Action.Submit' } });

  const invoked = await bot.send({
    ...teams,
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'cardAction', data: card.actions[2].data } },
  });
  const response = invoked.find((a) => a.type === 'invokeResponse')?.value as {
    status: number;
    body: { statusCode: number; type: string; value: Record<string, unknown> };
  };
  expect(response.status).toBe(200);
  expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(cardView({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: response.body.value }] })?.title).toBe('문제 해결');
});

test('agent mode (Teams): a procedure on one compact card with a block to read aloud', async () => {
  const bot = await BotHarness.create(verifiedTeams);
  await bot.send({ ...teams, text: '우체국 인터넷뱅킹 공동인증서 재발급' });
  const texts = bot.card?.texts ?? [];
  expect(texts).toContain('고객에게 읽어 줄 안내');
  for (const [i, step] of procedure.steps.entries()) expect(texts.join('\n')).toContain(`${i + 1}. ${step.title.ko}`);
  expect(bot.card?.actions.map((a) => a.title)).toEqual(['잘 안 돼요', '기관 바꾸기', '처음으로']);
});

test('customers outside Teams still get one card per step', async () => {
  const bot = await BotHarness.create();
  await bot.send('우체국 인터넷뱅킹 공동인증서 재발급');
  expect(bot.card?.texts).not.toContain('고객에게 읽어 줄 안내');
  expect(bot.card?.actions.map((a) => a.title)).toContain('시작하기');
});

test.each([
  ['nobody (a client that only says msteams)', undefined],
  ['the embedded Direct Line channel', { via: 'directline' }],
  ['local mode', { via: 'local' }],
  ['an Emulator token (not signed by the Bot Connector)', { via: 'botframework', issuer: 'https://sts.windows.net/some-tenant/' }],
] as const)('channelId msteams vouched for by %s gets customer mode, not agent mode', async (_name, caller) => {
  const bot = await BotHarness.create(caller ? { caller } : {});
  await bot.send({ ...teams, text: '우체국 인터넷뱅킹 공동인증서 재발급', from: { id: 'agent-id', aadObjectId: 'aad-agent', name: '상담원' } });
  expect(bot.card?.texts).not.toContain('고객에게 읽어 줄 안내');
});
