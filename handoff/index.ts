// Live handoff: tickets, queue, business hours, agent authentication and the agent API.
export { mountAgentApi, type AgentApiDeps, type AgentApiLogger, type TicketDetail, type TicketListItem } from './agent-api.js';
export {
  MAX_REPLY_CHARS,
  mountAgentConversation,
  type AgentConversationDeps,
  type AgentConversationStreams,
  type ConversationFeed,
} from './agent-conversation.js';
export { HelpRequestSchema, mountAgentHelp, type AgentHelpDeps } from './agent-help.js';
export { guidePositionOf } from './guide-position.js';
export { AgentAuth, type AgentAuthOptions, type AgentIdentity, type AuthOutcome, type LoginOutcome, type TeamsSsoOptions } from './agent-auth.js';
export { hashPassword, parseAgentAccounts, verifyPassword, type AgentAccount } from './agent-accounts.js';
export { checkHandoffConfig, createHandoffRuntime, HANDOFF_CONFIG_SHAPE, parseHandoffConfig, type HandoffConfig, type HandoffRuntime } from './config.js';
export { BusinessHours, BusinessHoursError, formatSeoulTime } from './hours.js';
export { maskPhone, normalizePhone, PhoneNumberError, PhoneSealer } from './phone.js';
export { averageHandlingMinutes, expectedWaitMinutes, queuePosition } from './queue.js';
export { AgentPresence } from './agent-presence.js';
export { CustomerPresence, hasLeftQueue, startCustomerPresence, type CustomerSignal } from './customer-presence.js';
export { LiveHandoff, rememberCustomerButtons, type LiveHandoffDeps, type RememberButtons } from './live-handoff.js';
export { Relay } from './relay.js';
export type {
  HandoffAgent,
  HandoffCards,
  HandoffHelpCards,
  HandoffLocale,
  HandoffTexts,
  HelpCatalog,
  HelpProblem,
  HelpRequest,
  TicketLimiter,
} from './ports.js';
export { startExpirySweeper } from './sweeper.js';
export { TypingGate } from './typing-gate.js';
export { PostgresTicketRecords } from './ticket-records-postgres.js';
export type { TicketRecords } from './ticket-records.js';
export { TicketStore, type AcceptResult, type CloseResult, type NewTicket, type QueueInfo, type RateResult, type TicketStoreOptions } from './ticket-store.js';
export {
  CLOSE_REASONS,
  isOpenStatus,
  publicTicket,
  TICKET_STATUSES,
  TicketSchema,
  type CloseReason,
  type PublicTicket,
  type Satisfaction,
  type Ticket,
  type TicketAgent,
  type TicketStatus,
  type TicketSummary,
} from './tickets.js';
export { canAgentSee, tenantScope } from './visibility.js';
