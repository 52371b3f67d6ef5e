import type { Storage } from 'botbuilder';
import { lockOf, readDocument, updateDocument } from '../storage/concurrency.js';
import { addHandlingSample, type QueueEntry } from './queue.js';
import type { Ticket, TicketStatus } from './tickets.js';

/**
 * The small documents beside the tickets, so that no operation reads "all tickets ever":
 *   handoff/open                  ids of waiting/assigned/callback tickets (bounded by the queue)
 *   handoff/closed/<YYYY-MM-DD>   ids of tickets closed that (UTC) day
 *   handoff/closed-days           which day documents exist (for retention)
 *   handoff/by-conversation/<id>  the customer's latest ticket
 *   handoff/by-agent-conversation/<id>  the ticket an agent's chat is relaying
 *   handoff/stats/handling        the last handling times, for wait estimates
 * Each change is a read-modify-write with eTag retry (storage/concurrency.ts). The ticket
 * document stays the truth: an entry left stale by a crash is ignored by readers.
 */
export const KEYS = {
  ticket: (id: string) => `handoff/ticket/${id}`,
  open: 'handoff/open',
  closedDay: (day: string) => `handoff/closed/${day}`,
  closedDays: 'handoff/closed-days',
  byConversation: (conversationId: string) => `handoff/by-conversation/${conversationId}`,
  byAgentConversation: (conversationId: string) => `handoff/by-agent-conversation/${conversationId}`,
  handlingStats: 'handoff/stats/handling',
};

export interface IndexEntry extends QueueEntry {
  status: TicketStatus;
}
export interface IndexDocument {
  entries: Record<string, IndexEntry>;
}
interface DaysDocument {
  days: string[];
}
export interface PointerDocument {
  ticketId: string;
}
interface StatsDocument {
  handlingMinutes: number[];
}

export function indexEntry(ticket: Ticket): IndexEntry {
  return { id: ticket.id, status: ticket.status, createdAt: ticket.createdAt, ...(ticket.tenantId ? { tenantId: ticket.tenantId } : {}) };
}

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export class TicketIndexes {
  constructor(private readonly storage: Storage) {}

  async openEntries(): Promise<IndexEntry[]> {
    return Object.values((await readDocument<IndexDocument>(this.storage, KEYS.open)).value?.entries ?? {});
  }

  async closedEntries(days: string[]): Promise<IndexEntry[]> {
    const documents = await this.storage.read(days.map(KEYS.closedDay));
    return Object.values(documents).flatMap((document) => Object.values((document as IndexDocument).entries ?? {}));
  }

  /** The ticket an index pointer names, if any. */
  async pointer(key: string): Promise<string | undefined> {
    return (await readDocument<PointerDocument>(this.storage, key)).value?.ticketId;
  }

  setOpen(ticket: Ticket): Promise<void> {
    return this.changeOpen((entries) => {
      entries[ticket.id] = indexEntry(ticket);
    });
  }

  pointAgentConversation(conversationId: string, ticketId: string): Promise<void> {
    return updateDocument<PointerDocument>(this.storage, KEYS.byAgentConversation(conversationId), () => ({ ticketId }));
  }

  async handlingSamples(): Promise<number[]> {
    return (await readDocument<StatsDocument>(this.storage, KEYS.handlingStats)).value?.handlingMinutes ?? [];
  }

  /** Moves a ticket that just became closed/expired from the open index to its day index. */
  async recordTerminal(ticket: Ticket, closedAt: Date): Promise<void> {
    const day = dayOf(closedAt);
    await updateDocument<IndexDocument>(this.storage, KEYS.closedDay(day), (current) => ({
      entries: { ...(current?.entries ?? {}), [ticket.id]: indexEntry(ticket) },
    }));
    await updateDocument<DaysDocument>(this.storage, KEYS.closedDays, (current) => {
      const days = current?.days ?? [];
      return days.includes(day) ? undefined : { days: [...days, day].sort() };
    });
    await this.changeOpen((entries) => {
      delete entries[ticket.id];
    });
    if (ticket.status === 'closed' && ticket.closeReason === 'resolved' && ticket.assignedAt && ticket.closedAt) {
      const minutes = (Date.parse(ticket.closedAt) - Date.parse(ticket.assignedAt)) / 60_000;
      await updateDocument<StatsDocument>(this.storage, KEYS.handlingStats, (current) => ({
        handlingMinutes: addHandlingSample(current?.handlingMinutes ?? [], minutes),
      }));
    }
    const agentConversationId = ticket.agent?.conversation?.conversation?.id;
    if (agentConversationId) {
      const key = KEYS.byAgentConversation(agentConversationId);
      // Only this ticket's pointer goes: the agent's chat may relay a newer ticket already.
      await lockOf(this.storage).run(key, async () => {
        if ((await this.pointer(key)) === ticket.id) await this.storage.delete([key]);
      });
    }
  }

  /** Day documents older than `oldestKept`, each with the ids it lists. */
  async closedDaysBefore(oldestKept: string): Promise<{ day: string; ids: string[] }[]> {
    const days = (await readDocument<DaysDocument>(this.storage, KEYS.closedDays)).value?.days ?? [];
    const result: { day: string; ids: string[] }[] = [];
    for (const day of days.filter((candidate) => candidate < oldestKept)) {
      const document = await readDocument<IndexDocument>(this.storage, KEYS.closedDay(day));
      result.push({ day, ids: Object.keys(document.value?.entries ?? {}) });
    }
    return result;
  }

  async forgetDay(day: string): Promise<void> {
    await this.storage.delete([KEYS.closedDay(day)]);
    await updateDocument<DaysDocument>(this.storage, KEYS.closedDays, (current) => ({ days: (current?.days ?? []).filter((entry) => entry !== day) }));
  }

  private changeOpen(change: (entries: Record<string, IndexEntry>) => void): Promise<void> {
    return updateDocument<IndexDocument>(this.storage, KEYS.open, (current) => {
      const entries = { ...(current?.entries ?? {}) };
      change(entries);
      return { entries };
    });
  }
}
