import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { fakeBot } from './fake-bot.js';
import { inProcessTarget } from './in-process.js';
import { toJUnit } from './junit.js';
import { loadScript } from './load.js';
import { formatResult } from './report.js';
import { replay } from './replay.js';
import { runScript } from './runner.js';
import { ScriptError, type Script } from './script.js';

const target = inProcessTarget(fakeBot, { description: 'fake bot' });

function writeScripts(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'replay-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function script(dir: string, name: string): Script {
  const loaded = loadScript(path.join(dir, name));
  if (!loaded.ok) throw loaded.error;
  return loaded.script;
}

const loadError = (text: string): ScriptError => {
  const dir = writeScripts({ 'bad.test.yaml': text });
  const loaded = loadScript(path.join(dir, 'bad.test.yaml'));
  if (loaded.ok) throw new Error('expected a load error');
  return loaded.error;
};

describe('replaying YAML scripts', () => {
  test('a passing script: strict bot steps, clicks, loose expect, fixed clock, events, join', async () => {
    const dir = writeScripts({
      'ok.test.yaml': `name: happy path
now: 2030-01-02T03:04:05Z
steps:
  - join: true
  - bot: { text: hello }
  - user: hi
  - bot:
      card: { title: Welcome, text: "Today: 2030-01-02", actions: [ A, /^B$/ ] }
  - click: A
  - bot: { says: /picked A/ }
  - bot: { none: true }
  - user: something
    expect: { text: "echo: some" }
  - event: { name: certcheck/report, value: { ok: true } }
  - bot: { text: 'event certcheck/report {"ok":true}' }
`,
    });
    const result = await runScript(script(dir, 'ok.test.yaml'), target);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });

  test('a failing script prints the expected vs actual diff with the card rendered', async () => {
    const dir = writeScripts({
      'fail.test.yaml': `name: outdated
steps:
  - user: hi
  - bot: { card: { title: Welcome!, actions: [ A, C ] } }
  - user: more
`,
    });
    const result = await runScript(script(dir, 'fail.test.yaml'), target);
    expect(result.passed).toBe(false);
    const text = formatResult(result).split('\n').slice(1).join('\n');
    expect(text).toBe(
      [
        '  line 4: bot — reply 1 to user "hi"',
        '    card.title',
        '      - expected: "Welcome!"',
        '      + actual:   "Welcome"',
        '    card.actions',
        '      - expected: ["A", "C"]',
        '      + actual:   ["A", "B"]',
        '    reply:',
        '      [card] Welcome',
        '        | Choose one',
        '        | Today: 2026-11-25',
        '        [A] [B]',
        '  line 5: user "more"',
        '    1 reply was not asserted (add bot steps, or use expect: for a loose check)',
        '    reply:',
        '      echo: more',
      ].join('\n'),
    );
  });

  test('a loose expect that no reply satisfies reports the closest reply', async () => {
    const dir = writeScripts({ 'loose.test.yaml': 'steps:\n  - user: hi\n    expect: { card: { title: /Bye/ } }\n' });
    const result = await runScript(script(dir, 'loose.test.yaml'), target);
    expect(formatResult(result)).toContain('line 2: user "hi" (expect: any reply)\n    card.title\n      - expected: /Bye/\n      + actual:   "Welcome"');
  });

  test('activity: sends an activity as a client would post it; user: names the user', async () => {
    const dir = writeScripts({
      'act.test.yaml': `user: qa-anna
steps:
  - activity: { type: event, name: 문제 해결, value: { x: 1 } }
  - bot: { text: 'event 문제 해결 {"x":1}' }
  - activity: { type: message, value: { pick: b } }
  - bot: { text: You picked B }
`,
    });
    const loaded = script(dir, 'act.test.yaml');
    expect(loaded.user).toBe('qa-anna');
    expect(loaded.steps[0]).toMatchObject({ kind: 'send', line: 3, activity: { type: 'event', name: '문제 해결', locale: 'ko-KR' } });
    expect((await runScript(loaded, target)).failures).toEqual([]);
    expect(loadError('steps:\n  - activity: { name: x }\n').message).toMatch(/:2: activity needs a type/);
    expect(loadError('steps:\n  - activity: hello\n').message).toMatch(/:2: activity must be a mapping/);
  });

  test('malformed YAML names the line', () => {
    const error = loadError('name: x\nsteps:\n  - user: hi\n  - bot: { says: [unclosed }\n');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/bad\.test\.yaml:4: invalid YAML/);
  });

  test('unknown keys name the line and the allowed keys', () => {
    expect(loadError('steps:\n  - user: hi\n  - bot:\n      card: { titel: x }\n').message).toMatch(
      /bad\.test\.yaml:4: unknown key "titel" in card \(allowed: title, text, actions\)/,
    );
    expect(loadError('name: x\nstep:\n  - user: hi\n').message).toMatch(/:2: unknown key "step" in script/);
    expect(loadError('steps:\n  - usr: hi\n').message).toMatch(/:2: unknown key "usr" in step/);
  });

  test('other script mistakes are specific', () => {
    expect(loadError('steps:\n  - user: hi\n    bot: { says: x }\n').message).toMatch(/:2: a step needs exactly one of/);
    expect(loadError('steps:\n  - bot:\n      says: /[/\n').message).toMatch(/:3: says: invalid regular expression/);
    expect(loadError('now: yesterday\nsteps:\n  - user: hi\n').message).toMatch(/:1: now: "yesterday" is not a date-time/);
    expect(loadError('steps: []\n').message).toMatch(/steps must be a non-empty list/);
  });

  test('a missing fixture fails its step clearly and stops the script', async () => {
    const dir = writeScripts({ 'up.test.yaml': 'steps:\n  - upload: fixtures/nope.der\n  - user: hi\n' });
    const result = await runScript(script(dir, 'up.test.yaml'), target);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ line: 2, label: 'upload fixtures/nope.der' });
    expect(result.failures[0].reason).toMatch(/^fixture not found: fixtures\/nope\.der/);
  });

  test('an upload reaches the bot through its attachment reader', async () => {
    const dir = writeScripts({ 'up.test.yaml': 'steps:\n  - upload: files/a.der\n  - bot: { text: got a.der (3 bytes) }\n', 'files/a.der': 'abc' });
    expect((await runScript(script(dir, 'up.test.yaml'), target)).failures).toEqual([]);
  });

  test('a bot that never answers fails the step after the turn timeout instead of hanging', async () => {
    const dir = writeScripts({ 'slow.test.yaml': 'steps:\n  - user: silence\n  - bot: { says: x }\n' });
    // The reason names the 100 ms turn timeout: the step failed by it, not by jest's own timeout.
    const result = await runScript(script(dir, 'slow.test.yaml'), target, { turnTimeoutMs: 100 });
    expect(result.failures).toEqual([
      { line: 2, label: 'user "silence"', reason: 'the bot did not finish the turn within 100 ms', mismatches: [], actual: [] },
    ]);
  });

  test('an error thrown by the bot is a failure of its step', async () => {
    const dir = writeScripts({ 'boom.test.yaml': 'steps:\n  - user: boom\n    expect: { none: true }\n' });
    const result = await runScript(script(dir, 'boom.test.yaml'), target);
    expect(result.failures.map((f) => f.reason)).toEqual(['the bot threw: kaboom']);
  });

  test('clicking a button that is not there lists the buttons shown', async () => {
    const dir = writeScripts({ 'click.test.yaml': 'steps:\n  - user: hi\n    expect: { says: Welcome }\n  - click: C\n' });
    const result = await runScript(script(dir, 'click.test.yaml'), target);
    expect(result.failures[0].reason).toBe('no button "C"; the last buttons shown: [A] [B]');
  });

  test('--update rewrites exact-text expectations, keeps regexes and comments', async () => {
    const dir = writeScripts({
      'upd.test.yaml': `# keep me
steps:
  - user: hi
  - bot: { card: { title: Hello, text: /Choose/, actions: [ A, C ] } }   # and me
  - user: more
  - bot: { text: "echo: less" }
`,
    });
    const run = await replay([dir], target, { update: true });
    expect(run.updated).toBe(3);
    const text = readFileSync(path.join(dir, 'upd.test.yaml'), 'utf8');
    expect(text).toContain('# keep me');
    expect(text).toContain('# and me');
    expect(text).toContain('/Choose/');
    const again = await replay([dir], target);
    expect(again.results[0].failures).toEqual([]);
  });

  test('replay runs folders, filters, reports unreadable scripts and writes JUnit', async () => {
    const dir = writeScripts({
      'a.test.yaml': 'name: alpha\nsteps:\n  - user: x\n  - bot: { text: "echo: x" }\n',
      'b.test.yaml': 'name: beta\nsteps:\n  - user: x\n  - bot: { text: "echo: y" }\n',
      'c.test.yaml': 'name: gamma\nsteps:\n  - user: [\n',
      'notes.md': 'ignored',
    });
    const all = await replay([dir], target);
    expect(all.results.map((r) => [r.name, r.passed])).toEqual([
      ['alpha', true],
      ['beta', false],
      ['c.test.yaml', false],
    ]);
    expect((await replay([dir], target, { filter: 'ALP' })).results.map((r) => r.name)).toEqual(['alpha']);
    const xml = toJUnit(all.results, 'transcripts', 1);
    expect(xml).toContain('<testsuite name="transcripts" tests="3" failures="2" errors="0" time="1.000">');
    expect(xml).toMatch(/<testcase classname="[^"]*a\.test\.yaml" name="alpha" time="[\d.]+"\/>/);
    expect(xml).toContain('<failure message="line 4: text">');
    expect(xml).toContain('- expected: &quot;echo: y&quot;');
  });
});
