import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { TextKey } from '../content/texts.js';

/**
 * What the live handoff needs from the layers above it, handed in by the start-up wiring: the
 * handoff never imports bot/, dialogs/, directline/ or server/ (see TEAM layering).
 */

export type HandoffLocale = 'ko-KR' | 'en-US';

/** The bilingual texts (content/texts.json) and the rule that maps a client's locale to one of ours. */
export interface HandoffTexts {
  get(key: TextKey, locale: HandoffLocale, values?: Record<string, string | number>): string;
  localeOf(clientLocale: string | undefined): HandoffLocale;
}

/** A button that sends card data back (the dialogs' CardAction). */
export interface HandoffButton {
  title: string;
  data: { action: string } & Record<string, unknown>;
}

export interface ChoiceCardFields {
  title: string;
  text?: string;
  facts?: { title: string; value: string }[];
  note?: string;
  links?: { title: string; url: string }[];
  actions: HandoffButton[];
}

export interface CallbackCardFields {
  title: string;
  text: string;
  phoneLabel: string;
  timeLabel: string;
  submit: string;
  actions: HandoffButton[];
  /** The customer's language, for what the bot adds to the form (the call centers). */
  locale: HandoffLocale;
}

/** Card rendering as the rest of the bot does it (cards/ templates, Teams universal actions). */
export interface HandoffCards {
  choice(fields: ChoiceCardFields): Record<string, unknown>;
  callback(fields: CallbackCardFields): Record<string, unknown>;
  /** The card with Action.Submit turned into Teams' Action.Execute (refreshable in place). */
  universal(card: Record<string, unknown>): Record<string, unknown>;
  /** The assistant's main menu (the welcome card), for a customer handed back by an agent. */
  menu?(locale: HandoffLocale): Record<string, unknown>;
}

/** An agent the caller gate vouched for (Teams SSO or the console's sign-in). */
export interface HandoffAgent {
  id: string;
  name: string;
  tenantId?: string;
}

/** New tickets per client (the rate limiter), told the turn that asks. */
export interface TicketLimiter {
  /** Undefined when the client may open a ticket now; else how long to wait. */
  consume(context: TurnContext): Promise<{ retryAfterSeconds: number } | undefined>;
  refund(context: TurnContext): Promise<void>;
}

export interface HandoffLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** How messages reach conversations other than the current turn's. */
export interface HandoffDelivery {
  /** Reaches other conversations (agents, customers on other channels); absent in replays. */
  adapter?: CloudAdapter;
  appId: string;
  /** Replies to embedded Direct Line conversations are appended in-process. */
  postToDirectLine(conversationId: string, activity: Partial<Activity>): Promise<unknown>;
}

/** A conversation reference's locale, ours (Korean unless the client said English). */
export function localeOfReference(texts: HandoffTexts, reference: Partial<ConversationReference> | undefined): HandoffLocale {
  return texts.localeOf(reference?.locale);
}

/** What an agent can send from the console's help panel (handoff/agent-help.ts). `step` counts from 1. */
export type HelpRequest = { kind: 'procedure'; id: string; step?: number } | { kind: 'faq'; id: string } | { kind: 'local_check' };

/** The guides and FAQ answers an agent can send, in one language: content ids and titles. */
export interface HelpCatalog {
  procedures: { id: string; title: string; steps: string[] }[];
  faqs: { id: string; question: string }[];
}

/** Why a help request names no card. */
export type HelpProblem = { problem: 'unknown_procedure' | 'unknown_faq' } | { problem: 'step_out_of_range'; steps: number };

/**
 * The assistant's own cards for the help panel, built by the dialogs' card data (the wiring hands them
 * in: the handoff does not import dialogs/). `card` is the Adaptive Card JSON as the assistant renders it.
 */
export interface HandoffHelpCards {
  catalog(locale: HandoffLocale): HelpCatalog;
  card(request: HelpRequest, locale: HandoffLocale): { card: Record<string, unknown> } | HelpProblem;
}
