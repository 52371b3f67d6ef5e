import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { countAcknowledged, post, readAll, startConversation, type Conversation } from '../support/crash-load.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';

/**
 * Crash consistency: the real server with lowdb storage is killed with SIGKILL while 50
 * conversations post messages, then restarted on the same data directory — several times. Every
 * conversation must go on (a new post is answered and the watermark moves past everything
 * stored), no acknowledged post may be missing, no stored file may be corrupt, and no orphan temp
 * file may survive a restart.
 */

jest.setTimeout(150_000);

const CONVERSATIONS = 50;
const KILLS = 3;
/** The kill lands once this many more posts were acknowledged in the round, with every driver still posting. */
const ACKS_BEFORE_KILL = 60;
const SECRET = 'sigkill-secret-0123456789abcdef';

let dataDir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sigkill-'));
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

// A crash test, not a limits test (test/adversarial/limits.test.ts): 50 conversations from one address
// would otherwise meet the per-client limits.
const UNLIMITED = Object.fromEntries(['TOKENS', 'CONVERSATIONS', 'MESSAGES', 'CONVERSATION_MESSAGES'].map((name) => [`RATE_LIMIT_${name}`, '100000/1m']));
const start = () => spawnServer({ STORAGE: 'lowdb', DATA_DIR: dataDir, DIRECTLINE_SECRET: SECRET, ...UNLIMITED });

/** Posts in a loop until the server goes away; records what was acknowledged. */
async function drive(base: string, conversation: Conversation, round: number): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      const id = await post(base, conversation, `안녕하세요 ${round}-${i}`);
      if (!id) return;
      conversation.acknowledged.push(id);
    } catch {
      return; // killed
    }
  }
}

/** What is wrong with a conversation after a restart (empty when it goes on as it should). */
async function problemsAfterRestart(base: string, conversation: Conversation): Promise<string[]> {
  const { activities, watermark } = await readAll(base, conversation);
  const stored = new Set(activities.map((activity) => activity.id));
  const lost = conversation.acknowledged.filter((id) => !stored.has(id));
  if (lost.length > 0) return [`${conversation.id}: acknowledged but lost ${lost.join(', ')}`];

  const id = await post(base, conversation, '처음으로');
  if (!id) return [`${conversation.id}: a new post was refused`];
  conversation.acknowledged.push(id);
  // The bot's answer must become readable after the post: the watermark has to move past it.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const after = await readAll(base, conversation, watermark);
    const mine = after.activities.findIndex((activity) => activity.id === id);
    if (mine >= 0 && after.activities.slice(mine + 1).some((activity) => activity.from.role === 'bot')) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [`${conversation.id}: stuck at watermark ${watermark} (the new post or its answer never became readable)`];
}

/** Stored JSON files that do not parse, and temp files older than the running server. */
async function diskProblems(startedAt: number): Promise<string[]> {
  const files = (await readdir(dataDir, { recursive: true })).map((file) => path.join(dataDir, file));
  const problems: string[] = [];
  for (const file of files) {
    // A temp file of a write in flight may be renamed away meanwhile: only old ones count.
    if (file.endsWith('.tmp') && ((await stat(file).catch(() => undefined))?.mtimeMs ?? Infinity) < startedAt)
      problems.push(`orphan ${path.relative(dataDir, file)}`);
    if (!file.endsWith('.json')) continue;
    try {
      JSON.parse(await readFile(file, 'utf8'));
    } catch {
      problems.push(`corrupt ${path.relative(dataDir, file)}`);
    }
  }
  return problems;
}

test(`SIGKILL under load (${CONVERSATIONS} conversations, ${KILLS} kills): every conversation goes on, nothing acknowledged is lost`, async () => {
  server = await start();
  const conversations = await Promise.all(Array.from({ length: CONVERSATIONS }, () => startConversation(server!.url)));
  let acknowledgedBefore = 0;

  for (let round = 1; round <= KILLS; round++) {
    const base = server.url;
    const load = conversations.map((conversation) => drive(base, conversation, round));
    const deadline = Date.now() + 30_000;
    while (countAcknowledged(conversations) < acknowledgedBefore + ACKS_BEFORE_KILL && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await server.stop('SIGKILL');
    await Promise.all(load);
    expect(countAcknowledged(conversations)).toBeGreaterThanOrEqual(acknowledgedBefore + ACKS_BEFORE_KILL);

    const restartedAt = Date.now();
    server = await start();
    const problems = (await Promise.all(conversations.map((conversation) => problemsAfterRestart(server!.url, conversation)))).flat();
    expect({ round, problems }).toEqual({ round, problems: [] });
    expect({ round, disk: await diskProblems(restartedAt) }).toEqual({ round, disk: [] });
    acknowledgedBefore = countAcknowledged(conversations);
  }
});
