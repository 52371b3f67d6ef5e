// The small part of the official Web Chat bundle (window.WebChat, loaded by index.html) this page uses.
export interface WebChatAction {
  type: string;
  payload?: Record<string, unknown> & { activity?: WebChatActivity };
  meta?: { clientActivityID?: string; method?: string };
}

export interface WebChatActivity {
  type: string;
  name?: string;
  text?: string;
  from?: { id?: string; role?: string };
  attachments?: unknown[];
  value?: unknown;
  channelData?: Record<string, unknown>;
  suggestedActions?: { to?: string[]; actions?: { type?: string; title?: string; value?: unknown }[] };
}

export type Dispatch = (action: WebChatAction) => unknown;
export type StoreMiddleware = (store: { dispatch: Dispatch }) => (next: Dispatch) => Dispatch;

export interface WebChatStore {
  dispatch: Dispatch;
}

export interface WebChatGlobal {
  createDirectLine(options: Record<string, unknown>): unknown;
  createStore(initial: Record<string, unknown>, ...middleware: StoreMiddleware[]): WebChatStore;
  renderWebChat(props: Record<string, unknown>, element: HTMLElement): void;
}

declare global {
  interface Window {
    WebChat?: WebChatGlobal;
    /** Opens the local check panel (also used by the bot's "#local-check" links and by tests). */
    openLocalCheck?: (files?: File[]) => Promise<void>;
    certHelperChat?: ChatBridge;
  }
}

/** What the local check uses to post its trimmed report into the conversation. */
export interface ChatBridge {
  locale: string;
  sendEvent(name: string, value: unknown): Promise<boolean>;
}
