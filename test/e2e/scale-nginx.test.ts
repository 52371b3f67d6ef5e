import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { generateFixtures } from '../../cert-core/fixtures/generate.js';
import { loadContent } from '../../content/load.js';
import { describePostgres } from '../../storage/postgres/test-support.js';
import { startCluster, type Cluster } from '../scale/cluster.js';
import { launchChromium } from '../support/browser.js';
import { attach, click, openChat, see, send, walkProcedure } from '../support/webchat-page.js';

/**
 * Issue 12, "a real load balancer": Debian's nginx with the shipped deploy/nginx.conf (round robin,
 * WebSocket upgrade) in front of two instances on one PostgreSQL. The official Web Chat in Chromium
 * walks a whole procedure and uploads a certificate through nginx; the access log shows that both
 * instances answered this customer's requests.
 */
jest.setTimeout(300_000);

describePostgres('Web Chat through nginx, two instances', () => {
  let cluster: Cluster;
  let browser: Browser;
  beforeAll(async () => {
    [cluster, browser] = await Promise.all([startCluster(2, { nginx: true }), launchChromium()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  test('a procedure and an upload complete while requests alternate between the instances', async () => {
    const { page, errors } = await openChat(browser, cluster.nginx!.url);
    const procedure = loadContent().procedures.find((p) => p.id === 'epost-joint-reissue-web')!;
    await send(page, '우체국 인터넷뱅킹 공동인증서 재발급 방법 알려주세요');
    await walkProcedure(page, procedure);

    await send(page, '처음으로');
    await click(page, '문제 해결');
    await see(page, '어떤 문제가 있나요?');
    const certificate = generateFixtures().fixtures['valid-yessign'].files.find((file) => file.name.endsWith('signCert.der'))!;
    await attach(page, 'signCert.der', certificate.bytes);
    await see(page, '인증서 확인 결과');
    await see(page, '홍*동');
    expect(errors).toEqual([]);

    // Both instances served this page's Direct Line requests (token, posts, upload, stream).
    const log = await cluster.nginx!.accessLog();
    const directLine = log.filter((line) => /\/(v3\/directline|api\/webchat)\//.test(line));
    const answeredBy = new Set(directLine.map((line) => line.split(' ').pop()));
    expect([...answeredBy].sort()).toEqual(cluster.ports.map((port) => `127.0.0.1:${port}`).sort());
    // Every request through nginx succeeded (no 5xx from an instance that did not know the conversation).
    expect(directLine.filter((line) => / 5\d\d /.test(line))).toEqual([]);
  });
});
