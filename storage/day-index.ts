import type { Storage } from 'botbuilder';
import { listKeys } from './listable.js';

/**
 * Ids grouped by UTC day with no document shared between writers: one small marker key per
 * (day, id) — `<prefix>/<day>/<id>` — found by listing `<prefix>/<day>`, and one key per day —
 * `<prefix>/days/<day>` — written the same by everyone (no read-modify-write, so no lost update and
 * no eTag conflict, whatever the number of concurrent conversations).
 */
export class DayIndex {
  /** Days this process has already written the day key for (it never changes once written). */
  private readonly knownDays = new Set<string>();

  constructor(
    private readonly storage: Storage,
    private readonly prefix: string,
  ) {}

  async add(day: string, id: string): Promise<void> {
    // The day first: a marker is never left in a day nobody will look at.
    if (!this.knownDays.has(day)) {
      await this.storage.write({ [this.dayKey(day)]: { day } });
      if (this.knownDays.size > 1_000) this.knownDays.clear();
      this.knownDays.add(day);
    }
    await this.storage.write({ [this.markerKey(day, id)]: { id } });
  }

  async remove(day: string, id: string): Promise<void> {
    await this.storage.delete([this.markerKey(day, id)]);
  }

  /** Every day with markers (or once with markers), oldest first. */
  async days(): Promise<string[]> {
    const keys = await listKeys(this.storage, `${this.prefix}/days`);
    return keys.map((key) => key.slice(key.lastIndexOf('/') + 1)).sort();
  }

  async ids(day: string): Promise<string[]> {
    const keys = await listKeys(this.storage, `${this.prefix}/${day}`);
    return keys.map((key) => decodeURIComponent(key.slice(key.lastIndexOf('/') + 1))).sort();
  }

  /** Forgets a day whose markers are all gone. */
  async dropDay(day: string): Promise<void> {
    this.knownDays.delete(day);
    await this.storage.delete([this.dayKey(day)]);
  }

  private dayKey(day: string): string {
    return `${this.prefix}/days/${day}`;
  }

  private markerKey(day: string, id: string): string {
    // Ids (Teams conversation ids have ':', ';', '@') become one key segment.
    return `${this.prefix}/${day}/${encodeURIComponent(id)}`;
  }
}

export const DAY_MS = 86_400_000;

/** The UTC day (YYYY-MM-DD) of a time. */
export function dayOf(time: Date | string): string {
  return (typeof time === 'string' ? time : time.toISOString()).slice(0, 10);
}

/** True when the whole UTC day is before `cutoff` (ms): nothing in it can be younger. */
export function dayIsBefore(day: string, cutoff: number): boolean {
  return Date.parse(`${day}T00:00:00Z`) + DAY_MS <= cutoff;
}
