import { EventEmitter } from 'node:events';
import type { Activity } from 'botbuilder';
import type { ConversationLog } from '../directline/index.js';
import type { ConversationFeed } from '../handoff/index.js';
import type { SharedDatabase } from './postgres.js';

/**
 * The Direct Line log as the console's live conversation reads it (handoff/agent-conversation.ts).
 * With PostgreSQL the change notices are the log's own LISTEN/NOTIFY channel, so an append by any
 * instance wakes a console stream held by this one; with one process they come from the log itself,
 * which is wrapped here so every append (the customer's, the bot's, an agent's) is noticed.
 */
export function conversationFeed(log: ConversationLog, database?: Pick<SharedDatabase, 'listener'>): { log: ConversationLog; feed: ConversationFeed } {
  if (database) {
    return {
      log,
      feed: {
        readFrom: (conversationId, watermark, max) => log.readFrom(conversationId, watermark, max),
        // Typing notices carry no row: nothing new to read, so they wake nothing.
        subscribe: (conversationId, onChange) => database.listener.subscribe(conversationId, (notice) => void (notice.live ? undefined : onChange())),
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
      subscribe: (conversationId, onChange) => {
        appended.on(`c:${conversationId}`, onChange);
        return () => void appended.off(`c:${conversationId}`, onChange);
      },
    },
  };
}
