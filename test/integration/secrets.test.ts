// Full conversations through the real server and the embedded Direct Line channel, typing a password
// and a resident registration number and uploading key and certificate files; then everything that
// was stored (storage writes: state, transcripts, Direct Line log) and logged is scanned.
import { Writable } from 'node:stream';
import { FIXTURE_NOW, generateFixtures } from '../../cert-core/fixtures/generate.js';
import { RecordingStorage } from '../support/recording-storage.js';
import { startTestApp } from '../support/app.js';
import { waitFor } from '../../directline/test-support.js';
import type { App } from '../../server/index.js';

const PASSWORD = 'Sup3r!Secret#77';
const RRN = '900101-1234567';
const CARD = '4111 1111 1111 1111';
const set = generateFixtures();
const pair = set.fixtures['valid-yessign'].files;
const keyBytes = pair.find((f) => f.name.endsWith('signPri.key'))!.bytes;
const certBytes = pair.find((f) => f.name.endsWith('signCert.der'))!.bytes;

const storage = new RecordingStorage();
const logLines: string[] = [];
let url: string;
let app: App;
let close: () => Promise<void>;

beforeAll(async () => {
  const log = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
  const started = await startTestApp({}, { storage, log, now: () => FIXTURE_NOW });
  url = started.url;
  app = started.app;
  close = () => started.app.close();
});
afterAll(() => close());

async function conversation() {
  const { token, conversationId } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const auth = { Authorization: `Bearer ${token}` };
  const base = `${url}/v3/directline/conversations/${conversationId}`;
  await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth });
  let watermark = '';
  const received: { from: { role?: string }; text?: string; attachments?: { name?: string; contentUrl?: string; content?: unknown }[] }[] = [];
  return {
    async say(activity: object) {
      const response = await fetch(`${base}/activities`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ from: { id: 'u' }, locale: 'ko-KR', ...activity }),
      });
      expect(response.status).toBe(200);
    },
    async upload(name: string, bytes: Uint8Array) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(bytes)]), name);
      const response = await fetch(`${base}/upload?userId=u`, { method: 'POST', headers: auth, body: form });
      expect(response.status).toBe(200);
    },
    /** Fetches an uploaded file back with this conversation's token. */
    async download(name: string) {
      const sent = received.find((a) => a.from.role === 'user' && a.attachments?.some((f) => f.name === name));
      const fileUrl = sent?.attachments?.find((f) => f.name === name)?.contentUrl;
      if (!fileUrl) throw new Error(`no upload named ${name}`);
      return fetch(fileUrl, { headers: auth });
    },
    /** Waits for a bot reply whose text or card text matches. */
    async expectReply(pattern: RegExp) {
      return waitFor(async () => {
        const page = (await (await fetch(`${base}/activities?watermark=${watermark}`, { headers: auth })).json()) as {
          activities: typeof received;
          watermark: string;
        };
        watermark = page.watermark;
        received.push(...page.activities);
        return received.find((a) => a.from.role === 'bot' && pattern.test(`${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`));
      }, 15_000);
    },
  };
}

test('typed secrets, uploaded keys and certificates never reach storage or logs', async () => {
  const chat = await conversation();
  await chat.say({ type: 'message', text: '인증서 비밀번호가 틀렸대요' });
  await chat.expectReply(/공동인증서|금융인증서/);
  await chat.say({ type: 'message', text: `제 비밀번호는 ${PASSWORD} 이에요` });
  await chat.say({ type: 'message', text: `주민번호 ${RRN} 이고 카드는 ${CARD} 예요` });
  await chat.upload('signPri.key', keyBytes);
  await chat.expectReply(/개인키 파일은 받지 않았어요/);
  // Refused means gone: the channel no longer holds or serves the key.
  expect((await chat.download('signPri.key')).status).toBe(404);
  await chat.upload('signCert.der', certBytes);
  await chat.expectReply(/인증서 확인 결과/);
  await chat.say({
    type: 'event',
    name: 'certcheck/report',
    value: { input: 'signPri.key', ok: true, problems: [], certificate: null, privateKey: null, identity: null, otherCertificates: [] },
  });
  await chat.expectReply(/문제를 찾지 못했어요/);
  await new Promise((resolve) => setTimeout(resolve, 300)); // transcript writes are queued

  const stored = storage.writes.map((w) => `${w.key} ${w.json}`).join('\n');
  const logged = logLines.join('\n');
  expect(storage.writes.length).toBeGreaterThan(10);
  expect(logLines.length).toBeGreaterThan(0);
  const forbidden = [PASSWORD, RRN, RRN.replace('-', ''), CARD, CARD.replace(/ /g, ''), '홍길동', ...windowsOf(keyBytes), ...windowsOf(certBytes)];
  for (const secret of forbidden) {
    expect(stored.includes(secret) ? `storage contains ${secret.slice(0, 12)}…` : 'clean').toBe('clean');
    expect(logged.includes(secret) ? `logs contain ${secret.slice(0, 12)}…` : 'clean').toBe('clean');
  }
  // The conversation really was recorded, redacted.
  expect(stored).toMatch(/\[redacted:password\]/);
  expect(stored).toMatch(/\[redacted:rrn\]/);
}, 60_000);

