import {
  MemoryStorage,
  TestAdapter,
  type Activity,
  type ConversationReference,
  type Middleware,
  type ResourceResponse,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import pino from 'pino';
import { CertAssistant } from '../../bot/assistant.js';
import { CappedAttachmentReader, type AttachmentReader } from '../../bot/attachments.js';
import { createAssistant, type AssistantResources } from '../../bot/create-assistant.js';
import { handoffPorts } from '../../bot/handoff-ports.js';
import { LiveHandoff } from '../../handoff/index.js';
import { BusinessHours, parseHandoffConfig, PhoneSealer, TicketStore } from '../../handoff/index.js';
import type { Script } from './script.js';
import type { Conversation, Target, TurnOutcome, UploadFile } from './target.js';

export type BotLogic = (context: TurnContext) => Promise<void>;

/** What a bot under test gets for one script: its own storage, the script's clock, the uploaded files. */
export interface BotEnvironment {
  storage: Storage;
  now: () => Date;
  attachments: AttachmentReader;
  /** Report a turn error here to have it shown as a failure of the step. */
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
}

const CHANNEL_ID = 'test';
const USER = { id: 'user', name: 'User', role: 'user' };
const BOT = { id: 'bot', name: 'Bot', role: 'bot' };

/**
 * botbuilder's TestAdapter with what replays need: the script's fixed clock on every activity and
 * ids numbered per conversation (TestAdapter gives replies random uuids).
 */
class ReplayAdapter extends TestAdapter {
  private replies = 0;

  constructor(
    logic: BotLogic,
    reference: ConversationReference,
    private readonly clock: () => Date,
  ) {
    super(logic);
    this.conversation = reference;
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) {
      activity.id ??= `${this.conversation.conversation.id}/bot/${++this.replies}`;
      activity.timestamp ??= this.clock();
    }
    return super.sendActivities(context, activities);
  }
}

/**
 * Runs each script in this process on a fresh TestAdapter + MemoryStorage with `makeBot`'s logic:
 * any botbuilder bot. Uploads are served to the bot by an attachment reader over the fixture bytes.
 */
export function inProcessTarget(
  makeBot: (environment: BotEnvironment) => BotLogic,
  options: { middleware?: Middleware[]; maxUploadBytes?: number; description?: string } = {},
): Target {
  let conversations = 0;
  // Each script has storage of its own; scripts that name the same user share theirs (and so that
  // user's remembered profile), as two conversations of one user do on a server.
  const userStorages = new Map<string, Storage>();
  const storageFor = (script: Script) => {
    if (!script.user) return new MemoryStorage();
    if (!userStorages.has(script.user)) userStorages.set(script.user, new MemoryStorage());
    return userStorages.get(script.user)!;
  };
  return {
    description: options.description ?? 'in-process',
    async open(script: Script): Promise<Conversation> {
      const conversationId = `replay-${++conversations}`;
      const user = script.user ? { ...USER, id: script.user } : USER;
      const files = new Map<string, UploadFile>();
      let turnErrors: Error[] = [];
      const clock = () => new Date(script.now.getTime());
      const attachments = new CappedAttachmentReader({
        maxBytes: options.maxUploadBytes ?? 1024 * 1024,
        timeoutMs: 10_000,
        inProcessChannelId: CHANNEL_ID,
        inProcess: (url) => files.get(url),
      });
      const logic = makeBot({
        storage: storageFor(script),
        now: clock,
        attachments,
        onTurnError: async (_context, error) => {
          turnErrors.push(error);
        },
      });
      const reference: ConversationReference = {
        channelId: CHANNEL_ID,
        serviceUrl: 'https://test.invalid',
        user,
        bot: BOT,
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: script.name },
        locale: script.locale,
      };
      const adapter = new ReplayAdapter(logic, reference, clock);
      for (const middleware of options.middleware ?? []) adapter.use(middleware);
      adapter.onTurnError = async (_context, error) => {
        turnErrors.push(error);
      };
      let uploads = 0;

      return {
        async send(activity, uploaded = []): Promise<TurnOutcome> {
          turnErrors = [];
          const incoming: Partial<Activity> = { ...activity, from: user, recipient: BOT, timestamp: clock() };
          if (activity.type === 'conversationUpdate' && !activity.membersAdded) incoming.membersAdded = [{ id: user.id, name: user.name }];
          if (uploaded.length > 0) {
            incoming.attachments = [
              ...(activity.attachments ?? []),
              ...uploaded.map((file) => {
                const contentUrl = `replay://${conversationId}/files/${++uploads}`;
                files.set(contentUrl, file);
                return { contentType: file.contentType, name: file.name, contentUrl };
              }),
            ];
          }
          await adapter.receiveActivity(incoming);
          return { replies: adapter.activeQueue.splice(0), errors: turnErrors };
        },
        async close() {
          files.clear();
        },
      };
    },
  };
}

/**
 * The real assistant — the same dialogs, cards, recogniser and content as the server — for each
 * script, on its own memory storage and the script's clock. `resources` are loaded once and shared.
 */
export function assistantTarget(resources: AssistantResources, options: { middleware?: Middleware[] } = {}): Target {
  const logger = pino({ level: 'silent' });
  // Live handoff as the server has it (default business hours), minus the agents' side: a
  // replayed customer who asks for a person gets the queue card or, out of hours, the callback form.
  // Settings, hours and ports are made once: the institutions file read and validated for every
  // script was the largest cost of opening one (profile of `npm run replay`).
  const handoffConfig = parseHandoffConfig({});
  const hours = BusinessHours.parse(handoffConfig.HANDOFF_HOURS, handoffConfig.HANDOFF_HOLIDAYS);
  const ports = handoffPorts(resources.texts, undefined, resources.content.institutions);
  return inProcessTarget(
    (environment) => {
      const handoff = new LiveHandoff({
        tickets: new TicketStore({
          storage: environment.storage,
          sealer: PhoneSealer.ephemeral(),
          acceptTimeoutMinutes: handoffConfig.HANDOFF_ACCEPT_TIMEOUT_MINUTES,
          averageHandlingMinutes: handoffConfig.HANDOFF_AVG_HANDLING_MINUTES,
          now: environment.now,
        }),
        hours,
        ...ports,
        storage: environment.storage,
        // A call center at work: an agent is on shift, so a replayed customer who asks for a person
        // in hours is queued (the nobody-on-shift path is tested through the server).
        presence: { seen: async () => undefined, anyAvailable: async () => true },
        appId: '',
        postToDirectLine: async () => undefined,
        mode: 'teams',
        customerIdleMinutes: 15,
        logger,
        now: environment.now,
      });
      const bot = createAssistant(resources, {
        storage: environment.storage,
        attachments: environment.attachments,
        logger,
        now: environment.now,
        handoff,
      });
      return async (context) => {
        try {
          await bot.run(context);
        } catch (error) {
          // What the user sees (the apology) is part of the replay; the error is reported too.
          await environment.onTurnError(context, error as Error);
          await CertAssistant.onTurnError(context, error as Error, resources.texts, logger);
        }
      };
    },
    { ...options, description: 'in-process assistant' },
  );
}
