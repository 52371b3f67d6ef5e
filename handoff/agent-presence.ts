import type { Storage } from 'botbuilder';
import { readDocument, updateDocument } from '../storage/concurrency.js';
import type { HandoffAgent } from './ports.js';

const KEY = 'handoff/agents-seen';
/** The console asks for the queue every 10 s: two minutes without a request means it was closed. */
const CONSOLE_WINDOW_MS = 2 * 60_000;
/** Teams agents are notified by cards in their channel; one who acted in the last half hour is on shift. */
const TEAMS_WINDOW_MS = 30 * 60_000;
/** A stamp is rewritten at most this often per agent (the console polls far more often). */
const REFRESH_MS = 30_000;

type Via = 'console' | 'teams';
interface SeenDocument {
  agents: Record<string, { at: string; via: Via; tenantId?: string }>;
}

/**
 * Whether any agent could answer now, so a customer is promised only what can happen: with nobody
 * signed in, the customer is offered a callback at once instead of a queue place nobody will serve.
 * One small document with one stamp per agent (agents are few; a stamp is refreshed at most every
 * 30 s); stamps older than the longest window are dropped when it is written.
 */
export class AgentPresence {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date,
  ) {}

  async seen(agent: HandoffAgent, via: Via): Promise<void> {
    const at = this.now().getTime();
    if (at - (this.lastWrite.get(`${via}:${agent.id}`) ?? -Infinity) < REFRESH_MS) return;
    this.lastWrite.set(`${via}:${agent.id}`, at);
    await updateDocument<SeenDocument>(this.storage, KEY, (current) => {
      const agents = Object.fromEntries(Object.entries(current?.agents ?? {}).filter(([, stamp]) => at - Date.parse(stamp.at) < TEAMS_WINDOW_MS));
      agents[agent.id] = { at: new Date(at).toISOString(), via, ...(agent.tenantId ? { tenantId: agent.tenantId } : {}) };
      return { agents };
    });
  }

  /** True when an agent who may take this tenant's tickets was active recently (see the windows above). */
  async anyAvailable(tenantId: string | undefined): Promise<boolean> {
    const at = this.now().getTime();
    const agents = Object.values((await readDocument<SeenDocument>(this.storage, KEY)).value?.agents ?? {});
    return agents.some(
      (stamp) =>
        (tenantId === undefined || stamp.tenantId === undefined || stamp.tenantId === tenantId) &&
        at - Date.parse(stamp.at) < (stamp.via === 'console' ? CONSOLE_WINDOW_MS : TEAMS_WINDOW_MS),
    );
  }
}
