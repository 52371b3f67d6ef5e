// Replays transcript scripts (test/transcripts by default) against the real bot: see qa/replay/cli.ts.
import { main } from '../qa/replay/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
