// Every header issue 20 promises, asserted on the real server: on pages, bundles and API answers,
// for GET and HEAD; the cross-origin gate attacked with forged, null and look-alike origins.
import { createHash } from 'node:crypto';
import http from 'node:http';
import WebSocket from 'ws';
import { parseConfig, ConfigError } from '../../server/config.js';
import { TEAMS_FRAME_ANCESTORS } from '../../server/security-headers.js';
import { ROUTES, STATIC_PATHS } from '../adversarial/routes.js';
import { startTestApp } from '../support/app.js';

const BANK = 'https://www.bank.example';
const GOV_TEAMS = ['https://*.gov.teams.microsoft.us', 'https://*.dod.teams.microsoft.us'];
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const started = await startTestApp({ EMBED_ALLOWED_ORIGINS: `${BANK},http://127.0.0.1:9`, TEAMS_EXTRA_FRAME_ORIGINS: GOV_TEAMS.join(',') });
  url = started.url;
  close = () => started.app.close();
}, 60_000);
afterAll(() => close());

/** A POST with headers fetch() will not forge (Host). */
function rawPost(target: string, headers: Record<string, string>): Promise<{ status: number; cors: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request(target, { method: 'POST', headers }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, cors: response.headers['access-control-allow-origin'] as string | undefined });
    });
    request.on('error', reject);
    request.end();
  });
}

