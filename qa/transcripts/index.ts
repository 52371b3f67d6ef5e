export { StorageTranscriptStore, type TranscriptMeta, type TranscriptStoreOptions } from './store.js';
export { PostgresTranscriptStore } from './postgres-store.js';
export { createTranscriptMiddleware } from './middleware.js';
export { toEmulatorActivity } from './emulator.js';

/** Where transcripts are kept: storage keys (memory, lowdb) or PostgreSQL rows (STORAGE=postgres). */
export type TranscriptArchive = import('./store.js').StorageTranscriptStore | import('./postgres-store.js').PostgresTranscriptStore;
