import type { Activity } from 'botbuilder';
import { startTestApp } from '../support/app.js';
import { directLineCustomer } from '../support/directline-customer.js';
import { expectRepliesCustomer } from '../support/turn-driver.js';
import { loadContent } from '../../content/load.js';
import { readTurnFacts, TURN_FACTS_TRACE, type TurnFacts } from '../../lib/turn-facts.js';
import type { App } from '../../server/index.js';

// The turn facts (lib/turn-facts.ts) each dialog path leaves in the stored transcript, through the real
// adapter (POST /api/messages with expectReplies, and the embedded Direct Line channel), and that no
// client ever gets them.

const content = loadContent();
let app: App;
let url: string;
/** Every activity any turn of these tests answered with: a trace must never be among them. */
const answered: Partial<Activity>[] = [];

beforeAll(async () => {
  ({ app, url } = await startTestApp({ HANDOFF_HOURS: 'always' }));
}, 60_000);
afterAll(() => app.close());
afterEach(() => expect(answered.filter((a) => a.type === 'trace')).toEqual([]));

function customer(conversationId: string, locale?: string) {
  const c = expectRepliesCustomer(url, conversationId, { locale });
  const record =
    <A extends unknown[]>(run: (...args: A) => Promise<Partial<Activity>[]>) =>
    async (...args: A) => {
      const replies = await run(...args);
      answered.push(...replies);
      return replies;
    };
  return { ...c, say: record(c.say), send: record(c.send), click: record(c.click) };
}

async function storedFacts(conversationId: string): Promise<TurnFacts[]> {
  await app.transcripts!.flush();
  const stored = await app.transcripts!.activities(conversationId);
  const traces = stored.filter((a) => a.type === 'trace' && a.from?.role !== 'user');
  // Every trace the assistant stored is a valid facts trace: nothing else, nothing malformed.
  expect(traces.every((a) => a.name === TURN_FACTS_TRACE && readTurnFacts(a))).toBe(true);
  return traces.map((a) => readTurnFacts(a)!);
}

/** Answers the guide's questions (first choice each time) until its overview offers 시작하기. */
async function untilOverview(c: ReturnType<typeof customer>): Promise<number> {
  let turns = 0;
  while (!c.buttons().some((b) => b.title === '시작하기')) {
    if (++turns > 5) throw new Error('no overview');
    await c.click(c.buttons()[0].title);
  }
  return turns;
}

const events = (facts: TurnFacts[]) => facts.filter((f) => f.procedure).map((f) => `${f.procedure!.event}:${f.procedure!.step}`);

test('a guide walked to the end, then 👎: one fact per turn, start / each step / finish, and the 👎 at the last step', async () => {
  const c = customer('walk');
  await c.say('인증서 발급받고 싶어요');
  const questions = await untilOverview(c);
  await c.click('시작하기');
  let steps = 1;
  while (!c.buttons().some((b) => b.title === '완료')) {
    await c.click('다음');
    steps++;
  }
  await c.click('완료');
  await c.click('👎 아쉬워요');

  const facts = await storedFacts('walk');
  // typed + questions + 시작하기 + 다음 × (steps − 1) + 완료 + 👎
  expect(facts).toHaveLength(1 + questions + 1 + (steps - 1) + 1 + 1);
  expect(facts[0]).toEqual({ input: 'text', intent: 'issue', score: expect.any(Number), understood: 'sure' });
  expect(facts.slice(1).every((f) => f.input === 'action')).toBe(true);
  const id = facts.find((f) => f.procedure)!.procedure!.id;
  expect(content.procedures.find((p) => p.id === id)?.steps).toHaveLength(steps);
  expect(events(facts)).toEqual(['start:0', ...Array.from({ length: steps }, (_, i) => `step:${i + 1}`), `finish:${steps}`]);
  expect(facts.every((f) => !f.procedure || (f.procedure.id === id && f.procedure.steps === steps))).toBe(true);
  expect(facts.at(-1)).toEqual({ input: 'action', feedback: { helpful: false, procedure: id, step: steps } });
}, 60_000);

test('잘 안 돼요 at step 1 opens troubleshooting; asking for a person there ends it with a person and leaves the guide at step 1', async () => {
  const c = customer('stuck');
  await c.say('인증서 재발급');
  await untilOverview(c);
  await c.click('시작하기');
  await c.click('잘 안 돼요');
  await c.say('상담원 연결해 주세요');

  const facts = await storedFacts('stuck');
  const stuck = facts.at(-2)!;
  const id = stuck.procedure!.id;
  expect(stuck).toMatchObject({ input: 'action', procedure: { id, event: 'stuck', step: 1 }, trouble: { id: expect.any(String) } });
  expect(stuck.trouble!.outcome).toBeUndefined();
  expect(facts.at(-1)).toEqual({
    input: 'text',
    intent: 'agent',
    score: expect.any(Number),
    understood: 'sure',
    procedure: { id, event: 'leave', step: 1, steps: stuck.procedure!.steps },
    trouble: { id: stuck.trouble!.id, outcome: 'person' },
    handoff: 'requested',
  });
}, 60_000);

