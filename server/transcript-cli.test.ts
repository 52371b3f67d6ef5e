import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { PostgresTranscriptStore } from '../qa/transcripts/index.js';
import { PostgresTranscriptRows } from '../storage/postgres/transcripts.js';
import { describePostgres, TEST_DATABASE_URL, usePostgresSchema } from '../storage/postgres/test-support.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;

const message = (conversationId: string, n: number, text: string, role: 'user' | 'bot', at: Date): Activity =>
  ({
    type: 'message',
    id: `${conversationId}-${n}`,
    channelId: 'directline',
    conversation: { id: conversationId },
    from: { id: role === 'user' ? 'dl_user' : 'bot', role },
    recipient: { id: role === 'user' ? 'bot' : 'dl_user', role: role === 'user' ? 'bot' : 'user' },
    text,
    timestamp: at,
  }) as unknown as Activity;

describePostgres('npm run transcript with STORAGE=postgres reads the rows the server wrote (real PostgreSQL)', () => {
  const db = usePostgresSchema();

  /** The real command (scripts/transcript.ts) with the settings a server on this schema has. */
  const transcript = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/transcript.ts', ...args], {
      cwd: ROOT,
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        STORAGE: 'postgres',
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: db.settings.schema,
        DIRECTLINE_SECRET: 'cli-directline-secret-0123456789',
        AGENT_SESSION_SECRET: 'cli-agent-session-secret-0123456789abcdef',
        CALLBACK_ENCRYPTION_KEY: '22'.repeat(32),
        TRANSCRIPT_RETENTION_DAYS: '30',
      },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  test('list, export (redacted) and purge go through the PostgreSQL transcript store', async () => {
    // What the server's transcript middleware stores on PostgreSQL: one recent conversation, one past retention.
    const store = new PostgresTranscriptStore(new PostgresTranscriptRows(db.pool));
    const now = new Date();
    await store.logActivity(message('pg-recent', 1, '인증서 갱신하려는데 주민번호 900101-1234567 필요해요?', 'user', now));
    await store.logActivity(message('pg-recent', 2, '공동인증서 갱신 방법을 알려드릴게요.', 'bot', new Date(now.getTime() + 1000)));
    await store.logActivity(message('pg-old', 1, '예전 대화', 'user', new Date(now.getTime() - 40 * DAY)));
    await store.flush();

    const listed = await transcript('list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^pg-recent\tdirectline\t\S+\t\S+\t2 activities$/);
    expect(lines[1]).toMatch(/^pg-old\tdirectline\t/);

    const exported = await transcript('export', 'pg-recent');
    expect(exported.code).toBe(0);
    const activities = JSON.parse(exported.stdout) as Activity[];
    expect(activities.map((activity) => activity.from.role)).toEqual(['user', 'bot']);
    expect(exported.stdout).not.toContain('1234567');
    expect((await transcript('export', 'nope')).stderr).toMatch(/no transcript for conversation "nope"/);

    const purged = await transcript('purge');
    expect(purged.stderr).toMatch(/purged 1 conversation\(s\) older than 30 days/);
    expect((await transcript('list')).stdout.trim().split('\n')).toEqual([expect.stringMatching(/^pg-recent\t/)]);
  }, 180_000);
});