const csp = (response: Response) => response.headers.get('content-security-policy') ?? '';
const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `));

describe('security headers', () => {
  // Route patterns (/assets/*, /vendor/webchat-:version) are checked through the URLs the page names.
  const everything = [...STATIC_PATHS.filter((path) => !/[*:]/.test(path)), '/embed.js', '/vendor/cert-core.js', '/healthz', 'assets named by the page'];

  test.each(everything)('%s has every header, for GET and for HEAD', async (path) => {
    if (path === 'assets named by the page') {
      const html = await (await fetch(`${url}/`)).text();
      const named = [...html.matchAll(/(?:src|href)="(\/(?:assets|vendor)\/[^"]+)"/g)].map((match) => match[1]);
      expect(named.some((urlPath) => urlPath.startsWith('/vendor/webchat-'))).toBe(true);
      for (const urlPath of named) await expectEveryHeader(urlPath);
      return;
    }
    await expectEveryHeader(path);
  });

  async function expectEveryHeader(path: string): Promise<void> {
    const get = await fetch(`${url}${path}`);
    const head = await fetch(`${url}${path}`, { method: 'HEAD' });
    for (const response of [get, head]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
      expect(response.headers.get('permissions-policy')).toContain('microphone=()');
      expect(response.headers.get('strict-transport-security')).toBeNull(); // http here
      const policy = csp(response);
      expect(directive(policy, 'script-src')).toBe("script-src 'self'");
      expect(directive(policy, 'object-src')).toBe("object-src 'none'");
      expect(directive(policy, 'base-uri')).toBe("base-uri 'none'");
      expect(directive(policy, 'frame-ancestors')).toBeDefined();
    }
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(await head.text()).toBe('');
    expect((await get.arrayBuffer()).byteLength).toBeGreaterThan(0);
  }

  // test/adversarial/routes.test.ts keeps ROUTES equal to what the server registers: a new GET route is covered here too.
  test('HEAD is answered wherever GET is: every GET API route answers HEAD with the GET status and type, without a body', async () => {
    const { token: bearer, conversationId } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
    };
    expect((await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${bearer}` } })).status).toBe(201);
    const answered: Record<string, number> = {};
    for (const route of ROUTES.filter((candidate) => candidate.method === 'GET')) {
      const path = route.path
        .replace(':conversationId', encodeURIComponent(conversationId))
        .replace(':attachmentId', 'no-such-file')
        .replace(':id', 'T-no-such');
      const headers: Record<string, string> = route.credential === 'token' ? { Authorization: `Bearer ${bearer}` } : {};
      const get = await fetch(`${url}${path}`, { headers });
      const head = await fetch(`${url}${path}`, { method: 'HEAD', headers });
      expect({ path, status: head.status, type: head.headers.get('content-type'), body: await head.text() }).toEqual({
        path,
        status: get.status,
        type: get.headers.get('content-type'),
        body: '',
      });
      await get.arrayBuffer();
      answered[path] = head.status;
    }
    // Not only refusals: the probes and the conversation's own routes answered 200.
    for (const path of ['/healthz', '/readyz', `/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`])
      expect({ path, status: answered[path] }).toEqual({ path, status: 200 });
    expect(Object.values(answered)).not.toContain(405);
  });

  test('no script source is inline or eval anywhere in the policy', async () => {
    const policy = csp(await fetch(`${url}/`));
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(policy).not.toMatch(/default-src[^;]*'unsafe/);
  });

  test('frame-ancestors: the customer page by this site and the listed banks, the console by Teams only (not this site), the rest by no one', async () => {
    expect(directive(csp(await fetch(`${url}/`)), 'frame-ancestors')).toBe(`frame-ancestors 'self' ${BANK} http://127.0.0.1:9`);
    for (const path of ['/agent', '/agent/', '/agent/agent.js']) {
      for (const method of ['GET', 'HEAD']) {
        const policy = csp(await fetch(`${url}${path}`, { method }));
        expect(directive(policy, 'frame-ancestors')).toBe(`frame-ancestors ${[...TEAMS_FRAME_ANCESTORS, ...GOV_TEAMS].join(' ')}`);
        expect(policy).not.toContain("'self' https://teams");
      }
    }
    expect(TEAMS_FRAME_ANCESTORS).toEqual(['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://teams.cloud.microsoft']);
    expect(directive(csp(await fetch(`${url}/healthz`)), 'frame-ancestors')).toBe("frame-ancestors 'none'");
  });

  test('the pages pin our own scripts and stylesheets with subresource integrity that matches what is served', async () => {
    for (const page of ['/', '/agent/']) {
      const html = await (await fetch(`${url}${page}`)).text();
      // Integrity applies to scripts and stylesheets (browsers ignore it on icons).
      const tags = [...html.matchAll(/<(?:script\b[^>]*\bsrc|link\b[^>]*rel="stylesheet"[^>]*\bhref)="(\/[^"]+)"[^>]*>/g)];
      expect(tags.length).toBeGreaterThan(1);
      for (const [tag, path] of tags) {
        const integrity = /integrity="(sha384-[^"]+)"/.exec(tag)?.[1];
        expect({ path, integrity: Boolean(integrity) }).toEqual({ path, integrity: true });
        const bytes = Buffer.from(await (await fetch(`${url}${path}`)).arrayBuffer());
        expect(integrity).toBe(`sha384-${createHash('sha384').update(bytes).digest('base64')}`);
      }
    }
  });

  test("the customer page's import map pins every module (the local check's chunks too) with the served bytes' integrity", async () => {
    for (const page of ['/', '/?lang=en', '/index.html']) {
      const html = await (await fetch(`${url}${page}`)).text();
      const maps = [...html.matchAll(/<script type="importmap">([^<]*)<\/script>/g)].map((match) => match[1]);
      expect(maps).toHaveLength(1);
      // Before the module script: browsers ignore an import map that comes after a module started loading.
      expect(html.indexOf('type="importmap"')).toBeLessThan(html.indexOf('type="module"'));
      const { integrity } = JSON.parse(maps[0]) as { integrity: Record<string, string> };
      const modules = Object.keys(integrity);
      expect(modules.some((path) => /^\/assets\/chunks\/panel-[A-Z0-9]+\.js$/.test(path))).toBe(true); // the local check's panel
      expect(modules.some((path) => /^\/assets\/chunks\/cert-core-[A-Z0-9]+\.js$/.test(path))).toBe(true); // the key guard's cert-core
      for (const [path, value] of Object.entries(integrity)) {
        const served = await fetch(`${url}${path}`);
        expect({ path, status: served.status }).toEqual({ path, status: 200 });
        expect({ path, value }).toEqual({
          path,
          value: `sha384-${createHash('sha384')
            .update(Buffer.from(await served.arrayBuffer()))
            .digest('base64')}`,
        });
      }
      // Every module any of them imports (statically or by import()) is in the map: none escapes integrity.
      const imports: { path: string; imported: string; pinned: boolean }[] = [];
      for (const path of modules) {
        const code = await (await fetch(`${url}${path}`)).text();
        for (const [, specifier] of code.matchAll(/(?:from|import\(?)\s*"((?:\.{1,2})?\/[^"]+\.js)"/g)) {
          const imported = new URL(specifier, `${url}${path}`).pathname;
          imports.push({ path, imported, pinned: modules.includes(imported) });
        }
      }
      expect(imports.some(({ imported }) => imported.includes('/chunks/panel-'))).toBe(true);
      expect(imports.filter(({ pinned }) => !pinned)).toEqual([]);
    }
  });

  test('the import map may run by its hash on the customer page only; script-src stays self everywhere', async () => {
    const response = await fetch(`${url}/`);
    const map = /<script type="importmap">([^<]*)<\/script>/.exec(await response.text())![1];
    const hash = `'sha256-${createHash('sha256').update(map).digest('base64')}'`;
    expect(directive(csp(response), 'script-src-elem')).toBe(`script-src-elem 'self' ${hash}`);
    expect(directive(csp(response), 'script-src')).toBe("script-src 'self'");
    expect(directive(csp(await fetch(`${url}/`, { method: 'HEAD' })), 'script-src-elem')).toBe(`script-src-elem 'self' ${hash}`);
    for (const path of ['/agent/', '/embed.js', '/healthz', '/vendor/webchat.js']) {
      expect({ path, elem: directive(csp(await fetch(`${url}${path}`)), 'script-src-elem') }).toEqual({ path, elem: undefined });
    }
  });

  test('embed.js is readable by other sites (so they can pin it with integrity) and holds no data', async () => {
    const response = await fetch(`${url}/embed.js`, { headers: { Origin: 'https://anyone.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  });
});

describe('report-only mode and HTTPS', () => {
  test('CSP_MODE=report-only reports the policy but still enforces frame-ancestors', async () => {
    const started = await startTestApp({ CSP_MODE: 'report-only', CSP_REPORT_URI: 'https://csp.bank.example/report' });
    try {
      const response = await fetch(`${started.url}/`);
      expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
      const reported = response.headers.get('content-security-policy-report-only') ?? '';
      expect(directive(reported, 'script-src')).toBe("script-src 'self'");
      expect(directive(reported, 'report-uri')).toBe('report-uri https://csp.bank.example/report');
      // The import map's hash goes where the policy is (here: the reported one), not into frame-ancestors' header.
      expect(directive(reported, 'script-src-elem')).toMatch(/^script-src-elem 'self' 'sha256-[A-Za-z0-9+/]{43}='$/);
    } finally {
      await started.app.close();
    }
  }, 60_000);

  test('Strict-Transport-Security when PUBLIC_BASE_URL is https; the own origin is then that one exactly', async () => {
    const started = await startTestApp({ PUBLIC_BASE_URL: 'https://assistant.bank.example' });
    try {
      const response = await fetch(`${started.url}/healthz`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const own = await fetch(`${started.url}/api/webchat/token`, { method: 'POST', headers: { Origin: 'https://assistant.bank.example' } });
      expect(own.status).toBe(200);
      // With a public address set, a forged Host no longer makes a foreign origin "own".
      const forged = await rawPost(`${started.url}/api/webchat/token`, { Origin: 'http://evil.example', Host: 'evil.example' });
      expect(forged.status).toBe(403);
    } finally {
      await started.app.close();
    }
  }, 60_000);
});

describe('cross-origin gate (token endpoint and Direct Line)', () => {
  const token = (origin?: string) => fetch(`${url}/api/webchat/token`, { method: 'POST', headers: origin === undefined ? {} : { Origin: origin } });

  test('a listed bank gets tokens with CORS; this site and origin-less clients get them without', async () => {
    const bank = await token(BANK);
    expect(bank.status).toBe(200);
    expect(bank.headers.get('access-control-allow-origin')).toBe(BANK);
    expect(bank.headers.get('vary')).toMatch(/Origin/);
    const own = await token(new URL(url).origin);
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    expect((await token()).status).toBe(200);
  });

  test.each([
    'https://evil.example',
    'null',
    'https://www.bank.example.evil.com', // suffix trick
    'https://www.bank.exampl', // prefix
    'https://www.bank.example:8443', // another port
    'http://www.bank.example', // another scheme
    'HTTPS://WWW.BANK.EXAMPLE', // not as a browser sends it
    'https://www.bank.example/', // with a path
    'https://evil.example, https://www.bank.example', // two origins in one
    '',
  ])('Origin %j is refused with 403 and no CORS header, before any token is made', async (origin) => {
    const response = await token(origin);
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('OriginNotAllowed');
  });

  test('a forged Host that matches a foreign Origin only fools the forger (no public address set)', async () => {
    // The gate guards browsers, which cannot forge Host; a script that can forge both could as well omit Origin.
    const response = await rawPost(`${url}/api/webchat/token`, { Origin: 'http://evil.example', Host: 'evil.example' });
    expect(response).toEqual({ status: 200, cors: undefined });
  });

  test('preflight: granted to a listed bank (only the headers Direct Line reads), refused to others', async () => {
    const ask = (origin: string, path: string) =>
      fetch(`${url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, x-evil' },
      });
    for (const path of ['/api/webchat/token', '/v3/directline/conversations', '/v3/directline/conversations/abcdefgh/activities']) {
      const granted = await ask(BANK, path);
      expect(granted.status).toBe(204);
      expect(granted.headers.get('access-control-allow-origin')).toBe(BANK);
      expect(granted.headers.get('access-control-allow-methods')).toBe('GET, POST');
      expect(granted.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
      const refused = await ask('https://www.bank.example.evil.com', path);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  test('Direct Line REST and its WebSocket refuse a foreign origin, even with a valid token', async () => {
    const { token: bankToken, conversationId } = (await (await token(BANK)).json()) as { token: string; conversationId: string };
    const start = (origin: string) =>
      fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { Origin: origin, Authorization: `Bearer ${bankToken}` } });
    expect((await start('https://evil.example')).status).toBe(403);
    const started = await start(BANK);
    expect(started.status).toBe(201);
    const { streamUrl } = (await started.json()) as { streamUrl: string };
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(streamUrl, { origin });
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('error', () => resolve(-1));
      });
    expect(await open('https://evil.example')).toBe(403);
    expect(await open('null')).toBe(403);
    expect(await open(BANK)).toBe(101);
    expect(conversationId).toBeTruthy();
  });
});

describe('TEAMS_EXTRA_FRAME_ORIGINS', () => {
  test.each([
    'https://*.us', // too wide
    'https://*.microsoft.us',
    '*',
    'https://*',
    'https://gov.*.microsoft.us', // wildcard not first
    'https://*.*.teams.microsoft.us',
    'http://*.gov.teams.microsoft.us', // not https
    'http://teams.bank.example',
    'https://*.gov.teams.microsoft.us/', // path
    'https://*.GOV.teams.microsoft.us',
    "https://x.teams.microsoft.us; script-src 'unsafe-inline'", // header injection
    'https://x.teams.microsoft.us https://evil.example',
    'teams.microsoft.us',
  ])('%j stops the start with a readable reason', (entry) => {
    expect(() => parseConfig({ TEAMS_EXTRA_FRAME_ORIGINS: entry })).toThrow(ConfigError);
    expect(() => parseConfig({ TEAMS_EXTRA_FRAME_ORIGINS: entry })).toThrow(/TEAMS_EXTRA_FRAME_ORIGINS/);
  });

  test('government Teams clouds and a local stand-in are accepted; unset means none', () => {
    expect(
      parseConfig({ TEAMS_EXTRA_FRAME_ORIGINS: `${GOV_TEAMS.join(', ')}, http://127.0.0.1:3981, https://teams.bank.example:8443` }).TEAMS_EXTRA_FRAME_ORIGINS,
    ).toEqual([...GOV_TEAMS, 'http://127.0.0.1:3981', 'https://teams.bank.example:8443']);
    expect(parseConfig({}).TEAMS_EXTRA_FRAME_ORIGINS).toEqual([]);
    expect(parseConfig({ TEAMS_EXTRA_FRAME_ORIGINS: '' }).TEAMS_EXTRA_FRAME_ORIGINS).toEqual([]);
  });
});

describe('EMBED_ALLOWED_ORIGINS', () => {
  test.each([
    'https://bank.example/',
    'https://*.bank.example',
    '*',
    'bank.example',
    'ftp://bank.example',
    'https://Bank.example',
    'https://bank.example/path',
  ])('%j stops the start with a readable reason', (entry) => {
    expect(() => parseConfig({ EMBED_ALLOWED_ORIGINS: entry })).toThrow(ConfigError);
    expect(() => parseConfig({ EMBED_ALLOWED_ORIGINS: entry })).toThrow(/EMBED_ALLOWED_ORIGINS/);
  });

  test('origins as browsers send them are accepted', () => {
    expect(parseConfig({ EMBED_ALLOWED_ORIGINS: 'https://www.bank.example, http://127.0.0.1:3980' }).EMBED_ALLOWED_ORIGINS).toEqual([
      'https://www.bank.example',
      'http://127.0.0.1:3980',
    ]);
  });
});
