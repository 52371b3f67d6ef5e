// The "내 PC에서 안전하게 확인" panel in the real page and the real Chromium: it checks generated NPKI
// fixtures with the cert-core browser bundle, shows the result, posts only a trimmed report to the
// conversation, and no request or WebSocket frame from the page ever carries the password or key bytes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CertReportSchema, type CertReport } from '../../cert-core/index.js';
import { FIXTURE_NOW, FIXTURE_PASSWORD, OWNER, generateFixtures } from '../../cert-core/fixtures/generate.js';
import { artifactsDir, launchChromium } from '../support/browser.js';
import { startTestApp } from '../support/app.js';

let browser: Browser;
let stop: () => Promise<void>;
let baseUrl: string;
let secret: string;
let postFromBot: (conversationId: string, activity: Record<string, unknown>) => Promise<unknown>;
let fixtureDir: string;

beforeAll(async () => {
  const started = await startTestApp();
  baseUrl = started.url;
  secret = started.config.directLineSecret;
  postFromBot = (conversationId, activity) => started.app.directLine.postFromBot(conversationId, activity);
  stop = () => started.app.close();
  fixtureDir = await mkdtemp(path.join(tmpdir(), 'local-check-'));
  generateFixtures(fixtureDir);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stop?.();
  if (fixtureDir) await rm(fixtureDir, { recursive: true, force: true });
});

/** Everything the page sent: HTTP request bodies (with their URLs) and WebSocket frames. */
interface Sent {
  what: string;
  payload: Buffer;
}

async function openRecordedPage(
  query = '',
  viewport = { width: 1100, height: 1150 },
): Promise<{ page: Page; context: BrowserContext; sent: Sent[]; conversationId: () => string; errors: string[] }> {
  // The default is tall enough for the whole panel (with its result) in the screenshot.
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const sent: Sent[] = [];
  const errors: string[] = [];
  let conversationId = '';
  context.on('request', (request) => {
    sent.push({
      what: `${request.method()} ${request.url()}`,
      payload: Buffer.concat([Buffer.from(request.url()), Buffer.from('\n'), request.postDataBuffer() ?? Buffer.alloc(0)]),
    });
    const headers = JSON.stringify(request.headers());
    sent.push({ what: `headers of ${request.url()}`, payload: Buffer.from(headers) });
  });
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => sent.push({ what: `ws ${socket.url()}`, payload: Buffer.from(frame.payload) }));
    sent.push({ what: 'ws url', payload: Buffer.from(socket.url()) });
  });
  page.on('response', async (response) => {
    if (response.url().endsWith('/api/webchat/token')) conversationId = ((await response.json()) as { conversationId: string }).conversationId;
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // The fixtures are dated around FIXTURE_NOW: the page's clock starts an hour before it (so whole days
  // left stay exactly as at FIXTURE_NOW while the test runs) and then runs normally.
  await page.clock.install({ time: new Date(FIXTURE_NOW.getTime() - 3_600_000) });
  await page.goto(`${baseUrl}/${query}`);
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });
  return { page, context, sent, conversationId: () => conversationId, errors };
}

async function runCheck(page: Page, password: string): Promise<void> {
  await page.locator('#lc-password').fill(password);
  await page.locator('#local-check button[type="submit"]').click();
}

