import type { Activity, Attachment, ChannelAccount } from 'botbuilder';
import { DirectLineError } from './errors.js';

export const CHANNEL_ID = 'directline';
export const BOT_ACCOUNT: ChannelAccount = { id: 'bot', name: 'bot', role: 'bot' };

export const LIMITS = {
  /** Longest message text a client may post. */
  maxTextChars: 20_000,
  maxTypeChars: 64,
  maxIdChars: 256,
  maxAttachmentsPerActivity: 20,
} as const;

/** Typing indicators are pushed live but never stored (the real service serves them on WebSocket only). */
export function isEphemeral(activity: Partial<Activity>): boolean {
  return activity.type === 'typing';
}

export interface ClientContext {
  conversationId: string;
  /** User id bound by the token or the conversation start; overrides what the client claims. */
  boundUserId?: string;
  serviceUrl: string;
  now: number;
}

/**
 * Validates an activity posted by a client and stamps the fields the service owns
 * (id comes later, from the log). Client-supplied values for those fields are ignored.
 */
export function stampClientActivity(raw: unknown, context: ClientContext): Activity {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DirectLineError(400, 'BadArgument', 'The request body must be an Activity JSON object.');
  }
  const input = raw as Record<string, unknown>;
  const type = input.type;
  if (typeof type !== 'string' || type.trim() === '') {
    throw new DirectLineError(400, 'MissingProperty', 'The activity must have a "type".');
  }
  if (type.length > LIMITS.maxTypeChars) throw new DirectLineError(400, 'BadArgument', 'The activity "type" is too long.');
  if (input.text !== undefined && input.text !== null && typeof input.text !== 'string') {
    throw new DirectLineError(400, 'BadArgument', 'The activity "text" must be a string.');
  }
  if (typeof input.text === 'string' && input.text.length > LIMITS.maxTextChars) {
    throw new DirectLineError(400, 'MessageSizeTooBig', `The message text is longer than ${LIMITS.maxTextChars} characters.`);
  }
  validateAttachments(input.attachments);

  const from = readAccount(input.from, 'from');
  const userId = context.boundUserId ?? from?.id;
  if (!userId) throw new DirectLineError(400, 'MissingProperty', 'The activity must have "from.id".');

  // Fields the service owns, and two that would change how the bot treats the turn: `callerId` (who
  // vouched for it) and `deliveryMode` (expectReplies would swallow the bot's answers).
  const { id: _ignoredId, serviceUrl: _s, channelId: _c, conversation: _v, recipient: _r, timestamp: _t, callerId: _cid, deliveryMode: _d, ...rest } = input;
  return {
    ...(rest as Partial<Activity>),
    type,
    channelId: CHANNEL_ID,
    serviceUrl: context.serviceUrl,
    timestamp: new Date(context.now).toISOString() as unknown as Date,
    conversation: { id: context.conversationId } as Activity['conversation'],
    from: { ...(from ?? {}), id: userId, role: 'user' } as ChannelAccount,
    recipient: { ...BOT_ACCOUNT },
  } as Activity;
}

/** Normalises an activity the bot sends into a conversation. */
export function stampBotActivity(input: Partial<Activity>, conversationId: string, userId: string | undefined, now: number): Activity {
  if (!input || typeof input.type !== 'string' || input.type === '') throw new Error('A bot activity needs a "type".');
  const { id: _ignoredId, ...rest } = input;
  return {
    ...rest,
    channelId: CHANNEL_ID,
    timestamp: new Date(now).toISOString() as unknown as Date,
    conversation: { id: conversationId } as Activity['conversation'],
    from: { ...BOT_ACCOUNT },
    recipient: { id: userId ?? input.recipient?.id ?? 'user', role: 'user' },
  } as Activity;
}

function readAccount(value: unknown, field: string): ChannelAccount | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new DirectLineError(400, 'BadArgument', `"${field}" must be an object.`);
  const account = value as Record<string, unknown>;
  if (account.id !== undefined && (typeof account.id !== 'string' || account.id.length > LIMITS.maxIdChars)) {
    throw new DirectLineError(400, 'BadArgument', `"${field}.id" must be a string of at most ${LIMITS.maxIdChars} characters.`);
  }
  if (account.name !== undefined && typeof account.name !== 'string') {
    throw new DirectLineError(400, 'BadArgument', `"${field}.name" must be a string.`);
  }
  return {
    id: account.id as string,
    ...(typeof account.name === 'string' ? { name: account.name } : {}),
  } as ChannelAccount;
}

function validateAttachments(value: unknown): asserts value is Attachment[] | undefined {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw new DirectLineError(400, 'BadArgument', '"attachments" must be an array.');
  if (value.length > LIMITS.maxAttachmentsPerActivity) {
    throw new DirectLineError(400, 'BadArgument', `At most ${LIMITS.maxAttachmentsPerActivity} attachments per activity.`);
  }
  for (const attachment of value) {
    if (typeof attachment !== 'object' || attachment === null || typeof (attachment as Attachment).contentType !== 'string') {
      throw new DirectLineError(400, 'BadArgument', 'Each attachment must be an object with a "contentType".');
    }
  }
}
