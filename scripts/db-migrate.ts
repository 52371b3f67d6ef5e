// npm run db:migrate — applies the PostgreSQL migrations (DATABASE_URL or PG*, DATABASE_SCHEMA) and
// prints what it applied. Safe to run while instances start: the migrator's advisory lock orders them.
import dotenv from 'dotenv';
import { ZodError } from 'zod';
import { parsePostgresEnv } from '../storage/postgres/config.js';
import { migrate } from '../storage/postgres/migrate.js';

dotenv.config({ quiet: true });
try {
  const applied = await migrate(parsePostgresEnv(process.env));
  console.log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
} catch (error) {
  const message = error instanceof ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n') : (error as Error).message;
  console.error(`db:migrate failed: ${message}`);
  process.exitCode = 1;
}
