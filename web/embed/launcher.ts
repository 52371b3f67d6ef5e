// embed.js — one script tag on a bank's page puts the assistant's chat button in the corner:
//   <script src="https://assistant.bank.example/embed.js" data-lang="ko" data-institution="woori" async></script>
// The panel is an iframe of the assistant's own page (README "Embedding" says why not a shadow-root
// Web Chat). This script runs on the bank's origin: it never sees a token; it only opens, closes
// and talks to the panel by postMessage. API: window.CertHelper.open() / close() / send(text).
import { LAUNCHER_CSS } from './launcher-style.js';
import { INSTITUTION_ID, MAX_SEND_LENGTH, MESSAGE_TAG, isMessage, type ToFrame, type ToLauncher } from './protocol.js';

const LABELS = {
  ko: { open: '인증서 도움 채팅 열기', button: '인증서 도움', title: '인증서 도우미', close: '닫기', closeLabel: '채팅 닫기', frame: '인증서 도우미 채팅' },
  en: {
    open: 'Certificate help: open the chat',
    button: 'Certificate help',
    title: 'Certificate Helper',
    close: 'Close',
    closeLabel: 'Close the chat',
    frame: 'Certificate Helper chat',
  },
} as const;
const OPEN_KEY = 'cert-helper:open';
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const CHAT_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

interface Options {
  origin: string;
  lang: 'ko' | 'en';
  institution?: string;
  color: string;
  textColor: string;
  position: 'right' | 'left';
}

function readOptions(script: HTMLScriptElement): Options {
  const data = script.dataset;
  const institution = data.institution?.trim().toLowerCase();
  return {
    origin: new URL(script.src).origin,
    lang: data.lang === 'en' ? 'en' : 'ko',
    institution: institution && INSTITUTION_ID.test(institution) ? institution : undefined,
    color: HEX_COLOUR.test(data.color ?? '') ? data.color! : '#0b5cad',
    textColor: HEX_COLOUR.test(data.textColor ?? '') ? data.textColor! : '#ffffff',
    position: data.position === 'left' ? 'left' : 'right',
  };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

class Launcher {
  private readonly labels;
  private readonly button: HTMLButtonElement;
  private readonly panel: HTMLDivElement;
  private frame?: HTMLIFrameElement;
  private ready = false;
  private readonly queue: ToFrame[] = [];

  constructor(private readonly options: Options) {
    this.labels = LABELS[options.lang];
    const host = element('div', { id: 'cert-helper-launcher' });
    host.style.setProperty('--ch-color', options.color);
    host.style.setProperty('--ch-text', options.textColor);
    host.style.setProperty('--ch-focus', '#ffb300');
    const root = host.attachShadow({ mode: 'open' });
    addStyles(root);

    this.button = element('button', {
      type: 'button',
      class: `button ${options.position}`,
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
      'aria-controls': 'cert-helper-panel',
      'aria-label': this.labels.open,
      lang: options.lang,
    });
    this.button.innerHTML = CHAT_ICON; // a constant, no user data
    this.button.append(element('span', {}, this.labels.button));
    this.button.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));

    this.panel = element('div', {
      id: 'cert-helper-panel',
      class: `panel ${options.position}`,
      role: 'dialog',
      'aria-labelledby': 'cert-helper-title',
      lang: options.lang,
    });
    this.panel.hidden = true;
    const head = element('div', { class: 'head' });
    const close = element('button', { type: 'button', class: 'close', 'aria-label': this.labels.closeLabel });
    close.append(element('span', {}, this.labels.close), element('span', { 'aria-hidden': 'true' }, '×'));
    close.addEventListener('click', () => this.close());
    head.append(element('h2', { id: 'cert-helper-title', class: 'title' }, this.labels.title), close);
    this.panel.append(head);
    root.append(this.button, this.panel);

    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    window.addEventListener('message', (event) => this.onMessage(event));
    document.body.append(host);
    if (readOpen()) this.open({ focus: false });
  }

  isOpen(): boolean {
    return !this.panel.hidden;
  }

  open({ focus = true } = {}): void {
    if (!this.frame) {
      // Only now does the page start a conversation: a visitor who never opens the chat costs nothing.
      const src = new URL('/', this.options.origin);
      src.searchParams.set('embed', '1');
      src.searchParams.set('lang', this.options.lang);
      if (this.options.institution) src.searchParams.set('institution', this.options.institution);
      this.frame = element('iframe', { src: src.href, title: this.labels.frame, allow: 'clipboard-write' });
      this.panel.append(this.frame);
    }
    this.panel.hidden = false;
    // Full screen on a phone: the page behind is out of reach, so the panel is modal there.
    this.panel.setAttribute('aria-modal', String(window.matchMedia('(max-width: 599.98px)').matches));
    this.button.setAttribute('aria-expanded', 'true');
    writeOpen(true);
    if (focus) {
      this.frame.focus();
      this.post({ tag: MESSAGE_TAG, type: 'focus' });
    }
  }

  close(): void {
    if (!this.isOpen()) return;
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    writeOpen(false);
    this.button.focus();
  }

  send(text: unknown): void {
    if (typeof text !== 'string' || !text.trim()) return;
    if (!this.isOpen()) this.open();
    this.post({ tag: MESSAGE_TAG, type: 'send', text: text.slice(0, MAX_SEND_LENGTH) });
  }

  private post(message: ToFrame): void {
    if (!this.ready || !this.frame?.contentWindow) {
      if (message.type === 'send') this.queue.push(message);
      return;
    }
    // Only our page may receive it: a frame navigated elsewhere gets nothing.
    this.frame.contentWindow.postMessage(message, this.options.origin);
  }

  private onMessage(event: MessageEvent): void {
    if (event.origin !== this.options.origin || event.source !== this.frame?.contentWindow || !isMessage<ToLauncher>(event.data)) return;
    if (event.data.type === 'ready') {
      this.ready = true;
      for (const message of this.queue.splice(0)) this.post(message);
      if (this.isOpen() && this.panel.contains(document.activeElement) === false && this.frame) this.post({ tag: MESSAGE_TAG, type: 'focus' });
    } else if (event.data.type === 'escape') {
      this.close();
    }
  }
}

/** Constructable stylesheets where available (no <style> element for a strict CSP on the bank's page to refuse). */
function addStyles(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(LAUNCHER_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(element('style', {}, LAUNCHER_CSS));
  }
}

// Whether the panel was open on the previous page of this site (a flag only; the conversation itself
// is remembered inside the panel, on the assistant's origin).
function readOpen(): boolean {
  try {
    return sessionStorage.getItem(OPEN_KEY) === '1';
  } catch {
    return false;
  }
}

function writeOpen(open: boolean): void {
  try {
    sessionStorage.setItem(OPEN_KEY, open ? '1' : '0');
  } catch {
    // storage blocked: the panel starts closed on the next page
  }
}

function start(): void {
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src$="/embed.js"]');
  if (!script) return;
  const options = readOptions(script);
  const boot = () => {
    const launcher = new Launcher(options);
    const api = { open: () => launcher.open(), close: () => launcher.close(), send: (text: string) => launcher.send(text), isOpen: () => launcher.isOpen() };
    (window as unknown as { CertHelper: typeof api }).CertHelper = api;
    window.dispatchEvent(new CustomEvent('certhelper:ready'));
  };
  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot, { once: true });
}

start();
