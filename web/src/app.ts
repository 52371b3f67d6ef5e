// The customer page: starts the official Web Chat (window.WebChat, from node_modules) against the
// assistant's embedded Direct Line channel, in the page's language from the first reply on. The local
// check's panel and cert-core are separate chunks, loaded only when they are needed.
import { frame } from '../embed/frame.js';
import { agentLabelMiddleware, typingOnlyWithAgent } from './agent-label.js';
import { keyGuard } from './key-guard.js';
import { maskedEcho } from './masks.js';
import { withoutMenuChip } from './menu-chip.js';
import { createSendTracker } from './send-tracker.js';
import { adaptiveCardsHostConfig, styleOptions } from './style-options.js';
import { PAGE_TEXTS, pageLanguage, say } from './texts.js';

const LOCAL_CHECK_HASH = '#local-check';
const language = pageLanguage();
const locale = language === 'en' ? 'en-US' : 'ko-KR';

/** Opens the local check (its code is fetched on first use), optionally with files already chosen. */
async function openLocalCheck(files?: File[], notice?: string): Promise<void> {
  const panel = await import('./local-check/panel.js');
  panel.openPanel({ language, files, notice });
}

async function start(): Promise<void> {
  const loading = document.getElementById('loading');
  const status = document.getElementById('status')!;
  try {
    // A token for a new conversation, or (in the embedded panel) the same conversation resumed on the
    // bank site's next page (web/embed/frame.ts).
    const { token, conversationId } = await frame.connect();
    const WebChat = window.WebChat;
    if (!WebChat) throw new Error('Web Chat did not load');
    const directLine = WebChat.createDirectLine({
      token,
      conversationId,
      domain: `${location.origin}/v3/directline`,
      webSocket: true,
      // The channel passes this locale to the bot with the conversation's first activity: the welcome
      // card comes in the page's language, not in Korean first.
      conversationStartProperties: { locale },
    });
    const tracker = createSendTracker();
    const guard = keyGuard({
      onStopped: (files, name) => void openLocalCheck(files, say(PAGE_TEXTS.keyStopped, language, { name })),
    });
    const store = WebChat.createStore({}, tracker.middleware, guard, maskedEcho(language), withoutMenuChip(), typingOnlyWithAgent(), frame.middleware);
    const host = document.getElementById('webchat')!;
    loading?.remove();
    WebChat.renderWebChat(
      {
        directLine,
        store,
        locale,
        cardActionMiddleware: localCheckCardAction,
        // A live agent sees the customer typing (sent only while one is connected: typingOnlyWithAgent),
        // and the agent's messages carry their name and role.
        sendTypingIndicator: true,
        activityMiddleware: agentLabelMiddleware(language),
        styleOptions: styleOptions(language),
        adaptiveCardsHostConfig,
      },
      host,
    );
    frame.track(directLine as { conversationId?: string; token?: string });
    frame.attach(store);
    window.certHelperChat = {
      locale,
      sendEvent(name, value) {
        if (!tracker.connected()) return Promise.resolve(false);
        const delivered = tracker.expectEvent(name);
        store.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name, value } });
        return delivered;
      },
    };
    document.getElementById('go-home')?.addEventListener('click', () => {
      // The same click as every card's 처음으로 button, without repeating it on each card.
      store.dispatch({ type: 'WEB_CHAT/SEND_POST_BACK', payload: { value: { action: 'nav', move: 'home' } } });
      focusSendBox();
    });
  } catch (error) {
    loading?.remove();
    status.hidden = false;
    status.textContent = say(PAGE_TEXTS.startFailed, language);
    console.error(error);
  }
}

function focusSendBox(): void {
  document.querySelector<HTMLElement>('[data-id="webchat-sendbox-input"]')?.focus();
}

// Web Chat refuses to open URLs without an allowed scheme, so the bot's `Action.OpenUrl` to
// `#local-check` is handled here: it opens the panel of this page instead of a new window.
function localCheckCardAction() {
  return (next: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const { cardAction } = args[0] as { cardAction: { type: string; value?: unknown } };
      if (cardAction.type === 'openUrl' && isLocalCheckUrl(cardAction.value)) {
        void openLocalCheck();
        return undefined;
      }
      return next(...args);
    };
}

function isLocalCheckUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value, location.href);
    return url.origin === location.origin && url.hash === LOCAL_CHECK_HASH;
  } catch {
    return false;
  }
}

window.openLocalCheck = (files?: File[]) => openLocalCheck(files);
window.addEventListener('hashchange', () => {
  if (location.hash === LOCAL_CHECK_HASH) void openLocalCheck();
});
document.getElementById('open-local-check')?.addEventListener('click', () => void openLocalCheck());
if (location.hash === LOCAL_CHECK_HASH) void openLocalCheck();
void start();