async function conversationEvents(conversationId: string): Promise<CertReport[]> {
  const response = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${secret}` } });
  const { activities } = (await response.json()) as { activities: Array<{ type: string; name?: string; value?: unknown }> };
  return activities
    .filter((activity) => activity.type === 'event' && activity.name === 'certcheck/report')
    .map((activity) => CertReportSchema.parse(activity.value));
}

// ---- secret detectors (each has a positive control below, so they can fail) ----

function passwordForms(password: string): string[] {
  const jsonEscaped = JSON.stringify(password)
    .slice(1, -1)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [password, encodeURIComponent(password), Buffer.from(password).toString('base64'), jsonEscaped];
}

/** Every 32-byte window of the key as raw bytes, plus aligned base64 (40-char) and hex forms of it. */
function keyWindowDetector(key: Uint8Array): (payload: Buffer) => string | undefined {
  const bytes = Buffer.from(key);
  const base64Chunks = new Set<string>();
  // Any base64 text of ≥ 32 consecutive key bytes contains 30 bytes aligned to one of three offsets.
  for (let offset = 0; offset < 3; offset++) {
    const encoded = bytes.subarray(offset).toString('base64');
    for (let i = 0; i + 40 <= encoded.length - 4; i += 4) base64Chunks.add(encoded.slice(i, i + 40));
  }
  return (payload) => {
    for (let i = 0; i + 32 <= bytes.length; i += 1) {
      const window = bytes.subarray(i, i + 32);
      if (payload.indexOf(window) >= 0) return `raw key bytes at ${i}`;
      if (i % 8 === 0 && payload.toString('latin1').toLowerCase().includes(window.toString('hex'))) return `hex key bytes at ${i}`;
      if (i % 8 === 0 && payload.toString('latin1').includes(Array.from(window).join(','))) return `key bytes as a number list at ${i}`;
    }
    const text = payload.toString('latin1');
    for (const chunk of base64Chunks) if (text.includes(chunk) || text.includes(chunk.replace(/\+/g, '-').replace(/\//g, '_'))) return 'base64 key bytes';
    return undefined;
  };
}

function leaks(sent: Sent[], password: string, key: Uint8Array): string[] {
  const forms = passwordForms(password);
  const keyLeak = keyWindowDetector(key);
  const found: string[] = [];
  for (const { what, payload } of sent) {
    const text = payload.toString('utf8');
    const latin = payload.toString('latin1');
    for (const form of forms) if (text.includes(form) || latin.includes(form)) found.push(`password in ${what}`);
    const keyHit = keyLeak(payload);
    if (keyHit) found.push(`${keyHit} in ${what}`);
  }
  return found;
}

test('the panel checks a key+cert pair in the browser and posts only the masked report', async () => {
  const fixture = generateFixtures().fixtures['valid-yessign'];
  const certPath = path.join(fixtureDir, 'valid-yessign', fixture.files.find((file) => file.name.endsWith('signCert.der'))!.name);
  const keyPath = path.join(fixtureDir, 'valid-yessign', fixture.files.find((file) => file.name.endsWith('signPri.key'))!.name);
  const keyBytes = new Uint8Array(await readFile(keyPath));
  const { page, context, sent, conversationId, errors } = await openRecordedPage();

  // Opened from the header button; focus moves into the panel.
  await page.locator('#open-local-check').click();
  await shown(page, '#local-check');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('lc-files');
  expect(await page.locator('#lc-send').isChecked()).toBe(true);

  await page.locator('#lc-files').setInputFiles([certPath, keyPath]);
  await runCheck(page, FIXTURE_PASSWORD);
  const result = page.locator('#lc-result');
  await result.getByText('문제를 찾지 못했어요').waitFor({ timeout: 30_000 });
  const text = await result.innerText();
  expect(text).toContain('홍*동');
  expect(text).not.toContain(OWNER);
  expect(text).toContain('금융결제원 (yessign)');
  expect(text).toContain('개인 범용');
  expect(text).toContain('265일 남음');
  expect(text).toContain('비밀번호 맞음');
  expect(await page.locator('#lc-password').inputValue()).toBe(''); // cleared after the check
  await page.getByText('결과를 상담에 보냈어요').waitFor({ timeout: 20_000 });
  await page.screenshot({ path: path.join(artifactsDir, 'local-check.png'), fullPage: true });

  // The same files with a wrong password.
  await runCheck(page, 'Wrong!비밀번호9');
  await result.getByText('인증서 비밀번호가 맞지 않아요.').waitFor({ timeout: 30_000 });
  expect(await result.innerText()).toContain('대소문자·특수문자');
  await page.waitForFunction(() => document.querySelector('.lc-progress')?.textContent?.includes('결과를 상담에 보냈어요'), undefined, { timeout: 20_000 });

  // Esc closes and gives focus back to the header button.
  await page.keyboard.press('Escape');
  await hidden(page, '#local-check');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-local-check');

  // Opened from a bot card: Action.OpenUrl to #local-check.
  await postFromBot(conversationId(), {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: '파일을 내 PC에서 확인해 볼까요?', wrap: true }],
          actions: [{ type: 'Action.OpenUrl', title: '내 PC에서 안전하게 확인', url: '#local-check' }],
        },
      },
    ],
  });
  await page.locator('.ac-pushButton', { hasText: '내 PC에서 안전하게 확인' }).last().click({ timeout: 20_000 });
  await shown(page, '#local-check');
  await page.keyboard.press('Escape');
  await hidden(page, '#local-check');
  // …and from the address: #local-check.
  await page.evaluate(() => {
    location.hash = 'local-check';
  });
  await shown(page, '#local-check');

  // The conversation got exactly the two trimmed reports.
  const events = await conversationEvents(conversationId());
  expect(events).toHaveLength(2);
  const [good, wrong] = events;
  expect(good).toMatchObject({ ok: true, problems: [], identity: null, otherCertificates: [], input: 'signCert.der, signPri.key' });
  expect(good.certificate).toMatchObject({ owner: '홍*동', ca: '금융결제원 (yessign)', daysLeft: 265 });
  expect(good.privateKey).toMatchObject({ present: true, decrypted: true, matchesCertificate: true });
  expect(wrong.ok).toBe(false);
  expect(wrong.problems.map((problem) => problem.code)).toEqual(['WRONG_PASSWORD']);
  expect(wrong.problems[0].file).toBe('signPri.key');
  for (const event of events) expect(JSON.stringify(event)).not.toContain(OWNER);
  // Web Chat posted them as event activities over Direct Line.
  const posts = sent.filter(({ what }) => /^POST .*\/v3\/directline\/conversations\/[^/]+\/activities$/.test(what));
  expect(posts.filter(({ payload }) => payload.toString('utf8').includes('"name":"certcheck/report"'))).toHaveLength(2);

  // Nothing the page sent carries the password (either one) or any 32-byte window of the key file.
  expect(sent.length).toBeGreaterThan(5);
  expect(leaks(sent, FIXTURE_PASSWORD, keyBytes)).toEqual([]);
  expect(leaks(sent, 'Wrong!비밀번호9', keyBytes)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('the detectors used above find each form of a leak', () => {
  const key = new Uint8Array(200).map((_, i) => (i * 37 + 11) & 0xff);
  const sample = (payload: Buffer | string): Sent[] => [{ what: 'sample', payload: Buffer.from(payload) }];
  expect(leaks(sample(Buffer.from(key.subarray(50, 90))), 'pw', key)).not.toEqual([]);
  expect(leaks(sample(`{"k":"${Buffer.from(key.subarray(7, 45)).toString('base64')}"}`), 'pw', key)).not.toEqual([]);
  expect(leaks(sample(`{"k":"${Buffer.from(key.subarray(64, 100)).toString('hex')}"}`), 'pw', key)).not.toEqual([]);
  expect(leaks(sample(`[${Array.from(key.subarray(16, 60)).join(',')}]`), 'pw', key)).not.toEqual([]);
  expect(leaks(sample(JSON.stringify({ password: FIXTURE_PASSWORD })), FIXTURE_PASSWORD, key)).not.toEqual([]);
  expect(leaks(sample(`p=${encodeURIComponent(FIXTURE_PASSWORD)}`), FIXTURE_PASSWORD, key)).not.toEqual([]);
  expect(leaks(sample(Buffer.from(key.subarray(0, 31))), 'pw', key)).toEqual([]);
});

test('in English on a phone-sized screen, a picked NPKI folder is checked without a password and nothing is sent when the box is unticked', async () => {
  const { page, context, sent, errors } = await openRecordedPage('?lang=en', { width: 360, height: 740 });
  await page.locator('#open-local-check').click();
  await shown(page, '#local-check');
  const box = await page.locator('#local-check').boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true); // the panel fits the phone's width
  await page.locator('#lc-folder').setInputFiles(path.join(fixtureDir, 'valid-KICA', 'NPKI'));
  await page.locator('#lc-send').uncheck();
  await page.locator('#local-check button[type="submit"]').click();
  const result = page.locator('#lc-result');
  await result.getByText('No problems found.').waitFor({ timeout: 30_000 });
  const text = await result.innerText();
  expect(text).toContain('문제를 찾지 못했어요'); // Korean first, English under it
  expect(text).toContain('한국정보인증 (KICA)');
  expect(text).toContain('not checked: no password');
  expect(text).not.toContain(OWNER);
  expect(await page.locator('.lc-progress').innerText()).toBe('');
  expect(sent.some(({ payload }) => payload.toString('utf8').includes('certcheck/report'))).toBe(false);
  await page.screenshot({ path: path.join(artifactsDir, 'local-check-mobile-en.png') });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

async function shown(page: Page, selector: string): Promise<void> {
  await page.locator(selector).waitFor({ state: 'visible', timeout: 10_000 });
}

async function hidden(page: Page, selector: string): Promise<void> {
  await page.locator(selector).waitFor({ state: 'hidden', timeout: 10_000 });
}
