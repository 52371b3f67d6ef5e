import type { StatePropertyAccessor, Storage, TurnContext } from 'botbuilder';
import type { Locale, Texts } from '../content/texts.js';
import type { Content } from '../content/load.js';
import type { Recognizer } from '../nlu/index.js';
import type { CardSender } from './card-sender.js';

/** What the user told us once and should not be asked again (they can change it). */
export interface UserProfile {
  institution?: 'epost' | 'woori' | 'other';
  certType?: 'joint' | 'financial';
  /** "Still not working" answers so far, across troubleshooting trees: after two, a person is offered first. */
  troubleFailures?: number;
  /** What was tried in this conversation (topics, procedure ids), for an agent who takes over. */
  tried?: string[];
  /** Messages in a row the assistant could not use: from the second, a person is offered. */
  misses?: number;
  /** The guide the user left for another question, and its step (-1 = overview): offered back once. */
  suspended?: { procedureId: string; index: number };
  /** The verdict of the last certificate check, without secrets, for an agent who takes over. */
  lastCheck?: { ok: boolean; codes: string[]; ca?: string | null; daysLeft?: number | null };
}

/** What an agent taking over is told about the customer's problem. */
export interface HandoffSummary {
  intent?: string;
  institution?: string;
  certType?: string;
  stepsDone: string[];
  certCheck?: UserProfile['lastCheck'];
}

/** The summary from what the profile remembers; `topic` is what the customer is in right now. */
export function handoffSummary(profile: UserProfile, topic?: string): HandoffSummary {
  return {
    intent: topic ?? profile.tried?.at(-1),
    institution: profile.institution,
    certType: profile.certType,
    stepsDone: profile.tried ?? [],
    certCheck: profile.lastCheck,
  };
}

/** Everything the dialogs need, handed in once: no dialog reaches for globals. */
export interface DialogDeps {
  texts: Texts;
  content: Content;
  recognizer: Recognizer;
  cards: CardSender;
  profile: StatePropertyAccessor<UserProfile>;
  storage: Storage;
  now: () => Date;
  /** Call-center agents (anyone in Teams, or a configured user) get compact cards with a read-aloud block. */
  isAgent: (context: TurnContext) => boolean;
  /** Hands the customer to a person (live handoff); absent = the assistant only explains how to reach one. */
  requestAgent?: (context: TurnContext, summary: HandoffSummary) => Promise<void>;
}

export type { Locale };
