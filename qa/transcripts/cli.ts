import type { TranscriptMeta } from './store.js';
import type { Activity } from 'botbuilder';

export const USAGE = `usage: npm run -s transcript -- list
       npm run -s transcript -- export CONVERSATION_ID > file.transcript
       npm run -s transcript -- purge
Reads the transcripts the server stored (same STORAGE, DATA_DIR and DATABASE_* settings as the server).`;

/** What the command needs of a transcript store: StorageTranscriptStore and PostgresTranscriptStore both are one. */
export interface TranscriptReader {
  list(): Promise<TranscriptMeta[]>;
  exportTranscript(conversationId: string): Promise<Partial<Activity>[] | undefined>;
  purgeExpired(): Promise<number>;
}

export interface TranscriptCliDeps {
  /** The store the server uses for the configured STORAGE (server/records.ts: openTranscriptReader). */
  store: TranscriptReader;
  retentionDays: number;
  out: (text: string) => void;
  err: (text: string) => void;
  /** STORAGE=memory keeps transcripts inside the server process only. */
  volatile?: boolean;
}

/** The `transcript` command; returns the exit code. */
export async function runTranscriptCli(argv: string[], deps: TranscriptCliDeps): Promise<number> {
  const { store } = deps;
  const [command, ...rest] = argv;
  if (deps.volatile && command && command !== '--help') {
    deps.err('STORAGE=memory: transcripts exist only inside the running server; nothing to read here.');
  }
  switch (command) {
    case 'list': {
      const all = await store.list();
      if (all.length === 0) deps.err('no transcripts stored');
      for (const meta of all) {
        deps.out(`${meta.conversationId}\t${meta.channelId}\t${meta.started}\t${meta.lastActivity}\t${meta.count} activities`);
      }
      return 0;
    }
    case 'export': {
      if (rest.length !== 1) {
        deps.err(`export needs exactly one CONVERSATION_ID\n${USAGE}`);
        return 2;
      }
      const transcript = await store.exportTranscript(rest[0]);
      if (!transcript) {
        deps.err(`no transcript for conversation "${rest[0]}" (see: npm run -s transcript -- list)`);
        return 1;
      }
      deps.out(JSON.stringify(transcript, null, 2));
      return 0;
    }
    case 'purge': {
      const purged = await store.purgeExpired();
      deps.err(`purged ${purged} conversation(s) older than ${deps.retentionDays} days`);
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
      deps.out(USAGE);
      return command ? 0 : 2;
    default:
      deps.err(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}
