import type { StatePropertyAccessor, Storage, TurnContext } from 'botbuilder';
import type { Locale, Texts } from '../bot/i18n.js';
import type { Content } from '../content/load.js';
import type { Recognizer } from '../nlu/index.js';
import type { CardSender } from './card-sender.js';

/** What the user told us once and should not be asked again (they can change it). */
export interface UserProfile {
  institution?: 'epost' | 'woori' | 'other';
  certType?: 'joint' | 'financial';
  /** "Still not working" answers so far, across troubleshooting trees: after two, a person is offered first. */
  troubleFailures?: number;
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
}

export type { Locale };
