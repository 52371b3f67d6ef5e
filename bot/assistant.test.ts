import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { Writable } from 'node:stream';
import { CertAssistant } from './assistant.js';
import type { AttachmentReader, FetchOutcome } from './attachments.js';
import { loadTexts } from './i18n.js';

const texts = loadTexts();

function setup(read: (url: string) => FetchOutcome = () => ({ ok: false, reason: 'unavailable' })) {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }));
  const attachments: AttachmentReader = { read: async (attachment) => read(attachment.contentUrl ?? '') };
  const bot = new CertAssistant({ conversationState: new ConversationState(new MemoryStorage()), texts, attachments, logger });
  const adapter = new TestAdapter((context) => bot.run(context));
  adapter.onTurnError = (context, error) => CertAssistant.onTurnError(context, error, texts, logger);
  return { adapter, lines };
}

const cardOf = (activity: Partial<Activity>) => activity.attachments?.[0]?.content as { body: { text: string }[]; actions: { title: string }[] };

test('안녕하세요 gets the welcome card with the main menu', async () => {
  const { adapter } = setup();
  await adapter
    .send('안녕하세요')
    .assertReply((reply) => {
      expect(reply.attachments?.[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardOf(reply).body[0].text).toBe('인증서 도우미');
      expect(cardOf(reply).actions.map((a) => a.title)).toContain('인증서 파일 확인');
    })
    .startTest();
});

test('a menu button answers with its topic card, and a typed button title works too', async () => {
  const { adapter } = setup();
  await adapter
    .send({ type: ActivityTypes.Message, value: { action: 'menu', topic: 'trouble' } } as Partial<Activity>)
    .assertReply((reply) => expect(cardOf(reply).body[0].text).toBe('문제 해결'))
    .send('인증서 파일 확인')
    .assertReply((reply) => expect(cardOf(reply).body[1].text).toMatch(/signCert\.der/))
    .send({ type: ActivityTypes.Message, value: { action: 'menu', topic: 'home' } } as Partial<Activity>)
    .assertReply((reply) => expect(cardOf(reply).body[0].text).toBe('인증서 도우미'))
    .startTest();
});

test('English clients get English cards', async () => {
  const { adapter } = setup();
  await adapter
    .send({ type: ActivityTypes.Message, text: 'hello', locale: 'en-US' } as Partial<Activity>)
    .assertReply((reply) => expect(cardOf(reply).body[0].text).toBe('Certificate Helper'))
    .startTest();
});

test('unknown text says so and shows the menu again', async () => {
  const { adapter } = setup();
  await adapter
    .send('날씨 어때요')
    .assertReply((reply) => expect(reply.text).toMatch(/잘 이해하지 못했어요/))
    .assertReply((reply) => expect(cardOf(reply).actions).toHaveLength(5))
    .startTest();
});

test('an uploaded file is acknowledged by name and size; an oversized one is refused clearly', async () => {
  const { adapter } = setup((url) =>
    url.endsWith('big')
      ? { ok: false, reason: 'too_large' }
      : { ok: true, file: { name: 'signCert.der', contentType: 'application/octet-stream', bytes: new Uint8Array(1464) } },
  );
  const upload = (name: string, url: string) =>
    ({ type: ActivityTypes.Message, attachments: [{ name, contentType: 'application/octet-stream', contentUrl: url }] }) as Partial<Activity>;
  await adapter
    .send(upload('signCert.der', 'http://x/a'))
    .assertReply((reply) => expect(reply.text).toBe('파일을 받았어요: signCert.der (1.4 KB). 파일 내용은 저장하지 않아요.'))
    .send(upload('movie.mp4', 'http://x/big'))
    .assertReply((reply) => expect(reply.text).toMatch(/'movie\.mp4' 파일이 너무 커서/))
    .startTest();
});

test('a failing turn tells the user politely with a reference and logs the error, never a stack trace', async () => {
  const { adapter, lines } = setup(() => {
    throw new Error('boom at secret place');
  });
  await adapter
    .send({ type: ActivityTypes.Message, attachments: [{ name: 'a', contentType: 'x', contentUrl: 'http://x/a' }] } as Partial<Activity>)
    .assertReply((reply) => {
      expect(reply.text).toMatch(/^죄송해요, 처리하는 중에 문제가 생겼어요.*문의 번호: [0-9a-f]{8}\)$/);
      expect(reply.text).not.toMatch(/boom|at |\.ts/);
    })
    .startTest();
  const logged = lines.map((l) => JSON.parse(l));
  expect(logged.some((l) => l.msg === 'turn failed' && l.err.message === 'boom at secret place' && /^[0-9a-f]{8}$/.test(l.correlationId))).toBe(true);
});
