import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { loadResources } from '../../bot/create-assistant.js';
import { assistantTarget } from '../../qa/replay/in-process.js';
import { isScriptFile, loadScript } from '../../qa/replay/load.js';
import { formatFailure } from '../../qa/replay/report.js';
import { runScript } from '../../qa/replay/runner.js';
import type { Target } from '../../qa/replay/target.js';

// Every script of the corpus is its own test case; a failing one prints its diff.
const here = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((file) => isScriptFile(file) && !file.split(path.sep).some((part) => part.endsWith('.files')))
  .sort();

let target: Target;
beforeAll(async () => {
  target = assistantTarget(await loadResources());
}, 30_000);

describe('transcript corpus', () => {
  test('has scripts', () => expect(files.length).toBeGreaterThan(0));

  test.each(files)('%s', async (file) => {
    const loaded = loadScript(path.join(here, file));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const result = await runScript(loaded.script, target);
    if (!result.passed) throw new Error(`${result.name}\n${result.failures.map(formatFailure).join('\n')}`);
  });
});
