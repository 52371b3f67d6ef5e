// The misunderstood-messages panel as a QA engineer uses it, in Chromium: groups of constructed
// conversations' messages, three labelled (one entirely from the keyboard), the labelled set
// downloaded and checked against the content/nlu schema; then in English at phone size. axe-core
// finds no serious or critical violation; screenshots go to test/artifacts. The panel is shown alone
// (test/e2e/qa-misunderstood.entry.ts) with the console's real API client, against the real API.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import restify from 'restify';
import { agentGuardBy, sendError } from '../../handoff/agent-api-http.js';
import { hashPassword, parseAgentAccounts } from '../../handoff/agent-accounts.js';
import { AgentAuth } from '../../handoff/agent-auth.js';
import { labelledSetSchema } from '../../nlu/content.js';
import { StorageTranscriptStore } from '../../qa/transcripts/index.js';
import { mountMisunderstoodApi } from '../../qa/workbench/misunderstood-api.js';
import { logConversation, said } from '../../qa/workbench/misunderstood.fixtures.js';
import { ListableMemoryStorage } from '../../storage/listable.js';
import { browserScript } from '../../web/agent/bundle.js';
import { seriousViolations } from '../support/axe.js';
import { artifactsDir, launchChromium } from '../support/browser.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PERIOD = 'from=2026-11-20&to=2026-11-20';

let browser: Browser;
let server: restify.Server;
let url: string;
let token: string;
const labels = new ListableMemoryStorage();

