import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The dependency rules (.dependency-cruiser.cjs) run against small made-up trees laid out like this
// repository: a clean tree passes, and each kind of violation the rules exist for fails by name.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** A clean tree: every import goes downward. */
const CLEAN: Record<string, string> = {
  'lib/redact.ts': 'export const redact = (s: string) => s;\n',
  'content/texts.ts': "import { redact } from '../lib/redact';\nexport const text = redact('x');\n",
  'cards/card-data.ts': "import { text } from '../content/texts';\nexport const card = { text };\n",
  'cards/card-data.test.ts': "import { card } from './card-data';\nexport const seen = card;\n",
  'dialogs/router.ts': "import { card } from '../cards/card-data';\nexport const route = () => card;\n",
  'bot/assistant.ts': "import { route } from '../dialogs/router';\nexport const run = route;\n",
  'scripts/replay.ts': "import { run } from '../bot/assistant';\nrun();\n",
};

function cruise(files: Record<string, string>): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'depcruise-'));
  try {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const args = [
      depcruise,
      '--config',
      path.join(root, '.dependency-cruiser.cjs'),
      '--output-type',
      'err',
      ...new Set(Object.keys(files).map((f) => f.split('/')[0])),
    ];
    try {
      return { ok: true, output: execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe', timeout: 60_000 }) };
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${stdout ?? ''}${stderr ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('dependency rules', () => {
  test('a tree whose imports all go downward passes', () => {
    const result = cruise(CLEAN);
    expect(result.output).toMatch(/no dependency violations/);
    expect(result.ok).toBe(true);
  });

  // One tree holding one violation of each kind (a cruise takes seconds): each must be reported by its rule.
  const VIOLATIONS: [string, string, Record<string, string>][] = [
    [
      'an import cycle',
      'no-circular',
      { 'cards/a.ts': "import { b } from './b';\nexport const a = b;\n", 'cards/b.ts': "import { a } from './a';\nexport const b = () => a;\n" },
    ],
    ['dialogs importing bot/', 'layer-dialogs', { 'dialogs/upward.ts': "import { run } from '../bot/assistant';\nexport const up = run;\n" }],
    ['cert-core importing content', 'layer-cert-core', { 'cert-core/index.ts': "import { text } from '../content/texts';\nexport const c = text;\n" }],
    [
      'a script importing test code',
      'tools-never-import-tests',
      {
        'test/support/harness.ts': 'export const harness = 1;\n',
        'scripts/record.ts': "import { harness } from '../test/support/harness';\nexport const h = harness;\n",
      },
    ],
    [
      'a cards test importing dialogs',
      'tests-of-cards-stay-low',
      { 'cards/menu.test.ts': "import { route } from '../dialogs/router';\nexport const r = route;\n" },
    ],
    [
      'the browser-safe walker importing Node',
      'browser-walker-stays-browser-safe',
      { 'cards/walk.ts': "import { readFileSync } from 'node:fs';\nexport const w = readFileSync;\n" },
    ],
  ];
  let broken: { ok: boolean; output: string } | undefined;
  const brokenTree = () => (broken ??= cruise(Object.assign({ ...CLEAN }, ...VIOLATIONS.map(([, , files]) => files))));

  test.each(VIOLATIONS)('%s fails with %s', (_what, rule) => {
    expect(brokenTree().ok).toBe(false);
    expect(brokenTree().output).toContain(`error ${rule}:`);
  });
});
