import { TranscriptLoggerMiddleware, type Middleware } from 'botbuilder';
import type { StorageTranscriptStore } from './store.js';

/**
 * botbuilder's transcript middleware over our store. The store redacts each activity inside
 * `logActivity`, before it is queued or written, so nothing unmasked ever reaches storage; its
 * errors go to the store's `onError`, never into the user's turn.
 */
export function createTranscriptMiddleware(store: StorageTranscriptStore): Middleware {
  return new TranscriptLoggerMiddleware(store);
}

/** Purges expired transcripts now and then every `intervalMs` (default 6 h); returns a stop function. */
export function scheduleTranscriptPurge(
  store: StorageTranscriptStore,
  options: { intervalMs?: number; onError?: (error: Error) => void; onPurged?: (count: number) => void } = {},
): () => void {
  const run = () =>
    store.purgeExpired().then(
      (count) => options.onPurged?.(count),
      (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))),
    );
  void run();
  const timer = setInterval(run, options.intervalMs ?? 6 * 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
