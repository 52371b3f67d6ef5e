import { FIXTURE_NOW, generateFixtures } from '../cert-core/fixtures/generate.js';
import { loadContent } from '../content/load.js';
import type { TroubleTree } from '../content/schema.js';
import { BotHarness, cardView } from '../test/support/bot.js';

const content = loadContent();
const START = { trouble_password: '인증서 비밀번호가 틀렸대요', trouble_expired: '인증서가 만료됐대요', trouble_unrecognized: '인증서가 안 보여요' };

/** Every node of a tree with the answers (option labels) that lead to it from the start, breadth first. */
function pathsOf(tree: TroubleTree): Map<string, string[]> {
  const paths = new Map<string, string[]>([[tree.start, []]]);
  const queue = [tree.start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const option of tree.nodes[id].options) {
      if (paths.has(option.next)) continue;
      paths.set(option.next, [...paths.get(id)!, option.label.ko]);
      queue.push(option.next);
    }
  }
  return paths;
}

/** The answers to the first "still not working" reply of a tree, when it has one. */
function failedPath(tree: TroubleTree): string[] | undefined {
  const paths = pathsOf(tree);
  for (const [node, path] of paths) {
    const failed = tree.nodes[node].options.find((o) => o.failed);
    if (failed) return [...path, failed.label.ko];
  }
  return undefined;
}

describe.each(content.troubles.map((tree) => [tree.id, tree] as const))('%s: every node can be reached and shows its card', (id, tree) => {
  test.each([...pathsOf(tree)].map(([node, path]) => [node, path] as const))('%s', async (node, path) => {
    const bot = await BotHarness.create();
    await bot.send(START[id]);
    for (const label of path) await bot.click(label);
    const shown = tree.nodes[node];
    expect(bot.card?.title).toBe(shown.title.ko);
    for (const item of shown.checklist) expect(bot.card?.texts).toContain(`• ${item.ko}`);
    const titles = bot.card?.actions.map((a) => a.title) ?? [];
    for (const option of shown.options) expect(titles).toContain(option.label.ko);
    expect(titles.at(-1)).toBe('처음으로');
  });
});

test('a forgotten 공동인증서 password leads into the reissue procedure', async () => {
  const bot = await BotHarness.create();
  await bot.send('공동인증서 비밀번호를 잊어버렸어요');
  // Answer "forgotten" on each card until one offers 재발급: every card on the way must offer that answer.
  const offersReissue = () => bot.card?.actions.some((a) => a.title === '재발급') ?? false;
  const titles: (string | undefined)[] = [];
  while (!offersReissue()) {
    titles.push(bot.card?.title);
    expect(titles.length).toBeLessThanOrEqual(3);
    const forgotten = bot.card?.actions.find((a) => /공동|잊/.test(a.title));
    expect(forgotten).toBeDefined();
    await bot.click(forgotten!.title);
  }
  await bot.click('재발급');
  expect(['어느 은행·기관에서 하시나요?', '어떤 인증서인가요?']).toContain(bot.card?.title);
});

test('after two "still not working" answers in a conversation a person is offered first', async () => {
  const tree = content.troubles.find((t) => failedPath(t))!;
  const path = failedPath(tree)!;
  const bot = await BotHarness.create();
  await bot.send(START[tree.id]);
  for (const label of path) await bot.click(label);
  // The first choice offered (link buttons on the card, e.g. the local check, are not choices).
  const firstChoice = () => bot.card?.actions.find((a) => !(a.data as { url?: string }).url)?.title;
  expect(firstChoice()).not.toBe('상담원 연결');
  // Trying again from the start: the second failure puts a person first.
  await bot.send('처음으로');
  await bot.send(START[tree.id]);
  for (const label of path) await bot.click(label);
  expect(firstChoice()).toBe('상담원 연결');
  expect(bot.card?.texts.join(' ')).toMatch(/두 번 해 봐도 안 되네요/);
});

test('an uploaded certificate during the expiry diagnosis answers with its diagnosis and the fix', async () => {
  const set = generateFixtures();
  const cert = set.fixtures.expired.files.find((f) => f.name.endsWith('signCert.der'))!.bytes;
  const bot = await BotHarness.create({
    now: FIXTURE_NOW,
    files: () => ({ ok: true, file: { name: 'signCert.der', contentType: 'application/octet-stream', bytes: cert } }),
  });
  await bot.send('인증서가 만료됐대요');
  await bot.send({ attachments: [{ name: 'signCert.der', contentType: 'application/octet-stream', contentUrl: 'local://1' }] });
  expect(bot.card?.title).toBe('인증서 확인 결과');
  expect(bot.card?.texts.join('\n')).toMatch(/소유자: 홍\*동/);
  expect(bot.card?.texts.join('\n')).toMatch(/유효기간이 .*끝났어요/);
  expect(bot.card?.actions.map((a) => a.title)).toContain('재발급');
  await bot.click('재발급');
  expect(['어느 은행·기관에서 하시나요?', '어떤 인증서인가요?']).toContain(bot.card?.title);
});

test('uploading a private key is refused with the reason and the safe alternative', async () => {
  const bot = await BotHarness.create();
  await bot.send('인증서가 안 보여요');
  await bot.send({ attachments: [{ name: 'signPri.key', contentType: 'application/octet-stream', contentUrl: 'local://1' }] });
  expect(bot.card?.title).toBe('개인키 파일은 받지 않았어요');
  expect(bot.card?.texts.join(' ')).toMatch(/재발급/);
});

test('the local check report from the page continues the diagnosis; a malformed one is refused', async () => {
  const bot = await BotHarness.create({ now: FIXTURE_NOW });
  await bot.send('인증서 비밀번호가 틀렸대요');
  const report = {
    input: 'signPri.key',
    ok: false,
    certificate: null,
    identity: null,
    otherCertificates: [],
    privateKey: { present: true, encryption: 'PBES1-SHA1-SEED-CBC', decrypted: false, matchesCertificate: null, hasRandomNum: null },
    problems: [
      {
        code: 'WRONG_PASSWORD',
        severity: 'error',
        message_ko: '인증서 비밀번호가 맞지 않습니다.',
        message_en: 'Wrong password.',
        fix_ko: '재발급',
        fix_en: 'reissue',
        file: 'signPri.key',
      },
    ],
  };
  await bot.send({ type: 'event', name: 'certcheck/report', value: report });
  expect(bot.card?.title).toBe('인증서 확인 결과');
  expect(bot.card?.texts.join(' ')).toMatch(/비밀번호가 맞지 않습니다/);
  const refused = await bot.send({ type: 'event', name: 'certcheck/report', value: { ...report, ok: 'yes' } });
  expect(cardView(refused[0])?.texts.join(' ')).toMatch(/확인 결과를 이해하지 못했어요/);
  expect(cardView(refused[0])?.actions.map((a) => a.title)).toEqual(['내 PC에서 안전하게 확인', '처음으로']);
});

test('checks are rate-limited per conversation', async () => {
  const bot = await BotHarness.create();
  const upload = { attachments: [{ name: 'signPri.key', contentType: 'application/octet-stream', contentUrl: 'local://1' }] };
  for (let i = 0; i < 5; i++) await bot.send(upload);
  const sixth = await bot.send(upload);
  expect(cardView(sixth[0])?.texts.join(' ')).toMatch(/확인을 너무 자주 하셨어요/);
  expect(cardView(sixth[0])?.actions.map((a) => a.title)).toEqual(['처음으로']);
});
