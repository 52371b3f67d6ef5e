import { waitFor } from '../../directline/test-support.js';
import { followConversation } from './live.js';

/** A response whose body is the given chunks, then closes (a dropped connection when no `end` came). */
function streamOf(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

test('events split across chunks, CRLF line ends and keep-alive comments are read; end stops the stream', async () => {
  const shown: unknown[] = [];
  let ended = false;
  const opened: (string | undefined)[] = [];
  followConversation(
    async (lastEventId) => {
      opened.push(lastEventId);
      return streamOf([
        'retry: 2000\n\n: keep-alive\n\nid: 2\nevent: activ',
        'ities\ndata: {"activities":[{"text":"a"},{"text":"b"}]}\r\n\r\n',
        'id: 3\nevent: activities\ndata: {"activities":[{"text":"c"}]}\n\nevent: end\ndata: {"status":"closed"}\n\n',
      ]);
    },
    {
      activities: (list) => shown.push(...list),
      end: () => (ended = true),
      failed: (error) => {
        throw error;
      },
    },
  );
  await waitFor(() => (ended ? true : undefined));
  expect(shown).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
  expect(opened).toEqual([undefined]);
});

test('a dropped stream is reopened with Last-Event-ID, the last watermark seen', async () => {
  const opened: (string | undefined)[] = [];
  const shown: unknown[] = [];
  const stop = followConversation(
    async (lastEventId) => {
      opened.push(lastEventId);
      return opened.length === 1
        ? streamOf(['id: 7\nevent: activities\ndata: {"activities":[{"text":"x"}]}\n\n'])
        : streamOf(['id: 8\nevent: activities\ndata: {"activities":[{"text":"y"}]}\n\nevent: end\ndata: {}\n\n']);
    },
    { activities: (list) => shown.push(...list), end: () => undefined, failed: () => undefined },
  );
  await waitFor(() => (shown.length === 2 ? true : undefined), 10_000);
  stop();
  expect(opened).toEqual([undefined, '7']);
  expect(shown).toEqual([{ text: 'x' }, { text: 'y' }]);
});

test("a refusal with a status (session lost, not the agent's ticket) ends with failed, no retry", async () => {
  let opens = 0;
  const refusal = Object.assign(new Error('refused'), { status: 403 });
  let failed: unknown;
  followConversation(
    async () => {
      opens++;
      throw refusal;
    },
    { activities: () => undefined, end: () => undefined, failed: (error) => (failed = error) },
  );
  await waitFor(() => failed);
  expect(failed).toBe(refusal);
  expect(opens).toBe(1);
});

test('a typing event reaches its handler and moves no resume point; an unknown event is ignored', async () => {
  let typed = 0;
  let ended = false;
  const opened: (string | undefined)[] = [];
  followConversation(
    async (lastEventId) => {
      opened.push(lastEventId);
      return streamOf([
        'id: 4\nevent: activities\ndata: {"activities":[]}\n\nevent: typing\ndata: {"from":"customer"}\n\nevent: other\ndata: {}\n\n',
        'event: end\ndata: {}\n\n',
      ]);
    },
    {
      activities: () => undefined,
      typing: () => typed++,
      end: () => (ended = true),
      failed: (error) => {
        throw error;
      },
    },
  );
  await waitFor(() => (ended ? true : undefined));
  expect(typed).toBe(1);
  expect(opened).toEqual([undefined]);
});
