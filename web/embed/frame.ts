// The customer page's side of the embedded panel (imported by web/src/app.ts):
// - passes the page's institution (?institution=woori) on every activity, as Web Chat passes `locale`;
// - in the panel (?embed=1 inside a frame), keeps the conversation across the bank site's page
//   navigations: conversation id and token stay in this origin's sessionStorage (never in the host
//   page, never in a URL); the next page refreshes the token and reconnects to the same conversation;
// - lets the launcher send a message, focus the send box, and close the panel with Escape.
import { INSTITUTION_ID, MAX_SEND_LENGTH, MESSAGE_TAG, isMessage, type ToFrame, type ToLauncher } from './protocol.js';

interface Saved {
  conversationId: string;
  token: string;
}
interface DirectLineLike {
  conversationId?: string;
  token?: string;
}
interface Store {
  dispatch(action: { type: string; payload?: unknown }): unknown;
}
import type { WebChatAction as Action } from '../src/webchat-types.js';

const STORAGE_KEY = 'cert-helper:conversation';
const params = new URLSearchParams(location.search);
const embedded = params.get('embed') === '1' && window.parent !== window;
const institutionParam = params.get('institution') ?? '';
const institution = INSTITUTION_ID.test(institutionParam) ? institutionParam : undefined;
let directLine: DirectLineLike | undefined;

/** Token (and, when resuming, the conversation) for Web Chat's createDirectLine. */
async function connect(): Promise<{ token: string; conversationId?: string }> {
  const saved = embedded ? read() : undefined;
  if (saved) {
    // Resume: a fresh token for the same conversation; Web Chat reconnects with it and the channel
    // replays the conversation from its log (no watermark: the new page shows what was said).
    const response = await fetch('/v3/directline/tokens/refresh', { method: 'POST', headers: { Authorization: `Bearer ${saved.token}` } }).catch(
      () => undefined,
    );
    if (response?.ok) {
      const { token } = (await response.json()) as { token: string };
      write({ conversationId: saved.conversationId, token });
      return { token, conversationId: saved.conversationId };
    }
    forget(); // expired, revoked or ended: a new conversation
  }
  const response = await fetch('/api/webchat/token', { method: 'POST' });
  if (!response.ok) throw new Error(`token ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return { token };
}

/** Web Chat's Direct Line object, so its current token (it refreshes itself) is what the next page resumes with. */
function track(line: DirectLineLike): void {
  directLine = line;
  window.addEventListener('pagehide', remember);
}

function remember(): void {
  if (embedded && directLine?.conversationId && directLine.token) write({ conversationId: directLine.conversationId, token: directLine.token });
}

/** Redux middleware for Web Chat's store: stamps the institution, remembers the conversation once it is connected. */
const middleware = () => (next: (action: Action) => unknown) => (action: Action) => {
  if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && institution && action.payload?.activity) {
    const activity = action.payload.activity;
    action = { ...action, payload: { ...action.payload, activity: { ...activity, channelData: { ...activity.channelData, institution } } } };
  }
  const result = next(action);
  if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' || action.type === 'DIRECT_LINE/RECONNECT_FULFILLED') remember();
  if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload?.activity?.type === 'endOfConversation') forget();
  return result;
};

/** Listens to the launcher (only the parent window: frame-ancestors decides who that may be). */
function attach(store: Store): void {
  if (!embedded) return;
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window.parent || !isMessage<ToFrame>(event.data)) return;
    const message = event.data;
    if (message.type === 'send' && typeof message.text === 'string') {
      const text = message.text.trim().slice(0, MAX_SEND_LENGTH);
      if (text) store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text } });
    } else if (message.type === 'focus') {
      document.querySelector<HTMLElement>('[data-id="webchat-sendbox-input"]')?.focus();
    }
  });
  // Escape inside the panel closes it, unless something in the page used the key (an open dialog, Web Chat).
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
    post({ tag: MESSAGE_TAG, type: 'escape' });
  });
  post({ tag: MESSAGE_TAG, type: 'ready' });
}

function post(message: ToLauncher): void {
  // Nothing secret: any parent may learn that the panel is ready or that Escape was pressed.
  window.parent.postMessage(message, '*');
}

function read(): Saved | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Saved> | null;
    return typeof saved?.conversationId === 'string' && typeof saved.token === 'string' ? (saved as Saved) : undefined;
  } catch {
    return undefined;
  }
}

function write(saved: Saved): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
  } catch {
    // Storage blocked (private mode, partitioning off): the conversation simply does not follow to the next page.
  }
}

function forget(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

export const frame = { embedded, institution, connect, track, middleware, attach };
