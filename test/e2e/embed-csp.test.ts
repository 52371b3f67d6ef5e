// The strict CSP (no inline script, no eval) holds for everything the customer page does: a full
// procedure, an upload and the local certificate check raise no securitypolicyviolation at all.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_NOW, FIXTURE_PASSWORD, generateFixtures } from '../../cert-core/fixtures/generate.js';
import { loadContent } from '../../content/load.js';
import { attach, see, send, walkProcedure } from '../support/webchat-page.js';
import { cspViolations, embedSite, watchedPage } from './embed.support.js';

const site = embedSite();

test('no CSP violation during a full procedure, an upload and the local check', async () => {
  const fixtureDir = await mkdtemp(path.join(tmpdir(), 'embed-csp-'));
  try {
    const context = await site.browser.newContext({ viewport: { width: 1100, height: 1100 } });
    const { page, errors } = await watchedPage(context);
    await page.clock.install({ time: new Date(FIXTURE_NOW.getTime() - 3_600_000) });
    const response = await page.goto(`${site.assistant}/`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });

    const procedure = loadContent().procedures.find((p) => p.id === 'epost-joint-reissue-web')!;
    await send(page, '우체국 인터넷뱅킹 공동인증서 재발급 방법 알려주세요');
    await walkProcedure(page, procedure);

    const pair = generateFixtures(fixtureDir).fixtures['valid-yessign'].files;
    await attach(page, 'signCert.der', pair.find((file) => file.name.endsWith('signCert.der'))!.bytes);
    await see(page, '인증서 확인 결과');

    await page.locator('#open-local-check').click();
    const folder = path.join(fixtureDir, 'valid-yessign');
    await page.locator('#lc-files').setInputFiles(pair.map((file) => path.join(folder, file.name)));
    await page.locator('#lc-password').fill(FIXTURE_PASSWORD);
    await page.locator('#local-check button[type="submit"]').click();
    await page.locator('#lc-result').waitFor({ timeout: 30_000 });

    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await rm(fixtureDir, { recursive: true, force: true });
  }
}, 180_000);

test('the violation listener works: an inline script on our page is reported (positive control)', async () => {
  const context = await site.browser.newContext();
  const { page } = await watchedPage(context);
  await page.goto(`${site.assistant}/`);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__ran = true';
    document.body.append(script);
  });
  expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
  expect((await cspViolations(page)).join('\n')).toMatch(/script-src-elem/);
  await context.close();
}, 60_000);
