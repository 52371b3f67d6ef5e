import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { LowdbStorage } from './lowdb-storage.js';
import { ListableMemoryStorage, type ListableStorage } from './listable.js';
import { PostgresStorage } from './postgres/postgres-storage.js';
import { postgresTestsEnabled, usePostgresSchema } from './postgres/test-support.js';

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'storage-test-'));
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

// The same contract for every backend: dialogs must not notice which one they run on.
const backends: [string, () => ListableStorage][] = [
  ['ListableMemoryStorage', () => new ListableMemoryStorage()],
  ['LowdbStorage', () => new LowdbStorage(path.join(tempDir, `db-${Math.random().toString(36).slice(2)}`))],
];
// PostgreSQL when the run has one (test/support/postgres-global-setup.ts): one schema for the file, dropped after it.
const pg = postgresTestsEnabled ? usePostgresSchema() : undefined;
if (pg) backends.push(['PostgresStorage', () => new PostgresStorage(pg.pool)]);

describe.each(backends)('%s', (_name, make) => {
  test('writes, reads back a copy with an eTag, deletes', async () => {
    const storage = make();
    await storage.write({ 'conv/1': { count: 1, nested: { a: [1, 2] } } });
    const read = await storage.read(['conv/1', 'missing']);
    expect(Object.keys(read)).toEqual(['conv/1']);
    expect(read['conv/1']).toMatchObject({ count: 1, nested: { a: [1, 2] } });
    expect(typeof read['conv/1'].eTag).toBe('string');
    await storage.delete(['conv/1']);
    expect(await storage.read(['conv/1'])).toEqual({});
  });

  test('a write with a stale eTag is refused and changes nothing', async () => {
    const storage = make();
    await storage.write({ k: { v: 1 } });
    const first = (await storage.read(['k'])).k;
    await storage.write({ k: { v: 2, eTag: first.eTag } });
    await expect(storage.write({ k: { v: 3, eTag: first.eTag } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read(['k'])).k.v).toBe(2);
  });

  test('eTag "*" overwrites whatever is there', async () => {
    const storage = make();
    await storage.write({ k: { v: 1 } });
    await storage.write({ k: { v: 9, eTag: '*' } });
    expect((await storage.read(['k'])).k.v).toBe(9);
  });

  test('of two concurrent writers holding the same eTag exactly one wins', async () => {
    const storage = make();
    await storage.write({ k: { v: 0 } });
    const { eTag } = (await storage.read(['k'])).k;
    const results = await Promise.allSettled([storage.write({ k: { v: 'a', eTag } }), storage.write({ k: { v: 'b', eTag } })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  test('lists the keys directly under a parent, not deeper ones, not deleted ones', async () => {
    const storage = make();
    await storage.write({ 'idx/2026-11-30/a': {}, 'idx/2026-11-30/b:c;d@e': {}, 'idx/2026-11-30/deep/x': {}, 'idx/2026-12-01/z': {}, 'idx/2026-11-3': {} });
    await storage.delete(['idx/2026-11-30/a']);
    expect((await storage.listKeys('idx/2026-11-30')).sort()).toEqual(['idx/2026-11-30/b:c;d@e']);
    expect((await storage.listKeys('idx')).sort()).toEqual(['idx/2026-11-3']);
    expect(await storage.listKeys('nothing/here')).toEqual([]);
  });
});

test('LowdbStorage keeps one file per key, so a write touches only its own file', async () => {
  const dir = path.join(tempDir, 'layout');
  const storage = new LowdbStorage(dir);
  await storage.write({ a: { x: 1 }, b: { x: 2 }, 'weird/key:with spaces': { x: 3 } });
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(3);
  const contents = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  expect(contents.filter((c) => c.includes('"weird/key:with spaces"'))).toHaveLength(1);
  // A fresh instance (a restarted process) reads what the first one wrote.
  expect((await new LowdbStorage(dir).read(['b'])).b.x).toBe(2);
});

test('LowdbStorage moves files of the earlier layout (one folder per hash shard) on first use', async () => {
  const dir = path.join(tempDir, 'legacy');
  const hash = createHash('sha256').update('dl/c1/meta').digest('hex');
  await mkdir(path.join(dir, hash.slice(0, 2)), { recursive: true });
  await writeFile(path.join(dir, hash.slice(0, 2), `${hash}.json`), JSON.stringify({ key: 'dl/c1/meta', eTag: 'e1', value: { count: 3 } }));
  const storage = new LowdbStorage(dir);
  expect((await storage.read(['dl/c1/meta']))['dl/c1/meta']).toMatchObject({ count: 3, eTag: 'e1' });
  expect(await storage.listKeys('dl/c1')).toEqual(['dl/c1/meta']);
});

test('LowdbStorage removes the temp files a killed process left behind, and keeps every record', async () => {
  const dir = path.join(tempDir, 'orphans');
  await new LowdbStorage(dir).write({ 'dl/c/a/1': { x: 1 }, b: { x: 2 } });
  const records = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json'));
  // What steno leaves when the process dies between writing its temp file and renaming it.
  const orphans = records.map((f) => path.join(dir, path.dirname(f), `.${path.basename(f)}.tmp`));
  await Promise.all(orphans.map((file) => writeFile(file, '{"key":"b","eTag":"half-writ')));
  await mkdir(path.join(dir, 'ff'), { recursive: true });
  await writeFile(path.join(dir, 'ff', '.lost.json.tmp'), '');

  const restarted = new LowdbStorage(dir);
  expect((await restarted.read(['dl/c/a/1', 'b'])).b.x).toBe(2);
  const left = await readdir(dir, { recursive: true });
  expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  expect(left.filter((f) => f.endsWith('.json'))).toHaveLength(2);
});

test('LowdbStorage answers recent records from memory: copies, never stale, bounded, the files stay the truth', async () => {
  const dir = path.join(tempDir, 'recent');
  // Room for a couple of small records only: the rest is evicted and read from its file again.
  const storage = new LowdbStorage(dir, 400);
  await storage.write({ a: { n: 1, list: [1] } });
  const first = await storage.read(['a']);
  (first.a.list as number[]).push(99); // a caller changing what it read changes nothing stored
  expect((await storage.read(['a'])).a.list).toEqual([1]);
  // A stale eTag is still refused, the fresh one accepted; a delete is seen at once.
  await expect(storage.write({ a: { n: 2, eTag: 'stale' } })).rejects.toThrow(/eTag conflict/);
  await storage.write({ a: { n: 2, eTag: first.a.eTag } });
  expect((await storage.read(['a'])).a.n).toBe(2);
  for (let i = 0; i < 20; i++) await storage.write({ [`k${i}`]: { i, padding: 'x'.repeat(40) } });
  expect((await storage.read(['a', 'k0', 'k19'])).k0.i).toBe(0);
  // What a read returns is what the file holds (a restarted process reads the same).
  expect(await new LowdbStorage(dir).read(['a', 'k0', 'k19'])).toEqual(await storage.read(['a', 'k0', 'k19']));
  await storage.delete(['a']);
  expect(await storage.read(['a'])).toEqual({});
  // A read racing a write never leaves the older record behind in memory.
  await Promise.all([storage.write({ r: { v: 'old' } })]);
  await Promise.all([storage.read(['r']), storage.write({ r: { v: 'new', eTag: '*' } }), storage.read(['r'])]);
  expect((await storage.read(['r'])).r.v).toBe('new');
});

test('LowdbStorage remembers absent keys too, and never misses a record written or deleted since', async () => {
  const dir = path.join(tempDir, 'absent');
  const storage = new LowdbStorage(dir);
  expect(await storage.read(['gone', 'later'])).toEqual({});
  // Answered from memory now: a record another process put there (against the one-process rule) is not seen…
  await new LowdbStorage(dir).write({ gone: { x: 1 } });
  expect(await storage.read(['gone'])).toEqual({});
  // …while this process's own writes and deletes are, at once.
  await storage.write({ later: { x: 2 } });
  expect((await storage.read(['later'])).later.x).toBe(2);
  await storage.delete(['later']);
  expect(await storage.read(['later'])).toEqual({});
  // A read racing the write that creates its key never leaves "absent" behind, whatever the order.
  for (let i = 0; i < 20; i++) {
    const key = `race${i}`;
    await Promise.all([storage.read([key]), storage.write({ [key]: { v: i } }), storage.read([key])]);
    expect((await storage.read([key]))[key]).toMatchObject({ v: i });
    await Promise.all([storage.read([key]), storage.delete([key]), storage.read([key])]);
    expect(await storage.read([key])).toEqual({});
  }
  // An eTag check on a key remembered absent still refuses a stale eTag.
  await expect(storage.write({ never: { x: 1, eTag: 'made-up' } })).rejects.toThrow(/eTag conflict/);
});

test('LowdbStorage keeps a read while writes of OTHER keys run (a busy server still hits its cache)', async () => {
  const dir = path.join(tempDir, 'busy');
  const storage = new LowdbStorage(dir);
  await storage.write({ mine: { v: 1 } });
  const restarted = new LowdbStorage(dir);
  // Read while another key's write is in flight: the record is kept, so a file changed behind
  // the storage's back afterwards is not read again (proof it came from memory).
  await Promise.all([restarted.read(['mine']), restarted.write({ other: { v: 2 } })]);
  await new LowdbStorage(dir).write({ mine: { v: 3 } });
  expect((await restarted.read(['mine'])).mine.v).toBe(1);
});
