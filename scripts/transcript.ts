// Lists, exports (Emulator .transcript) and purges stored conversation transcripts: see qa/transcripts/cli.ts.
import { loadConfig } from '../server/config.js';
import { openTranscriptReader } from '../server/records.js';
import { runTranscriptCli } from '../qa/transcripts/cli.js';

async function main(): Promise<number> {
  // The same settings and transcript store as the server (STORAGE=postgres: its rows), so the CLI reads what the server recorded.
  const config = loadConfig();
  const reader = openTranscriptReader(config);
  try {
    return await runTranscriptCli(process.argv.slice(2), {
      store: reader.store,
      retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
      volatile: config.STORAGE === 'memory',
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    });
  } finally {
    await reader.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`transcript: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
