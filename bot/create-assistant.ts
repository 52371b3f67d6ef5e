import { ConversationState, UserState, type Storage } from 'botbuilder';
import { loadContent, type Content } from '../content/load.js';
import { createRecognizer, type Recognizer } from '../nlu/index.js';
import { CertAssistant } from './assistant.js';
import type { AttachmentReader } from './attachments.js';
import type { HeldSecrets } from './held-secrets.js';
import { AgentGate } from './caller.js';
import { loadTexts, type Texts } from './i18n.js';
import type { LiveHandoff } from '../handoff/index.js';
import type { Logger } from '../lib/logger.js';
import { createRateLimits, type RateLimits } from '../lib/rate-limits.js';

/** What a running assistant reads once: texts, procedures/FAQ, the trained recogniser. */
export interface AssistantResources {
  texts: Texts;
  content: Content;
  recognizer: Recognizer;
}

/** Loads and validates every content file and trains the recogniser; a broken file throws here. */
export async function loadResources(): Promise<AssistantResources> {
  const texts = loadTexts();
  const content = loadContent();
  const recognizer = await createRecognizer();
  return { texts, content, recognizer };
}

/**
 * The assistant with its state wired to `storage`. The server, the tests and the transcript replayer
 * all build it here, so they run exactly the same dialogs, cards and recogniser.
 */
export function createAssistant(
  resources: AssistantResources,
  options: {
    storage: Storage;
    attachments: AttachmentReader;
    logger: Logger;
    now?: () => Date;
    gate?: AgentGate;
    handoff?: LiveHandoff;
    heldSecrets?: HeldSecrets;
    /** The service's limits (certificate checks per conversation); default: the default limits. */
    limits?: RateLimits;
  },
): CertAssistant {
  // Without a configured gate: agents are verified Teams users of any tenant (tickets stay tenant-isolated).
  const gate = options.gate ?? new AgentGate({ tenants: [], userIds: [] });
  return new CertAssistant({
    ...resources,
    conversationState: new ConversationState(options.storage),
    userState: new UserState(options.storage),
    storage: options.storage,
    attachments: options.attachments,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
    handoff: options.handoff,
    heldSecrets: options.heldSecrets,
    limits: options.limits ?? createRateLimits(),
    gate,
    isAgent: (context) => gate.isAgent(context),
  });
}
