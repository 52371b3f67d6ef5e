// A live agent writes in the customer's chat through the assistant's channel: the page shows who wrote,
// the agent's name and role (상담원 / Agent), above each of their messages. The server marks them
// (channelData.handoff = 'agent', channelData.agent.name: the channel stamps `from` as the bot's own
// account) after masking the text.
// While an agent is connected, the page also sends the customer's typing (Web Chat's own indicator) —
// before that there is nobody to see it, so no typing activity goes out for the assistant to ignore.
import { PAGE_TEXTS, say, type PageLanguage } from './texts.js';
import type { StoreMiddleware, WebChatActivity } from './webchat-types.js';

const MAX_NAME = 100;

/** The agent's name when the activity is a message of a live agent, marked by the server. */
export function agentNameOf(activity: WebChatActivity | undefined): string | undefined {
  const data = activity?.channelData as { handoff?: unknown; agent?: { name?: unknown } } | undefined;
  if (activity?.type !== 'message' || activity.from?.role !== 'bot' || data?.handoff !== 'agent') return undefined;
  const name = typeof data.agent?.name === 'string' ? data.agent.name.trim().slice(0, MAX_NAME) : '';
  return name || undefined;
}

/** Where the conversation is: with an agent from 'connected' (or any agent message) until 'ended'. */
export function handoffMark(activity: WebChatActivity | undefined): 'with-agent' | 'ended' | undefined {
  if (activity?.from?.role !== 'bot') return undefined;
  const mark = (activity.channelData as { handoff?: unknown } | undefined)?.handoff;
  if (mark === 'connected' || mark === 'agent') return 'with-agent';
  return mark === 'ended' ? 'ended' : undefined;
}

/** Lets the customer's typing out only while an agent is connected (Web Chat posts it as a `typing` activity). */
export function typingOnlyWithAgent(): StoreMiddleware {
  let withAgent = false;
  return () => (next) => (action) => {
    if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
      const mark = handoffMark(action.payload?.activity);
      if (mark) withAgent = mark === 'with-agent';
    } else if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && action.payload?.activity?.type === 'typing' && !withAgent) {
      return undefined;
    }
    return next(action);
  };
}

/**
 * Web Chat's bundle renders with its own React, which it does not export. Its elements are plain
 * objects tagged with the registry-wide symbol, so the page builds the two plain elements it needs
 * itself instead of loading a second React (the e2e test fails if an upgrade of Web Chat changes that).
 */
const ELEMENT = Symbol.for('react.element');
function element(type: string, key: string, props: Record<string, unknown>, children: unknown): unknown {
  return { $$typeof: ELEMENT, type, key, ref: null, props: { ...props, children }, _owner: null };
}

type Render = ((...args: unknown[]) => unknown) | false | undefined;

/** Web Chat's activityMiddleware: an agent's message gets a line with their name and role above it. */
export function agentLabelMiddleware(language: PageLanguage) {
  return () =>
    (next: (...args: unknown[]) => Render) =>
    (...setup: unknown[]): Render => {
      const render = next(...setup);
      const name = agentNameOf((setup[0] as { activity?: WebChatActivity } | undefined)?.activity);
      if (!render || !name) return render;
      const label = `${name} · ${say(PAGE_TEXTS.agentRole, language)}`;
      return (...args: unknown[]) =>
        element('div', 'agent', { className: 'agent-message', 'data-agent': name }, [
          element('p', 'label', { className: 'agent-label' }, label),
          element('div', 'message', {}, render(...args)),
        ]);
    };
}
