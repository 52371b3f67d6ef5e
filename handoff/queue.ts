/**
 * Queue arithmetic, kept pure so the numbers a customer is told can be tested exactly.
 */

export interface QueueEntry {
  id: string;
  createdAt: string;
  tenantId?: string;
}

/** How many recent handling times are kept, and how many make a measurement worth more than the setting. */
export const HANDLING_SAMPLE_SIZE = 20;
export const MIN_HANDLING_SAMPLES = 3;

/**
 * 1-based place of a waiting ticket among the waiting tickets of the same tenant (each tenant's
 * agents work their own queue), oldest first; undefined when the ticket is not waiting.
 */
export function queuePosition(waiting: readonly QueueEntry[], ticketId: string): number | undefined {
  const ticket = waiting.find((entry) => entry.id === ticketId);
  if (!ticket) return undefined;
  const sameQueue = waiting.filter((entry) => entry.tenantId === ticket.tenantId).sort(byAge);
  return sameQueue.findIndex((entry) => entry.id === ticketId) + 1;
}

export function byAge(a: QueueEntry, b: QueueEntry): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * Average minutes an agent spends on a ticket: measured from recent closed tickets once there are
 * enough of them, otherwise the configured estimate.
 */
export function averageHandlingMinutes(recentSamples: readonly number[], configured: number): number {
  const samples = recentSamples.slice(-HANDLING_SAMPLE_SIZE).filter((value) => Number.isFinite(value) && value >= 0);
  if (samples.length < MIN_HANDLING_SAMPLES) return configured;
  return samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

/** Whole minutes a customer at `position` should expect to wait (at least 1: "now" is never promised). */
export function expectedWaitMinutes(position: number, averageMinutes: number): number {
  return Math.max(1, Math.ceil(position * averageMinutes));
}

/** Keeps the newest samples only, so the stats document stays a few bytes. */
export function addHandlingSample(samples: readonly number[], minutes: number): number[] {
  return [...samples, Math.round(minutes * 10) / 10].slice(-HANDLING_SAMPLE_SIZE);
}
