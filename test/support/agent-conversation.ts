// What the console's live-conversation tests need: a web chat customer on a WebSocket stream (as Web
// Chat holds one), and an agent signed in with a password account reading the SSE stream over HTTP.
import { WebSocket } from 'ws';
import { waitFor } from '../../directline/test-support.js';

export interface Seen {
  id?: string;
  type?: string;
  from: { id?: string; name?: string; role?: string };
  text?: string;
  attachments?: unknown[];
}

const textOf = (a: Seen) => `${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`;

/** A customer whose conversation starts on `home`; its stream opens on `streamOn` (another instance if given). */
export async function wsCustomer(home: string, streamOn: string = home) {
  const { token, conversationId } = (await (await fetch(`${home}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const auth = { Authorization: `Bearer ${token}` };
  await fetch(`${home}/v3/directline/conversations`, { method: 'POST', headers: auth });
  const seen: Seen[] = [];
  const socket = new WebSocket(`${streamOn.replace(/^http/, 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
  socket.on('message', (data) => {
    const text = String(data);
    if (text) seen.push(...(JSON.parse(text) as { activities: Seen[] }).activities);
  });
  await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
  return {
    conversationId,
    token,
    seen,
    async say(text: string, via = home, locale = 'ko-KR') {
      const posted = await fetch(`${via}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale, text }),
      });
      if (!posted.ok) throw new Error(`posting failed: ${posted.status}`);
    },
    /** What Web Chat sends while the customer types (sendTypingIndicator). */
    async type(via = home) {
      const posted = await fetch(`${via}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'typing', from: { id: 'u' } }),
      });
      if (!posted.ok) throw new Error(`posting typing failed: ${posted.status}`);
    },
    hears: (pattern: RegExp, timeoutMs = 20_000) => waitFor(() => seen.find((a) => a.from.role === 'bot' && pattern.test(textOf(a))), timeoutMs),
    async leave() {
      if (socket.readyState !== WebSocket.OPEN) return;
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close(1000);
      await closed;
    },
  };
}

export async function signIn(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/agent/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** An SSE stream read with fetch (the console sends its token as a header, which EventSource cannot). */
export async function openEvents(url: string, ticketId: string, token: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/agent/tickets/${ticketId}/events`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  let ended = false;
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event: SseEvent = { event: 'message', data: '' };
            for (const line of block.split('\n')) {
              const [field, ...rest] = line.split(':');
              const value = rest.join(':').replace(/^ /, '');
              if (field === 'id') event.id = value;
              else if (field === 'event') event.event = value;
              else if (field === 'data') event.data += value;
            }
            if (event.data) events.push(event);
          }
        }
      } catch {
        // aborted by the test
      } finally {
        ended = true;
      }
    })();
  }
  const activities = () => events.filter((e) => e.event === 'activities').flatMap((e) => (JSON.parse(e.data) as { activities: Seen[] }).activities);
  return {
    response,
    events,
    activities,
    ended: () => ended,
    lastId: () => [...events].reverse().find((e) => e.id)?.id,
    sees: (pattern: RegExp, role?: string, timeoutMs = 20_000) =>
      waitFor(() => activities().find((a) => (!role || a.from.role === role) && pattern.test(textOf(a))), timeoutMs),
    close: () => abort.abort(),
  };
}

export async function reply(url: string, ticketId: string, token: string, body: unknown) {
  const response = await fetch(`${url}/api/agent/tickets/${ticketId}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { text?: string; error?: { code: string; message: string } } };
}
