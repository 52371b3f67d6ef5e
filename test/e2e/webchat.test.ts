import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifactsDir, launchChromium } from '../support/browser.js';
import { startTestApp } from '../support/app.js';


let browser: Browser;
let stop: () => Promise<void>;
let baseUrl: string;

beforeAll(async () => {
  const started = await startTestApp();
  baseUrl = started.url;
  stop = () => started.app.close();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stop?.();
});

async function send(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
}

test('a customer talks to the assistant in the official Web Chat: menu, button, upload', async () => {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${baseUrl}/`);

  // The widget is the official one, loaded from our own server.
  await page.waitForFunction(() => typeof (window as unknown as { WebChat?: unknown }).WebChat === 'object');
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor();

  await send(page, '안녕하세요');
  const menuButton = page.locator('.ac-pushButton', { hasText: '문제 해결' }).last();
  await menuButton.waitFor({ timeout: 20_000 });
  await expectVisible(page, '인증서 도우미');

  await menuButton.click();
  await expectVisible(page, '비밀번호 오류, 만료, 인증서가 보이지 않는 문제를 진단해 드릴게요');

  // The attachment button's hidden file input: Web Chat uploads through Direct Line's /upload.
  await page.locator('input[type="file"]').setInputFiles({
    name: 'signCert.der',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('0\u0082not-really-a-certificate'),
  });
  // Web Chat 4.18 attaches first and sends with the send button.
  await page.locator('.webchat__send-button').click();
  await expectVisible(page, '파일을 받았어요: signCert.der');

  await page.screenshot({ path: path.join(artifactsDir, 'webchat.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
}, 90_000);

async function expectVisible(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).last().waitFor({ timeout: 20_000 });
}
