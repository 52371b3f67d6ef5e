// The library must bundle for browsers without Node built-ins and run there. Here "there" is a vm
// context with only what a browser offers (no require, process, Buffer); a Chromium test reuses the bundle.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { build } from 'esbuild';
import { webcrypto } from 'node:crypto';
import vm from 'node:vm';
import { browserBundleCode, BROWSER_GLOBAL_NAME } from './bundle.js';
import { generateFixtures } from './fixtures/generate.js';
import { inspect } from './index.js';

let code = '';
beforeAll(async () => {
  code = await browserBundleCode();
}, 60_000);

describe('browser bundle', () => {
  test('builds for platform browser and refers to no Node built-in', () => {
    expect(code.length).toBeGreaterThan(10_000);
    expect(code).not.toMatch(/require\(["'](node:)?(fs|crypto|path|buffer|os|child_process)["']\)/);
  });

  test('the same build setup rejects code that imports a Node built-in (so the check above can fail)', async () => {
    await expect(
      build({
        stdin: { contents: "import { readFileSync } from 'node:fs'; console.log(readFileSync);", resolveDir: '.' },
        bundle: true,
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      }),
    ).rejects.toThrow();
  });

  function browserLikeContext(): vm.Context {
    const sandbox: Record<string, unknown> = { TextDecoder, TextEncoder, crypto: webcrypto, console };
    sandbox.self = sandbox;
    sandbox.window = sandbox;
    const context = vm.createContext(sandbox);
    vm.runInContext(code, context);
    return context;
  }

  test('runs in a browser-like sandbox and inspects a fixture', () => {
    const { now, fixtures, password } = generateFixtures();
    const context = browserLikeContext();
    expect(vm.runInContext('typeof require + typeof process + typeof Buffer', context)).toBe('undefinedundefinedundefined');
    context.input = JSON.stringify({
      files: fixtures['zip-npki'].files.map((file) => ({ name: file.name, bytes: Array.from(file.bytes) })),
      now: now.toISOString(),
      password,
    });
    const json = vm.runInContext(
      `(() => {
        const input = JSON.parse(globalThis.input);
        const files = input.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
        return JSON.stringify(${BROWSER_GLOBAL_NAME}.inspect(files, { now: new Date(input.now), password: input.password }));
      })()`,
      context,
    );
    const report = JSON.parse(json);
    expect(report.ok).toBe(true);
    expect(report.certificate.ca).toBe('금융결제원 (yessign)');
    expect(report.privateKey).toMatchObject({ decrypted: true, matchesCertificate: true });
    expect(vm.runInContext(`${BROWSER_GLOBAL_NAME}.maskOwnerName('홍길동')`, context)).toBe('홍*동');
  });

  test("gives the same report as Node for every fixture (browsers run forge's pure-JS PBKDF2, Node the native one)", () => {
    const { now, fixtures } = generateFixtures();
    const context = browserLikeContext();
    for (const [name, fixture] of Object.entries(fixtures)) {
      if (name.startsWith('zip-bomb') || name === 'too-large') continue; // large inputs: covered in Node
      context.input = JSON.stringify({
        files: fixture.files.map((file) => ({ name: file.name, bytes: Array.from(file.bytes) })),
        password: fixture.password,
        rrn: fixture.rrn,
      });
      const inBrowser = JSON.parse(
        vm.runInContext(
          `(() => {
            const input = JSON.parse(globalThis.input);
            const files = input.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
            return JSON.stringify(${BROWSER_GLOBAL_NAME}.inspect(files, { now: new Date(${now.getTime()}), password: input.password, rrn: input.rrn, input: ${JSON.stringify(name)} }));
          })()`,
          context,
        ),
      );
      expect({ name, report: inBrowser }).toEqual({ name, report: inspect(fixture.files, { now, password: fixture.password, rrn: fixture.rrn, input: name }) });
    }
  }, 60_000);
});
