import { TranscriptLoggerMiddleware, type Middleware } from 'botbuilder';
import type { PostgresTranscriptStore } from './postgres-store.js';
import type { StorageTranscriptStore } from './store.js';

/**
 * botbuilder's transcript middleware over our store. The store redacts each activity inside
 * `logActivity`, before it is queued or written, so nothing unmasked ever reaches storage; its
 * errors go to the store's `onError`, never into the user's turn.
 */
export function createTranscriptMiddleware(store: StorageTranscriptStore | PostgresTranscriptStore): Middleware {
  return new TranscriptLoggerMiddleware(store);
}
