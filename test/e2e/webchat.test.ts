import path from 'node:path';
import { generateFixtures } from '../../cert-core/fixtures/generate.js';
import { loadContent } from '../../content/load.js';
import { artifactsDir } from '../support/browser.js';
import { attach, chatSession, click, see as expectVisible, send, walkProcedure } from '../support/webchat-page.js';

const chat = chatSession();

test('a customer gets the menu, clicks a button and uploads a file in the official Web Chat', async () => {
  const { page, errors: pageErrors } = await chat.open();

  await send(page, '안녕하세요');
  await expectVisible(page, '인증서 도우미');
  await click(page, '문제 해결');
  await expectVisible(page, '어떤 문제가 있나요?');

  // The attachment button's hidden file input: Web Chat uploads through Direct Line's /upload as soon
  // as a file is chosen. The bot checks the certificate in memory.
  const pair = generateFixtures().fixtures['valid-yessign'].files;
  const upload = (name: string) => attach(page, name, pair.find((f) => f.name.endsWith(name))!.bytes);
  await upload('signCert.der');
  await expectVisible(page, '인증서 확인 결과');
  await expectVisible(page, '홍*동');
  await expectVisible(page, '금융결제원 (yessign)');
  // A private key is stopped in the page (never uploaded): the on-device check opens with it instead.
  await upload('signPri.key');
  await page.locator('#local-check .lc-notice').getByText('개인키가 들어 있어서 올리지 않았어요').waitFor({ timeout: 20_000 });
  await page.keyboard.press('Escape');

  await page.screenshot({ path: path.join(artifactsDir, 'webchat.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
}, 90_000);

test('a customer walks a whole procedure, card by card, and rates it', async () => {
  const procedure = loadContent().procedures.find((p) => p.id === 'epost-joint-reissue-web')!;
  const { page, errors: pageErrors } = await chat.open();

  await send(page, '우체국 인터넷뱅킹 공동인증서 재발급 방법 알려주세요');
  await walkProcedure(page, procedure);
  await click(page, '👍 도움이 됐어요');
  await expectVisible(page, '의견 고마워요');

  await page.screenshot({ path: path.join(artifactsDir, 'procedure.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
}, 120_000);

test('the English page talks English', async () => {
  const { page } = await chat.open({ query: '?lang=en' });
  await send(page, 'hello');
  await expectVisible(page, 'Certificate Helper');
  await click(page, 'Troubleshooting');
  await expectVisible(page, "What's going wrong?");
}, 90_000);
