export { StorageTranscriptStore, type TranscriptMeta, type TranscriptStoreOptions } from './store.js';
export { createTranscriptMiddleware } from './middleware.js';
export { toEmulatorActivity } from './emulator.js';
