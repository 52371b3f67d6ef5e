// The stand-in bank site: started by `npm start` in local mode only, its origin then allowed to embed;
// its pages carry the one script tag pinned to the launcher actually served, under a strict CSP.
import { bundle, integrityOf } from './web-bundles.js';
import { startEmbedDemoIfLocal, type EmbedDemo } from './embed-demo.js';

const ASSISTANT = 'http://127.0.0.1:3978';

function settings(overrides: { MicrosoftAppId?: string; EMBED_DEMO_PORT?: number } = {}) {
  return { HOST: '127.0.0.1', publicBaseUrl: ASSISTANT, EMBED_ALLOWED_ORIGINS: ['https://www.bank.example'], EMBED_DEMO_PORT: 0, ...overrides };
}

test('never beside Bot Framework keys (a production host), nor without EMBED_DEMO_PORT', async () => {
  const withKeys = settings({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001' });
  expect(await startEmbedDemoIfLocal(withKeys)).toBeUndefined();
  expect(withKeys.EMBED_ALLOWED_ORIGINS).toEqual(['https://www.bank.example']);
  const unset = { ...settings(), EMBED_DEMO_PORT: undefined };
  expect(await startEmbedDemoIfLocal(unset)).toBeUndefined();
  expect(unset.EMBED_ALLOWED_ORIGINS).toEqual(['https://www.bank.example']);
});

describe('in local mode with EMBED_DEMO_PORT', () => {
  const config = settings();
  let demo: EmbedDemo;
  beforeAll(async () => {
    demo = (await startEmbedDemoIfLocal(config))!;
  });
  afterAll(() => demo?.close());

  test('serves the bank pages on its own origin, which is then allowed to embed', async () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(config.EMBED_ALLOWED_ORIGINS).toEqual(['https://www.bank.example', demo.url]);
  });

  test.each(['/', '/page2.html', '/?lang=en'])(
    '%s embeds the launcher with one script tag pinned to the served bytes, under a strict CSP',
    async (path) => {
      const response = await fetch(`${demo.url}${path}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      // One tag names the assistant; the demo's own script (its buttons) is a file of its origin, not inline.
      const tags = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag).filter((tag) => tag.includes(ASSISTANT));
      expect(tags).toHaveLength(1);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(tags[0]).toContain(`src="${ASSISTANT}/embed.js"`);
      expect(tags[0]).toContain(`integrity="${integrityOf(await bundle('/embed.js')!)}"`);
      expect(tags[0]).toContain('crossorigin="anonymous"');
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain(`script-src 'self' ${ASSISTANT};`);
      expect(policy).toContain(`frame-src ${ASSISTANT};`);
      expect(policy).not.toContain('unsafe-inline');
    },
    30_000,
  );

  test('HEAD is answered like GET, without a body; unknown paths are 404', async () => {
    const head = await fetch(`${demo.url}/page2.html`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
    expect((await fetch(`${demo.url}/nothing-here`)).status).toBe(404);
  });
});
