// The same scripts replayed in-process and against the running server (`replay --url`, through its
// Direct Line channel, ending turns at the bot's end-of-turn mark) must get the same verdicts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadResources } from '../../bot/create-assistant.js';
import { directLineTarget } from '../../qa/replay/direct-line.js';
import { assistantTarget } from '../../qa/replay/in-process.js';
import { loadScript } from '../../qa/replay/load.js';
import { mapPool } from '../../qa/replay/pool.js';
import { formatFailure } from '../../qa/replay/report.js';
import { runScript, type ScriptResult } from '../../qa/replay/runner.js';
import type { Script } from '../../qa/replay/script.js';
import type { Target } from '../../qa/replay/target.js';
import { startTestApp } from '../support/app.js';
import { RecordingStorage } from '../support/recording-storage.js';

const QA_LIMITS = Object.fromEntries(
  ['RATE_LIMIT_TOKENS', 'RATE_LIMIT_CONVERSATIONS', 'RATE_LIMIT_MESSAGES', 'RATE_LIMIT_CONVERSATION_MESSAGES', 'RATE_LIMIT_UPLOADS', 'RATE_LIMIT_TICKETS'].map(
    (key) => [key, '100000/1m'],
  ),
);
const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'transcripts');

/** Cards and buttons, typed answers, English, uploads (certificates, a key, zips, the page's report), handoff, Botium scripts. */
const SCRIPTS = [
  'welcome-on-join.test.yaml',
  'upload-ack.test.yaml',
  'botium-clicks.test.yaml',
  'botium/trouble-by-button-events.convo.txt',
  'botium/check-file-media.convo.txt',
  'botium/typed-procedure.convo.txt',
  'botium/agent-wait-by-button-events.convo.txt',
  'flows/back-and-next.test.yaml',
  'flows/typed-answers.test.yaml',
  'flows/trouble-and-resume.test.yaml',
  'flows/change-institution.test.yaml',
  'flows/help-midway.test.yaml',
  'flows/interruptions.en.test.yaml',
  'flows/agent-midway.test.yaml',
  'flows/menu-agent.test.yaml',
  'flows/feedback-not-helpful.test.yaml',
  'uploads/valid.test.yaml',
  'uploads/expired.en.test.yaml',
  'uploads/key.test.yaml',
  'uploads/zip-with-key.test.yaml',
  'uploads/damaged.test.yaml',
  'uploads/local-check-wrong-password.test.yaml',
  'troubles/password-financial_change.test.yaml',
  'troubles/expired-expired.en.test.yaml',
  'faq/list.test.yaml',
  'faq/list.en.test.yaml',
];

function load(file: string): Script {
  const loaded = loadScript(file);
  if (!loaded.ok) throw loaded.error;
  return loaded.script;
}

const verdict = (result: ScriptResult) => (result.passed ? 'passed' : `failed\n${result.failures.map(formatFailure).join('\n')}`);

describe('replay --url gets the verdicts the in-process replay gets', () => {
  let server: Awaited<ReturnType<typeof startTestApp>>;
  let inProcess: Target;
  const storage = new RecordingStorage();
  // The server's clock follows the scripts being replayed (uploads are judged on their own date).
  let clock = new Date();

  beforeAll(async () => {
    // One QA client replays many conversations quickly from one address: lift the per-client limits.
    server = await startTestApp(QA_LIMITS, { storage, now: () => new Date(clock) });
    inProcess = assistantTarget(await loadResources());
  }, 60_000);
  afterAll(async () => {
    await server?.app.close();
  });

  test('corpus scripts (cards, uploads, handoff, Botium convos): same verdicts, all passing, one user per script', async () => {
    const scripts = SCRIPTS.map((file) => load(path.join(corpus, file)));
    const byClock = new Map<number, Script[]>();
    for (const script of scripts) byClock.set(script.now.getTime(), [...(byClock.get(script.now.getTime()) ?? []), script]);
    const url = directLineTarget(server.url);
    const verdicts: { file: string; inProcess: string; url: string }[] = [];
    for (const [time, group] of byClock) {
      clock = new Date(time);
      // In parallel, as `replay --url` runs them by default.
      const remote = await mapPool(group, 4, (script) => runScript(script, url, { turnTimeoutMs: 15_000 }));
      const local = await mapPool(group, 4, (script) => runScript(script, inProcess));
      group.forEach((script, i) => verdicts.push({ file: path.relative(corpus, script.file), inProcess: verdict(local[i]), url: verdict(remote[i]) }));
    }
    expect(verdicts.length).toBeGreaterThanOrEqual(20);
    for (const entry of verdicts) expect({ file: entry.file, verdict: entry.url }).toEqual({ file: entry.file, verdict: entry.inProcess });
    expect(verdicts.filter((entry) => entry.url !== 'passed')).toEqual([]);

    // Every replayed conversation was bound to a user of its own.
    const users = conversationUsers(storage);
    expect(users.length).toBe(scripts.length);
    expect(new Set(users).size).toBe(users.length);
  }, 180_000);

  test('scripts that name the same user share it, on purpose; a wrong expectation fails both ways alike', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'replay-url-'));
    const write = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
    const shared = ['a', 'b'].map((id) =>
      load(
        write(`${id}.test.yaml`, `name: shared ${id}\nuser: qa-shared-user\nsteps:\n  - user: 안녕하세요\n    expect: { card: { title: 인증서 도우미 } }\n`),
      ),
    );
    const wrong = load(write('wrong.test.yaml', 'steps:\n  - user: 안녕하세요\n  - bot: { card: { title: 작별 인사 } }\n'));
    const before = new Set(conversationUsers(storage));
    clock = wrong.now;
    const url = directLineTarget(server.url);
    const remote = await mapPool([...shared, wrong], 3, (script) => runScript(script, url));
    const local = await mapPool([...shared, wrong], 3, (script) => runScript(script, inProcess));
    expect(remote.map((r) => r.passed)).toEqual([true, true, false]);
    expect(local.map((r) => r.passed)).toEqual([true, true, false]);
    expect(remote[2].failures[0].mismatches).toEqual(local[2].failures[0].mismatches);
    const added = conversationUsers(storage).filter((user) => !before.has(user));
    expect(added.filter((user) => user === 'qa-shared-user')).toHaveLength(2);
    expect(added).toHaveLength(3);
  }, 60_000);
});

/** The user each Direct Line conversation was started for, from what the channel stored. */
function conversationUsers(storage: RecordingStorage): string[] {
  const metas = new Map<string, string>();
  for (const write of storage.writes) if (/^dl\/[^/]+\/meta$/.test(write.key)) metas.set(write.key, write.json);
  return [...metas.values()].map((json) => (JSON.parse(json) as { meta: { userId: string } }).meta.userId);
}
