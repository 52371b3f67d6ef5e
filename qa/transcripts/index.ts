export { StorageTranscriptStore, type TranscriptMeta, type TranscriptStoreOptions } from './store.js';
export { createTranscriptMiddleware, scheduleTranscriptPurge } from './middleware.js';
export { toEmulatorActivity } from './emulator.js';
