// The conversation review API's answers, shared by the server (review-api.ts) and the workbench in the
// browser (web/agent/qa/review.ts). Types only: nothing of the server reaches the page.
import type { Activity } from 'botbuilder';

/** How a conversation went, as a review filter: several may hold for one conversation. */
export type Outcome = 'finished' | 'left' | 'fixed' | 'procedure' | 'person' | 'handoff' | 'unsure';
export type Feedback = 'helpful' | 'unhelpful' | 'stuck' | 'none';

export interface ConversationSummary {
  id: string;
  channelId: string;
  started: string;
  lastActivity: string;
  locale?: string;
  /** Messages the customer sent / the assistant sent. */
  customerMessages: number;
  botMessages: number;
  intents: string[];
  /** Each procedure started or shown: the furthest step reached, and whether it finished. */
  procedures: { id: string; steps: number; reached: number; finished: boolean }[];
  outcomes: Outcome[];
  feedback: Feedback[];
}

/** The period, as Seoul calendar days (YYYY-MM-DD, both inclusive). */
export interface ReviewPeriod {
  from: string;
  to: string;
}

/** GET /api/qa/conversations */
export interface ConversationListResponse {
  period: ReviewPeriod;
  conversations: ConversationSummary[];
  /** True when the period holds more conversations than were read (narrow the period). */
  truncated: boolean;
}

/** GET /api/qa/conversations/:id */
export interface ConversationResponse {
  conversation: ConversationSummary;
  activities: Partial<Activity>[];
}
