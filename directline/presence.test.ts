import { afterEach, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import type { PresenceSignal } from './options.js';
import { api, startChannel, startConversation, waitFor, type RunningChannel } from './test-support.js';

// What the channel tells its owner about a client being there (the handoff keeps a waiting
// customer's place with it): streams opening and closing, authorised requests — nothing else.

let running: RunningChannel | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function openSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
  return socket;
}

test('stream open and close, and each authorised request, are reported for their conversation; the open streams are listed', async () => {
  const signals: [string, PresenceSignal][] = [];
  running = await startChannel({ onPresence: (conversationId, signal) => void signals.push([conversationId, signal]) });
  const mine = await startConversation(running);
  const other = await startConversation(running);
  signals.length = 0;

  await api(`${running.base}/conversations/${mine.conversationId}/activities?watermark=0`, { credential: mine.token });
  expect(signals).toEqual([[mine.conversationId, 'request']]);

  const socket = await openSocket(mine.streamUrl);
  await waitFor(() => running!.channel.conversationsWithStreams().includes(mine.conversationId) || undefined);
  expect(signals.at(-1)).toEqual([mine.conversationId, 'open']);
  expect(running.channel.conversationsWithStreams()).toEqual([mine.conversationId]);

  // Another conversation's token asking for mine is refused and says nothing about mine.
  const before = signals.length;
  expect((await api(`${running.base}/conversations/${mine.conversationId}/activities`, { credential: other.token })).status).toBe(403);
  expect(signals.slice(before)).toEqual([]);

  socket.close(1000);
  await waitFor(() => signals.some(([id, signal]) => id === mine.conversationId && signal === 'close') || undefined);
  await waitFor(() => running!.channel.conversationsWithStreams().length === 0 || undefined);
});

test('a listener that throws is logged; the client is answered as if nothing happened', async () => {
  const warnings: string[] = [];
  running = await startChannel({
    onPresence: () => {
      throw new Error('listener broke');
    },
    logger: { info: () => undefined, warn: (_details: unknown, message: string) => void warnings.push(message), error: () => undefined },
  });
  const conversation = await startConversation(running);
  const posted = await api(`${running.base}/conversations/${conversation.conversationId}/activities`, {
    method: 'POST',
    credential: conversation.token,
    json: { type: 'message', from: { id: 'u' }, text: '안녕하세요' },
  });
  expect(posted.status).toBe(200);
  const socket = await openSocket(conversation.streamUrl);
  socket.close(1000);
  expect(warnings).toContain('directline: presence listener failed');
});