beforeAll(async () => {
  const transcripts = new StorageTranscriptStore(new ListableMemoryStorage());
  await logConversation(transcripts, 'conv-a', [
    said.unsure('인증서가 안 보여요', 'trouble_unrecognized'),
    said.button('인증서가 안 보여요', 'trouble_unrecognized'),
  ]);
  await logConversation(transcripts, 'conv-b', [
    said.unsure('인증서를 안보여요', 'trouble_unrecognized'),
    said.sure('다른 은행 인증서 등록', 'register_other'),
    said.correction(),
  ]);
  await logConversation(transcripts, 'conv-c', [said.miss('대출 이자 알려줘'), said.unsure('how do I move my cert'), said.home()]);
  await logConversation(transcripts, 'conv-d', [said.miss('인증서 안 보여요!!'), said.sure('인증서 발급', 'issue')]);

  const hash = await hashPassword('a-long-test-password', { N: 1024, r: 8, p: 1 });
  const auth = new AgentAuth({ accounts: parseAgentAccounts(`qa1:${hash}`), sessionSecret: randomBytes(32) });
  const login = await auth.login('qa1', 'a-long-test-password', '127.0.0.1');
  if (!login.ok) throw new Error('sign-in failed');
  token = login.token;
  const withAgent = agentGuardBy(auth, { info: () => undefined, warn: () => undefined, error: () => undefined });

  const [script, css] = await Promise.all([
    browserScript(path.join(HERE, 'qa-misunderstood.entry.ts')),
    readFile(path.join(HERE, '../../web/agent/agent.css'), 'utf8'),
  ]);
  server = restify.createServer({ handleUncaughtExceptions: false });
  mountMisunderstoodApi(server, {
    guard: (handler) => withAgent(async (req, res, agent) => (agent.id === 'local:qa1' ? handler(req, res, agent) : sendError(res, 403, 'NotQa', 'QA only.'))),
    transcripts,
    storage: labels,
  });
  const page = (type: string, body: string) => async (_req: restify.Request, res: restify.Response) => {
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8` });
    res.end(body);
  };
  server.get(
    '/',
    page(
      'text/html',
      '<!doctype html><html><head><title>QA</title><link rel="stylesheet" href="/agent.css"><script src="/panel.js" defer></script></head><body></body></html>',
    ),
  );
  server.get('/panel.js', page('text/javascript', script));
  server.get('/agent.css', page('text/css', css));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function open(lang: 'ko' | 'en', viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${url}/?${PERIOD}&lang=${lang}&token=${encodeURIComponent(token)}`);
  await page.waitForSelector('.mis-group');
  return page;
}

const itemWith = (page: Page, text: string) => page.locator('.mis-item', { has: page.locator('.mis-text', { hasText: text }) });

test('a QA engineer sees the groups, labels three messages (one by keyboard only) and downloads the labelled set', async () => {
  const page = await open('ko', { width: 1280, height: 900 });
  const sizes = await page.locator('.mis-group').evaluateAll((groups) => groups.map((g) => Number(g.getAttribute('data-size'))));
  expect(sizes).toEqual([3, 1, 1, 1]);
  const first = page.locator('.mis-group').first();
  await expect(first.locator('h3').textContent()).resolves.toBe('비슷한 메시지 3개');
  await expect(first.locator('.mis-final').textContent()).resolves.toContain('인증서 발급 ×1');
  expect(await seriousViolations(page)).toEqual([]);

  // Keyboard only: from the download button, Tab reaches the first message's select; End picks
  // the last option (범위 밖), Tab moves to its save button, Enter saves.
  await page.focus('#mis-export');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.className)).toBe('mis-label');
  await page.keyboard.press('End');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.classList.contains('mis-save'))).toBe(true);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('announce')?.textContent === '저장했어요: 범위 밖');
  const keyboardLabelled = await page.locator('.mis-item').first().getAttribute('data-id');

  for (const [text, intent] of [
    ['인증서 안 보여요!!', 'trouble_unrecognized'],
    ['how do I move my cert', 'copy_cert'],
  ]) {
    await itemWith(page, text).locator('select.mis-label').selectOption(intent);
    await itemWith(page, text).locator('button.mis-save').click();
    await expect(itemWith(page, text).locator('.mis-current').textContent()).resolves.toMatch(/^라벨: /);
  }
  const stored = await labels.listKeys('qa/misunderstood/labels');
  expect(stored).toHaveLength(3);
  expect(stored).toContain(`qa/misunderstood/labels/${keyboardLabelled}`);
  await page.screenshot({ path: path.join(artifactsDir, 'qa-misunderstood-ko.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#mis-export')]);
  expect(download.suggestedFilename()).toBe('misunderstood-2026-11-20_2026-11-20.json');
  const file = labelledSetSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
  const utterances = file.intents.flatMap((entry) => [...entry.utterances.ko, ...entry.utterances.en].map((text) => `${entry.intent}:${text}`));
  expect(utterances).toHaveLength(3);
  expect(utterances).toContain('copy_cert:how do I move my cert');
  expect(utterances).toContain('trouble_unrecognized:인증서 안 보여요!!');
  expect(await page.locator('#announce').textContent()).toBe('라벨 붙인 메시지를 내려받았어요.');
  await page.context().close();
}, 120_000);

test('in English at phone size: the same labels, readable names, nothing wider than the screen, axe-clean', async () => {
  const page = await open('en', { width: 390, height: 844 });
  await expect(page.locator('#mis-title').textContent()).resolves.toBe('Misunderstood messages');
  await expect(page.locator('.mis-group').first().locator('h3').textContent()).resolves.toBe('3 similar messages');
  const options = await page.locator('select.mis-label').first().locator('option').allTextContents();
  expect(options[0]).toBe('Choose an intent…');
  expect(options).toContain('Out of scope');
  expect(options).toContain('Renew a certificate');
  await expect(itemWith(page, 'how do I move my cert').locator('.mis-current').textContent()).resolves.toBe('Label: Copy or move a certificate');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await seriousViolations(page)).toEqual([]);
  // Saving without choosing says so, in English.
  await itemWith(page, '대출 이자 알려줘').locator('button.mis-save').click();
  await page.waitForFunction(() => document.getElementById('problem')?.textContent === 'Choose an intent first.');
  await page.screenshot({ path: path.join(artifactsDir, 'qa-misunderstood-en-phone.png'), fullPage: true });
  await page.context().close();
}, 120_000);
