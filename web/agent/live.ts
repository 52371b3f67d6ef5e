// The open ticket's conversation as it happens: the server's Server-Sent Events stream, read with fetch
// because EventSource cannot send the Authorization header. A dropped connection is reopened with
// Last-Event-ID (the watermark reached), so nothing is shown twice and nothing is missed.

export interface LiveHandlers {
  activities(list: unknown[]): void;
  /** The customer is typing (relayed, never stored: nothing to resume). */
  typing?(): void;
  /** The ticket is no longer this agent's (closed, or taken back). */
  end(): void;
  /** A refusal (session lost, not the agent's ticket): the stream stops. */
  failed(error: unknown): void;
}

export type OpenStream = (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>;

const RECONNECT_MS = 2_000;

/** Follows the stream until the returned function is called, the ticket ends or a request is refused. */
export function followConversation(open: OpenStream, handlers: LiveHandlers): () => void {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    abort.abort();
  };

  const run = async () => {
    while (!stopped) {
      let response: Response;
      try {
        response = await open(lastEventId, abort.signal);
      } catch (error) {
        if (stopped) return;
        // Unreachable server: try again; a refusal with a status (401, 403, 404) ends here.
        if ((error as { status?: number }).status) return handlers.failed(error);
        await pause(RECONNECT_MS);
        continue;
      }
      try {
        const ended = await readEvents(response, (event) => {
          if (event.id) lastEventId = event.id;
          if (event.event === 'activities') handlers.activities((JSON.parse(event.data) as { activities: unknown[] }).activities);
          else if (event.event === 'typing') handlers.typing?.();
        });
        if (ended) {
          stopped = true;
          return handlers.end();
        }
      } catch {
        // The connection dropped mid-stream: reopened below from the last watermark.
      }
      if (!stopped) await pause(RECONNECT_MS);
    }
  };
  void run();
  return stop;
}

interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Reads events until the stream closes; true when the server said `end`. */
async function readEvents(response: Response, onEvent: (event: SseEvent) => void): Promise<boolean> {
  if (!response.body) return false;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += value.replace(/\r\n?/g, '\n');
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = parseEvent(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      if (event.event === 'end') return true;
      if (event.data) onEvent(event);
    }
  }
}

function parseEvent(block: string): SseEvent {
  const event: SseEvent = { event: 'message', data: '' };
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue; // a comment (keep-alive)
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') event.id = value;
    else if (field === 'event') event.event = value;
    else if (field === 'data') event.data += event.data ? `\n${value}` : value;
  }
  return event;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
