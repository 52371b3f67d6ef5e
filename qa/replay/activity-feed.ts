import type { Activity } from 'botbuilder';
import { WebSocket } from 'ws';

/** The activities of one Direct Line conversation as they arrive, in order. */
export interface ActivityFeed {
  /** What arrived since the last call; waits up to `timeoutMs` when nothing has (then: []). */
  next(timeoutMs: number): Promise<Activity[]>;
  close(): void;
}

type ActivitySet = { activities?: Activity[]; watermark?: string };

/**
 * The conversation's WebSocket stream (as Web Chat and Botium read it): the bot's replies are
 * pushed while its turn runs, so they are here by the time the client's POST is answered.
 */
export async function streamFeed(streamUrl: string, connectTimeoutMs = 5_000): Promise<ActivityFeed> {
  const socket = new WebSocket(streamUrl);
  const inbox: Activity[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  socket.on('message', (data) => {
    const text = data.toString();
    if (text === '') return; // keep-alive
    try {
      inbox.push(...(((JSON.parse(text) as ActivitySet).activities ?? []) as Activity[]));
    } catch {
      return; // not a frame of ours
    }
    wake?.();
  });
  socket.on('close', () => {
    failure ??= new Error('the Direct Line stream closed');
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Direct Line stream did not open within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    socket.once('open', () => (clearTimeout(timer), resolve()));
    socket.once(
      'unexpected-response',
      (_request, response) => (clearTimeout(timer), reject(new Error(`the Direct Line stream was refused: HTTP ${response.statusCode}`))),
    );
    socket.once('error', (error) => (clearTimeout(timer), reject(error)));
  });
  socket.on('error', (error) => {
    failure ??= error;
  });
  return {
    async next(timeoutMs) {
      if (inbox.length === 0 && !failure) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, timeoutMs));
          wake = () => (clearTimeout(timer), resolve());
        });
        wake = undefined;
      }
      if (inbox.length === 0 && failure) throw failure;
      return inbox.splice(0);
    },
    close() {
      socket.close();
    },
  };
}

/** Polling `GET …/activities?watermark=` (for servers or proxies without WebSocket). */
export function pollingFeed(read: (watermark: string | undefined) => Promise<ActivitySet>, pollMs = 20): ActivityFeed {
  let watermark: string | undefined;
  return {
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const page = await read(watermark);
        watermark = page.watermark ?? watermark;
        const activities = page.activities ?? [];
        if (activities.length > 0 || Date.now() >= deadline) return activities;
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
      }
    },
    close() {},
  };
}
