// `BENCH_BASE=<another checkout> node --import tsx bench/levers.bench.ts` — each lever of issue 15's
// third pass against the same code of BENCH_BASE, both loaded in THIS process and timed in
// interleaved batches (the order flips every batch), so a noisy neighbour hits both sides alike:
// the median of the per-batch ratios is what to read (bench/README.md). End-to-end throughput on
// a machine at load 15 cannot resolve these differences; this can.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';

const base = process.env.BENCH_BASE ? path.resolve(process.env.BENCH_BASE) : undefined;
if (!base) throw new Error('BENCH_BASE: the directory of the checkout to compare against');
const here = path.resolve(import.meta.dirname, '..');
const BATCHES = Number(process.env.BENCH_BATCHES ?? 15);
const from = <T>(root: string, file: string) => import(path.join(root, file)) as Promise<T>;

type Work = () => unknown;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function compare(name: string, after: Work, before: Work, perBatch: number): Promise<void> {
  const time = async (work: Work) => {
    const started = performance.now();
    for (let i = 0; i < perBatch; i++) await work();
    return (performance.now() - started) / perBatch;
  };
  await time(after);
  await time(before); // warm both
  const ratios: number[] = [];
  const afters: number[] = [];
  const befores: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    let a: number;
    let b: number;
    if (batch % 2) {
      b = await time(before);
      a = await time(after);
    } else {
      a = await time(after);
      b = await time(before);
    }
    afters.push(a);
    befores.push(b);
    ratios.push(a / b);
  }
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  console.log(
    `${name.padEnd(58)} before ${us(median(befores)).padStart(10)}  after ${us(median(afters)).padStart(10)}  after/before ${median(ratios).toFixed(2)}`,
  );
}

type Lowdb = typeof import('../storage/lowdb-storage.js');
type Render = typeof import('../cards/render.js');
type Replies = typeof import('../cards/quick-replies.js');
type Redact = typeof import('../lib/redact.js');
type Entities = typeof import('../nlu/entities.js');
type NluContent = typeof import('../nlu/content.js');

const tmp = await mkdtemp(path.join(os.tmpdir(), 'levers-'));
try {
  // lowdb: a turn's reads of keys that do not exist (the open-ticket lookup, a new conversation's state).
  const [newLowdb, oldLowdb] = [await from<Lowdb>(here, 'storage/lowdb-storage.ts'), await from<Lowdb>(base, 'storage/lowdb-storage.ts')];
  const stores = [new newLowdb.LowdbStorage(path.join(tmp, 'a')), new oldLowdb.LowdbStorage(path.join(tmp, 'b'))];
  await Promise.all(stores.map((store) => store.write({ 'emulator/conversations/c1/': { turns: 1 } })));
  const absentRead = (store: (typeof stores)[number]) => () => store.read(['handoff/by-conversation/c1', 'emulator/conversations/c1/']);
  await compare('lowdb: read of an absent key and a present one', absentRead(stores[0]), absentRead(stores[1]), 200);

  // cards: the Web Chat message of a choice card (render + split into card and chips).
  const [newRender, oldRender, oldReplies] = [
    await from<Render>(here, 'cards/render.ts'),
    await from<Render>(base, 'cards/render.ts'),
    await from<Replies>(base, 'cards/quick-replies.ts'),
  ];
  const data = {
    title: '어떤 인증서인가요?',
    text: '발급받은 인증서를 골라 주세요',
    groups: [{ actions: [{ title: '공동인증서', data: { action: 'choose', field: 'certType', value: 'joint' } }] }],
    actions: [
      { title: '공동인증서', data: { action: 'choose', field: 'certType', value: 'joint' } },
      { title: '금융인증서', data: { action: 'choose', field: 'certType', value: 'financial' } },
      { title: '처음으로', data: { action: 'nav', move: 'home' } },
    ],
  };
  await compare(
    "cards: a choice card's Web Chat message",
    () => newRender.renderCardMessage('choice', data, 'directline'),
    () => oldReplies.cardMessage(oldRender.renderCardJson('choice', data), 'directline'),
    2_000,
  );

  // redaction of the reply the transcript stores (a card and its chips).
  const [newRedact, oldRedact] = [await from<Redact>(here, 'lib/redact.ts'), await from<Redact>(base, 'lib/redact.ts')];
  const reply = {
    ...newRender.renderCardMessage('choice', data, 'directline'),
    channelId: 'emulator',
    conversation: { id: 'c1' },
    from: { id: 'bot', role: 'bot' },
  } as Partial<Activity>;
  await compare(
    'redaction: a card reply with chips, as the transcript stores it',
    () => newRedact.redactActivity(reply),
    () => oldRedact.redactActivity(reply),
    2_000,
  );

  // NLU entities of texts the recogniser has not seen (no cache): the typo fallback runs.
  const entities = (await from<NluContent>(here, 'nlu/content.ts').then((m) => m.loadNluContent())).entities;
  const [newEntities, oldEntities] = [await from<Entities>(here, 'nlu/entities.ts'), await from<Entities>(base, 'nlu/entities.ts')];
  const extractors = [new newEntities.EntityExtractor(entities), new oldEntities.EntityExtractor(entities)];
  const texts = [
    '인증서 비밀번호를 잊어버렸어요 어떻게 하나요',
    '휴대폰으로 인증서를 옮기고 싶어요',
    '금융인증서 갱신 기간이 언제인가요',
    'I cannot find my certificate on this PC',
  ];
  await compare(
    'nlu: entities of four unseen texts',
    () => texts.map((text) => extractors[0].extract(text)),
    () => texts.map((text) => extractors[1].extract(text)),
    500,
  );
} finally {
  await rm(tmp, { recursive: true, force: true });
}
