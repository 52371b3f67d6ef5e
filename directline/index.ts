export { DirectLineChannel, DEFAULT_BASE_PATH } from './channel.js';
export type { DirectLineOptions, DirectLineLogger, ConversationResponse, ChannelLimit, LimitRefusal, PresenceSignal } from './options.js';
export { StorageConversationLog, sequenceActivityId } from './conversation-log.js';
export type { ConversationLog, ConversationMeta } from './conversation-log.js';
export { DirectLineError } from './errors.js';
export { StorageRevocationList, revocationKey } from './revocations.js';
