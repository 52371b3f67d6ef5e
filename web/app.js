// Starts the official Web Chat against the assistant's embedded Direct Line channel (same origin).
// Also the bridge for the local certificate check (check.js): the check's result goes into the
// conversation through Web Chat's own store, i.e. over the same Direct Line connection.
(async function start() {
  const params = new URLSearchParams(location.search);
  const locale = params.get('lang') === 'en' ? 'en-US' : 'ko-KR';
  document.documentElement.lang = locale.slice(0, 2);
  const status = document.getElementById('status');
  try {
    // /embed/frame.js (web/embed/frame.ts): token or resumed conversation, institution, launcher bridge.
    const frame = window.CertHelperFrame;
    const { token, conversationId } = await frame.connect();
    const directLine = window.WebChat.createDirectLine({
      token,
      conversationId,
      domain: location.origin + '/v3/directline',
      webSocket: true,
    });
    frame.track(directLine);
    const tracker = createSendTracker();
    const store = window.WebChat.createStore({}, tracker.middleware, frame.middleware);
    window.WebChat.renderWebChat(
      {
        directLine,
        store,
        locale,
        cardActionMiddleware: localCheckCardAction,
        styleOptions: { hideUploadButton: false, botAvatarInitials: '도움', userAvatarInitials: '나' },
      },
      document.getElementById('webchat'),
    );
    frame.attach(store);
    window.certHelperChat = {
      locale,
      /** Posts an event activity; resolves true once the channel has stored it, false otherwise. */
      sendEvent(name, value) {
        if (!tracker.connected()) return Promise.resolve(false);
        const delivered = tracker.expectEvent(name);
        store.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name, value } });
        return delivered;
      },
    };
  } catch (error) {
    status.hidden = false;
    status.textContent =
      locale === 'en-US'
        ? 'The chat could not start. Please reload the page in a moment.'
        : '채팅을 시작하지 못했어요. 잠시 후 페이지를 새로 고쳐 주세요.';
    console.error(error);
  }
})();

// Web Chat refuses to open URLs without an allowed scheme, so the bot's `Action.OpenUrl` to
// `#local-check` is handled here: it opens the panel of this page instead of a new window.
function localCheckCardAction() {
  return (next) => (...args) => {
    const { cardAction } = args[0];
    if (cardAction.type === 'openUrl' && isLocalCheckUrl(cardAction.value)) {
      if (typeof window.openLocalCheck === 'function') window.openLocalCheck();
      return undefined;
    }
    return next(...args);
  };
}

function isLocalCheckUrl(value) {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value, location.href);
    return url.origin === location.origin && url.hash === '#local-check';
  } catch {
    return false;
  }
}

// Watches Web Chat's actions to know whether Direct Line is connected and whether an event we
// dispatched was accepted by the channel (POST_ACTIVITY_FULFILLED) or failed (…_REJECTED).
function createSendTracker() {
  let isConnected = false;
  const waiting = []; // { name, resolve } in dispatch order, until their post starts
  const inFlight = new Map(); // clientActivityID → resolve
  const SEND_TIMEOUT_MS = 20000;

  const middleware = () => (next) => (action) => {
    const result = next(action);
    switch (action.type) {
      case 'DIRECT_LINE/CONNECT_FULFILLED':
      case 'DIRECT_LINE/RECONNECT_FULFILLED':
        isConnected = true;
        break;
      case 'DIRECT_LINE/DISCONNECT_FULFILLED':
      case 'DIRECT_LINE/CONNECT_REJECTED':
        isConnected = false;
        break;
      case 'DIRECT_LINE/POST_ACTIVITY_PENDING': {
        const activity = action.payload && action.payload.activity;
        const index = activity && activity.type === 'event' ? waiting.findIndex((entry) => entry.name === activity.name) : -1;
        if (index >= 0) inFlight.set(action.meta.clientActivityID, waiting.splice(index, 1)[0].resolve);
        break;
      }
      case 'DIRECT_LINE/POST_ACTIVITY_FULFILLED':
      case 'DIRECT_LINE/POST_ACTIVITY_REJECTED': {
        const resolve = action.meta && inFlight.get(action.meta.clientActivityID);
        if (resolve) {
          inFlight.delete(action.meta.clientActivityID);
          resolve(action.type === 'DIRECT_LINE/POST_ACTIVITY_FULFILLED');
        }
        break;
      }
    }
    return result;
  };

  function expectEvent(name) {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (value) => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      waiting.push({ name, resolve: settle });
      setTimeout(() => {
        const index = waiting.findIndex((entry) => entry.resolve === settle);
        if (index >= 0) waiting.splice(index, 1);
        settle(false);
      }, SEND_TIMEOUT_MS);
    });
  }

  return { middleware, expectEvent, connected: () => isConnected };
}
