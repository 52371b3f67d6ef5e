import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { loadResources } from '../../bot/create-assistant.js';
import { assistantTarget } from '../../qa/replay/in-process.js';
import { isScriptFile, loadScript } from '../../qa/replay/load.js';
import { mapPool } from '../../qa/replay/pool.js';
import { formatFailure } from '../../qa/replay/report.js';
import { runScript } from '../../qa/replay/runner.js';

// Every script of the corpus is its own test case; a failing one prints its diff.
const here = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here, { recursive: true, encoding: 'utf8' })
  .filter((file) => isScriptFile(file) && !file.split(path.sep).some((part) => part.endsWith('.files')))
  .sort();

/** Each script's outcome: undefined when it passed, else the message with its diff. */
const outcomes = new Map<string, string | undefined>();

// The scripts run together, as `npm run -s replay` runs them (each on its own conversation and
// storage): ~150 scripts one by one cost jest several seconds more than the bot needs.
beforeAll(async () => {
  const target = assistantTarget(await loadResources());
  await mapPool(files, 16, async (file) => {
    const loaded = loadScript(path.join(here, file));
    if (!loaded.ok) return outcomes.set(file, loaded.error.message);
    const result = await runScript(loaded.script, target);
    outcomes.set(file, result.passed ? undefined : `${result.name}\n${result.failures.map(formatFailure).join('\n')}`);
  });
}, 60_000);

describe('transcript corpus', () => {
  test('has scripts', () => expect(files.length).toBeGreaterThan(0));

  test.each(files)('%s', (file) => {
    expect(outcomes.has(file)).toBe(true);
    const failure = outcomes.get(file);
    if (failure) throw new Error(failure);
  });
});