// Issue 10, items 12 and 13: every field a client can fill, and the formats that escaped the mask.
const PHONE = '010-9876-5432';
const ESCAPED_FORMATS = [
  ['비밀번호：Hangul사랑1004', '사랑1004'],
  ['my password is sunshine', 'sunshine'],
  ['Zq9!xLp2#wer', 'Zq9!xLp2#wer'],
  ['주민번호 880202–2345678', '2345678'],
  ['８８０２０２-２３４５６７８', '２３４５６７８'],
  ['880202-234\u200B5678', '234\u200B5678'],
  ['카드 5500.0000.0000.0005', '5500.0000.0000.0005'],
  ['1234 5678 9012 3450', '1234 5678 9012 3450'],
  ['3333012345678', '3333012345678'],
  ['110 987 654321', '110 987 654321'],
  ['연락처 010.5555.4321', '5555'],
] as const;

test('every field a client fills is masked at the door: callback phone, channelData, speak, summary, names, card values, file names, split numbers', async () => {
  const chat = await conversation();
  await chat.say({
    type: 'message',
    text: '상담원 연결해 주세요',
    from: { id: 'u', name: '홍길동' },
    speak: `주민번호 ${RRN}`,
    summary: `카드 ${CARD}`,
    channelData: { clientActivityID: 'abc123def', note: `비밀번호 ${PASSWORD}`, phone: PHONE },
  });
  await chat.say({ type: 'message', value: { action: 'callback', phone: PHONE, time: '오후 3시' } });
  await chat.expectReply(/010-\*\*\*\*-5432/);
  await chat.say({
    type: 'message',
    text: '양식에 적었어요',
    value: { memo: `카드번호 ${CARD}, 비번 ${PASSWORD}` },
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: `주민번호 ${RRN}` }] } },
    ],
  });
  await chat.upload(`내인증서_${RRN}.der`, certBytes);
  await chat.expectReply(/인증서 확인 결과|인증서/);
  for (const [text] of ESCAPED_FORMATS) await chat.say({ type: 'message', text });
  await chat.say({ type: 'message', text: '주민번호 앞자리 880202' });
  await chat.say({ type: 'message', text: '뒤는 2345670 이에요' });
  await chat.say({ type: 'message', text: '2345671' });
  await new Promise((resolve) => setTimeout(resolve, 500)); // transcript writes are queued

  const stored = storage.writes.map((w) => `${w.key} ${w.json}`).join('\n');
  const logged = logLines.join('\n');
  const forbidden = [PHONE, '9876', '홍길동', PASSWORD, RRN, CARD, '2345678', '2345670', '2345671', ...ESCAPED_FORMATS.map(([, secret]) => secret)];
  for (const secret of forbidden) {
    expect(stored.includes(secret) ? `storage contains ${secret}` : 'clean').toBe('clean');
    expect(logged.includes(secret) ? `logs contain ${secret}` : 'clean').toBe('clean');
  }
  // Web Chat still gets its clientActivityID echoed; nothing else of channelData is kept.
  expect(stored).toContain('"clientActivityID":"abc123def"');
  expect(stored).not.toContain('"note"');
  // The number still reached the ticket store, sealed.
  const [ticket] = await app.tickets.list(['callback']);
  expect(ticket.callback?.phoneMasked).toBe('010-****-5432');
  expect(app.tickets.revealCallbackPhone(ticket)).toBe(PHONE);
}, 60_000);

/** Base64 and hex of 24-byte windows of a file, so no stored form of its bytes goes unnoticed. */
function windowsOf(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i + 24 <= bytes.length; i += 24) {
    const window = Buffer.from(bytes.subarray(i, i + 24));
    out.push(window.toString('base64'), window.toString('hex'));
  }
  return out;
}