test('troubleshooting ends fixed (해결됐어요) or in a procedure', async () => {
  const tree = content.troubles.find((t) => t.id === 'trouble_password')!;
  const [from] = Object.entries(tree.nodes).find(([, node]) => node.options.some((o) => o.next === 'solved'))!;
  const fixed = customer('fixed');
  await fixed.send({ value: { action: 'trouble', tree: tree.id, from, next: 'solved' } });
  expect(await storedFacts('fixed')).toEqual([{ input: 'action', trouble: { id: 'trouble_password', outcome: 'fixed' } }]);

  const elsewhere = customer('to-procedure');
  await elsewhere.say('비밀번호를 잊어버렸어요');
  await elsewhere.send({ value: { action: 'topic', intent: 'reissue' } });
  const facts = await storedFacts('to-procedure');
  expect(facts[0].trouble).toEqual({ id: 'trouble_password' });
  expect(facts[1]).toMatchObject({ input: 'action', intent: 'reissue', trouble: { id: 'trouble_password', outcome: 'procedure' } });
}, 60_000);

test('a guide left at step 2 for another question is left there; the new topic is told apart', async () => {
  const c = customer('leave');
  await c.say('인증서 발급받고 싶어요');
  await untilOverview(c);
  await c.click('시작하기');
  await c.click('다음');
  await c.say('비밀번호를 잊어버렸어요');
  const last = (await storedFacts('leave')).at(-1)!;
  expect(last).toMatchObject({ input: 'text', intent: 'trouble_password', procedure: { event: 'leave', step: 2 }, trouble: { id: 'trouble_password' } });

  // Left for another guide in the same turn: the leaving is kept apart from the new guide's start.
  const again = customer('leave-for-guide');
  await again.say('인증서 발급받고 싶어요');
  await untilOverview(again);
  await again.click('시작하기');
  await again.send({ value: { action: 'topic', intent: 'reissue' } });
  const facts = await storedFacts('leave-for-guide');
  const first = facts.find((f) => f.procedure)!.procedure!;
  const switched = facts.at(-1)!;
  expect(switched.left).toEqual({ id: first.id, step: 1, steps: first.steps });
  // The other guide either starts at once (type and institution known) or asks first: never another leave.
  expect([undefined, 'start']).toContain(switched.procedure?.event);
}, 60_000);

test('understanding: sure, not sure, a miss, a correction, 처음으로, an FAQ answer', async () => {
  const cases: [string, Partial<TurnFacts>][] = [
    ['인증서', { understood: 'unsure' }],
    ['오늘 날씨 어때요', { understood: 'miss', intent: 'none' }],
    ['아니요, 다른 거요', { understood: 'correction' }],
    ['처음으로', { understood: 'sure', intent: 'cancel', home: true }],
  ];
  for (const [i, [text, expected]] of cases.entries()) {
    await customer(`understanding-${i}`).say(text);
    expect(await storedFacts(`understanding-${i}`)).toEqual([expect.objectContaining({ input: 'text', ...expected })]);
  }
  const faq = content.faq[0];
  const c = customer('faq');
  await c.send({ value: { action: 'faq', id: faq.id } });
  await c.click('처음으로');
  expect(await storedFacts('faq')).toEqual([
    { input: 'action', faq: faq.id },
    { input: 'action', home: true },
  ]);
}, 60_000);

test('no personal data in the facts: numbers and words the customer typed stay out of them', async () => {
  const c = customer('personal');
  await c.say('제 주민번호는 900101-1234567 이고 전화는 010-1234-5678, 이름은 홍길동이에요');
  await c.say('900101-1234567');
  await app.transcripts!.flush();
  const traces = (await app.transcripts!.activities('personal')).filter((a) => a.type === 'trace');
  expect(traces).toHaveLength(2);
  const stored = JSON.stringify(traces);
  for (const secret of ['900101', '1234567', '010', '5678', '홍길동', '주민번호']) expect(stored).not.toContain(secret);
}, 60_000);

test('over Direct Line (Web Chat) the customer never gets the trace; the transcript has it', async () => {
  const dl = await directLineCustomer(url);
  await dl.post({ text: '인증서 발급받고 싶어요' });
  await dl.expect(/공동인증서/);
  await dl.read();
  expect(dl.seen.length).toBeGreaterThan(1);
  expect(dl.seen.filter((a) => a.type !== 'message')).toEqual([]);
  expect(await storedFacts(dl.conversationId)).toEqual([expect.objectContaining({ input: 'text', intent: 'issue' })]);
}, 60_000);

test("a customer's own trace named assistant.turn, or text in a button's intent, never becomes a fact", async () => {
  const dl = await directLineCustomer(url);
  expect(await dl.post({ type: 'trace', name: TURN_FACTS_TRACE, value: { input: 'text', handoff: 'requested' } })).toBe(200);
  await dl.post({ value: { action: 'topic', intent: '010-1234-5678 홍길동' } });
  await dl.expect(/인증서 도우미/);
  await app.transcripts!.flush();
  const stored = await app.transcripts!.activities(dl.conversationId);
  // Kept as the customer sent it (redacted), and not read as facts.
  expect(stored.filter((a) => a.type === 'trace' && a.from?.role === 'user')).toHaveLength(1);
  expect(await storedFacts(dl.conversationId)).toEqual([{ input: 'action' }]);
}, 60_000);
