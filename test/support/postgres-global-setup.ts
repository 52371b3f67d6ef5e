import pg from 'pg';

/**
 * Runs once before the unit project: is there a PostgreSQL to test against? If so, the suites
 * that need one run (POSTGRES_TESTS=on reaches every test worker through the environment). If
 * not, ONE line says they were skipped and how to run them; REQUIRE_POSTGRES=1 (set by .ci/run)
 * turns that into a failure, so CI can never pass without them.
 */
export default async function postgresGlobalSetup(): Promise<void> {
  if (process.env.POSTGRES_TESTS === 'off' && process.env.REQUIRE_POSTGRES !== '1') return;
  const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    process.env.POSTGRES_TESTS = 'on';
  } catch (error) {
    const reason = (error as Error).message || String(error);
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${redactUrl(url)} is not reachable: ${reason}`);
    process.env.POSTGRES_TESTS = 'off';
    console.log(
      `PostgreSQL tests skipped (${redactUrl(url)}: ${reason}); to run them start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
