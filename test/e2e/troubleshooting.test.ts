// The three troubles diagnosed end to end in the official Web Chat, in Korean and English,
// with a server-side check of an uploaded certificate and the page's local check.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURE_NOW, FIXTURE_PASSWORD, generateFixtures } from '../../cert-core/fixtures/generate.js';
import { artifactsDir } from '../support/browser.js';
import { attach, chatSession, click, see, send } from '../support/webchat-page.js';

const fixtures = generateFixtures().fixtures;
const chat = chatSession();

async function open(query = ''): Promise<Page> {
  return (await chat.open({ query, clock: FIXTURE_NOW })).page;
}

async function upload(page: Page, fixture: string, name: string) {
  await attach(page, name, fixtures[fixture].files.find((f) => f.name.endsWith(name))!.bytes);
}

test('expired (English): the tree, then an uploaded certificate, then the reissue guide', async () => {
  const page = await open('?lang=en');
  await send(page, 'my certificate expired');
  await see(page, 'What does it say about the expiry date?');
  await click(page, "I don't know the date");
  await upload(page, 'expired', 'signCert.der');
  await see(page, 'Certificate check');
  await see(page, '홍*동');
  await click(page, 'Reissue');
  await see(page, 'Which');
  await page.screenshot({ path: path.join(artifactsDir, 'trouble-expired-en.png'), fullPage: true });
}, 120_000);

test('not recognized (Korean): where it is stored, the checklist, and a private key stopped in the page', async () => {
  const page = await open();
  await send(page, '인증서가 안 보여요');
  await see(page, '인증서를 어디에 두셨어요?');
  await click(page, 'PC 하드디스크');
  await see(page, 'NPKI');
  await upload(page, 'valid-yessign', 'signPri.key');
  await see(page, '개인키가 들어 있어서 올리지 않았어요');
  expect(await page.locator('#lc-picked').innerText()).toContain('signPri.key'); // ready to check on the device
}, 120_000);

test('password (Korean): the local check runs in the page and the bot diagnoses its report', async () => {
  const page = await open();
  await send(page, '인증서 비밀번호가 틀렸대요');
  await see(page, '어떤 인증서');
  await click(page, '공동인증서');
  // The panel: pick the pair, type a wrong password, send only the result.
  await page.evaluate(() => (window as unknown as { openLocalCheck: () => void }).openLocalCheck());
  const pair = fixtures['valid-yessign'].files;
  await page
    .locator('dialog input[type="file"]:not([webkitdirectory])')
    .setInputFiles(pair.map((f) => ({ name: f.name.split('/').pop()!, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
  await page.locator('dialog input[type="password"]').fill(`${FIXTURE_PASSWORD}-wrong`);
  await page.locator('dialog button', { hasText: '확인' }).first().click();
  await see(page, '인증서 비밀번호가 맞지 않아요');
  await page.keyboard.press('Escape');
  await see(page, '인증서 확인 결과');
  await page.screenshot({ path: path.join(artifactsDir, 'trouble-password-local.png'), fullPage: true });
}, 120_000);
