import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { recordFeedback } from '../dialogs/feedback.js';
import { Retention, stateEraser, type RetentionSubject } from './retention.js';
import { LowdbStorage } from '../storage/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retention-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const turn = (conversation: string, user: string) =>
  ({ type: 'message', channelId: 'directline', conversation: { id: conversation }, from: { id: user, role: 'user' } }) as Activity;

test('concurrent conversations are recorded without a conflict; the purge erases each idle one once, keeps the active, drops old feedback days', async () => {
  const storage = new LowdbStorage(path.join(dir, 'store'));
  let now = Date.parse('2026-05-01T10:00:00Z');
  const erased: RetentionSubject[] = [];
  const retention = new Retention(storage, {
    retentionDays: 30,
    now: () => new Date(now),
    dayBuckets: ['feedback'],
    erasers: [stateEraser(storage), async (subject) => void erased.push(subject)],
  });
  const ids = Array.from({ length: 100 }, (_, i) => `c${i}`);
  await storage.write(Object.fromEntries(ids.map((id) => [`directline/conversations/${id}/`, { dialogState: {} }])));
  // Every conversation's turns at once, several each: no write may fail.
  await Promise.all(ids.flatMap((id) => [1, 2, 3].map(() => retention.touch(turn(id, `u-${id}`)))));
  await recordFeedback(storage, { procedureId: 'p', helpful: true, locale: 'ko-KR', at: new Date(now).toISOString() });

  now += 10 * DAY;
  await retention.touch(turn('c0', 'u-c0')); // c0 is still in use
  now += 25 * DAY;
  expect(await retention.purgeExpired()).toBe(99 * 2); // 99 idle conversations and their 99 users
  expect(
    erased
      .filter((s) => s.kind === 'conversation')
      .map((s) => s.id)
      .sort(),
  ).toEqual(ids.slice(1).sort());
  expect(erased.some((s) => s.id === 'c0' || s.id === 'u-c0')).toBe(false);
  expect(Object.keys(await storage.read(ids.map((id) => `directline/conversations/${id}/`)))).toEqual(['directline/conversations/c0/']);
  expect(await storage.listKeys('feedback/2026-05-01')).toEqual([]);
  // A second purge finds nothing more to do.
  expect(await retention.purgeExpired()).toBe(0);

  now += 31 * DAY;
  expect(await retention.purgeExpired()).toBe(2);
  const files = (await readdir(path.join(dir, 'store'), { recursive: true })).filter((f) => String(f).endsWith('.json'));
  expect(files).toEqual([]);
}, 60_000);
