import { EventEmitter } from 'node:events';
import type { Activity } from 'botbuilder';
import type { ConversationLog } from '../directline/index.js';
import { TypingGate, type ConversationFeed } from '../handoff/index.js';
import { publishNotice, type SharedDatabase } from './postgres.js';

/** At most one customer typing notice per conversation this often (Web Chat itself sends one every ~3 s). */
const CUSTOMER_TYPING_EVERY_MS = 1_500;
/**
 * The customer's typing for the console travels apart from the Direct Line streams' notices: keyed by
 * this prefix, a notice reaches only console streams (the customer's own sockets never echo it back).
 * Direct Line conversation ids are made by the channel and never start with it.
 */
const CONSOLE_KEY = (conversationId: string) => `console:${conversationId}`;

export interface Feed {
  log: ConversationLog;
  feed: ConversationFeed;
  /**
   * The customer is typing (a `typing` activity came in on Direct Line). Relayed to the console streams
   * of every instance, never stored, thinned per conversation. Best effort: a failure is only logged.
   */
  customerTyped(conversationId: string): Promise<void>;
}

/**
 * The Direct Line log as the console's live conversation reads it (handoff/agent-conversation.ts).
 * With PostgreSQL the change notices are the log's own LISTEN/NOTIFY channel, so an append by any
 * instance wakes a console stream held by this one; with one process they come from the log itself,
 * which is wrapped here so every append (the customer's, the bot's, an agent's) is noticed.
 */
export function conversationFeed(log: ConversationLog, database?: Pick<SharedDatabase, 'listener' | 'pool'>, now: () => number = Date.now): Feed {
  const gate = new TypingGate(CUSTOMER_TYPING_EVERY_MS, now);
  if (database) {
    return {
      log,
      feed: {
        readFrom: (conversationId, watermark, max) => log.readFrom(conversationId, watermark, max),
        subscribe: (conversationId, onChange, onTyping) => {
          // Typing notices of the stream's own key carry no row: nothing new to read, so they wake nothing.
          const fromLog = database.listener.subscribe(conversationId, (notice) => void (notice.live ? undefined : onChange()));
          const typing = onTyping
            ? database.listener.subscribe(CONSOLE_KEY(conversationId), (notice) => void (notice.live ? onTyping() : undefined))
            : undefined;
          return () => {
            fromLog();
            typing?.();
          };
        },
      },
      customerTyped: async (conversationId) => {
        if (!gate.admit(conversationId)) return;
        await publishNotice(database.pool, { conversationId: CONSOLE_KEY(conversationId), live: { type: 'typing' } });
      },
    };
  }
  const appended = new EventEmitter();
  // One listener per open console stream; many agents may follow many conversations.
  appended.setMaxListeners(0);
  const noticing: ConversationLog = {
    create: (conversationId, meta) => log.create(conversationId, meta),
    get: (conversationId) => log.get(conversationId),
    readFrom: (conversationId, watermark, max) => log.readFrom(conversationId, watermark, max),
    delete: (conversationId) => log.delete(conversationId),
    append: async (conversationId: string, activity: Activity) => {
      const sequence = await log.append(conversationId, activity);
      appended.emit(`c:${conversationId}`);
      return sequence;
    },
  };
  return {
    log: noticing,
    feed: {
      readFrom: (conversationId, watermark, max) => log.readFrom(conversationId, watermark, max),
      subscribe: (conversationId, onChange, onTyping) => {
        appended.on(`c:${conversationId}`, onChange);
        if (onTyping) appended.on(`t:${conversationId}`, onTyping);
        return () => {
          appended.off(`c:${conversationId}`, onChange);
          if (onTyping) appended.off(`t:${conversationId}`, onTyping);
        };
      },
    },
    customerTyped: async (conversationId) => {
      if (gate.admit(conversationId)) appended.emit(`t:${conversationId}`);
    },
  };
}
