// Lists, exports (Emulator .transcript) and purges stored conversation transcripts: see qa/transcripts/cli.ts.
import { ConfigError, loadConfig } from '../bot/config.js';
import { createStorage } from '../bot/storage/index.js';
import { runTranscriptCli } from '../qa/transcripts/cli.js';

async function main(): Promise<number> {
  const config = loadConfig();
  // TRANSCRIPT_RETENTION_DAYS is validated by bot/config.ts once it is a config key; until then
  // the environment (default 30) is read here the same way.
  const configured = (config as { TRANSCRIPT_RETENTION_DAYS?: number }).TRANSCRIPT_RETENTION_DAYS ?? process.env.TRANSCRIPT_RETENTION_DAYS;
  const retentionDays = configured === undefined || configured === '' ? 30 : Number(configured);
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) throw new ConfigError(`TRANSCRIPT_RETENTION_DAYS: must be a positive number`);
  return runTranscriptCli(process.argv.slice(2), {
    storage: createStorage(config),
    retentionDays,
    volatile: config.STORAGE === 'memory',
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  });
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
