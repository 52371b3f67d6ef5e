import type { Activity, Storage } from 'botbuilder';
import { readModifyWrite } from '../../storage/concurrency.js';

/**
 * Where a conversation's activities live. Activity n (1-based) of a conversation is in page
 * `floor((n - 1 - legacy) / PAGE_ACTIVITIES)`, one document `transcripts/c/<id>/p/<page>` holding up to
 * PAGE_ACTIVITIES activities: a 20-turn conversation is a meta and four pages, not one key per
 * activity (53 files on lowdb before). A page belongs to one conversation only, so no document is
 * shared between conversations. A turn reads and rewrites its page (half full on average): 16
 * keeps that near the bytes one key per activity wrote, and the files per conversation few.
 *
 * Conversations stored before pages existed keep their first `legacy` activities one key each
 * (`transcripts/c/<id>/a/<n>`); they are read and deleted from there, and new activities go to pages.
 */
export const PAGE_ACTIVITIES = 16;

export const metaKey = (conversationId: string) => `transcripts/c/${conversationId}/meta`;
const pageKey = (conversationId: string, page: number) => `transcripts/c/${conversationId}/p/${page}`;
const legacyKey = (conversationId: string, n: number) => `transcripts/c/${conversationId}/a/${n}`;

/** How activities 1..count of a conversation are laid out. */
export interface Layout {
  count: number;
  /** Activities 1..legacy are stored one key each (before pages); undefined for page-only conversations. */
  legacy?: number;
}

/** Entries may be null where another process reserved a number and had not written it yet. */
interface Page {
  activities: (Activity | null)[];
}

const pageOf = (layout: Layout, n: number) => Math.floor((n - 1 - (layout.legacy ?? 0)) / PAGE_ACTIVITIES);
const slotOf = (layout: Layout, n: number) => (n - 1 - (layout.legacy ?? 0)) % PAGE_ACTIVITIES;

/**
 * The page each conversation appended to last, as this process wrote it, for a storage only this
 * process writes (memory, lowdb: one process per directory). The next turn appends to it and
 * writes it without reading it back, when the meta says nobody appended in between (the read and parse of the page were the largest storage cost
 * of a memory-storage turn in the bench profile). Bounded: the least recently used is forgotten and
 * read from storage again when its conversation goes on.
 */
export class OpenPages {
  private readonly pages = new Map<string, { page: number; last: number; activities: (Activity | null)[] }>();

  constructor(private readonly max = 1_000) {}

  /** The open page, if it is `page` and its last activity is `last`: else someone else appended since, and it is read again. */
  take(conversationId: string, page: number, last: number): (Activity | null)[] | undefined {
    const open = this.pages.get(conversationId);
    this.pages.delete(conversationId);
    return open?.page === page && open.last === last ? open.activities : undefined;
  }

  keep(conversationId: string, page: number, last: number, activities: (Activity | null)[]): void {
    this.pages.set(conversationId, { page, last, activities });
    if (this.pages.size > this.max) this.pages.delete(this.pages.keys().next().value!);
  }

  forget(conversationId: string): void {
    this.pages.delete(conversationId);
  }
}

/**
 * Stores activities numbered first..first+activities.length-1 (numbers reserved in the meta): one
 * read-modify-write per page touched, usually one per turn. The page's eTag guards against another
 * process writing other numbers of the same page at the same time. With `open` (a storage only this
 * process writes, its appends to one conversation in order), a page this process wrote last is
 * appended to and written without reading it.
 */
export async function writeActivities(
  storage: Storage,
  conversationId: string,
  layout: Layout,
  first: number,
  activities: Activity[],
  open?: OpenPages,
): Promise<void> {
  const byPage = new Map<number, { slot: number; activity: Activity }[]>();
  activities.forEach((activity, i) => {
    const n = first + i;
    const page = pageOf(layout, n);
    byPage.set(page, [...(byPage.get(page) ?? []), { slot: slotOf(layout, n), activity }]);
  });
  const place = (stored: (Activity | null)[], entries: { slot: number; activity: Activity }[]) => {
    for (const { slot, activity } of entries) {
      while (stored.length < slot) stored.push(null);
      stored[slot] = activity;
    }
    return stored;
  };
  let last = first - 1;
  for (const [page, entries] of byPage) {
    const cached = open?.take(conversationId, page, last);
    let written: (Activity | null)[];
    if (cached) {
      written = place(cached, entries);
      await storage.write({ [pageKey(conversationId, page)]: { activities: written, eTag: '*' } });
    } else {
      written = await readModifyWrite<Page, (Activity | null)[]>(storage, pageKey(conversationId, page), (current) => {
        const stored = place([...(current?.activities ?? [])], entries);
        return { write: { activities: stored }, result: stored };
      });
    }
    last += entries.length;
    open?.keep(conversationId, page, last, written);
  }
}

/** Activities from..to (inclusive, 1-based) in log order; numbers never written are skipped. */
export async function readActivities(storage: Storage, conversationId: string, layout: Layout, from: number, to: number): Promise<Activity[]> {
  if (to < from) return [];
  const legacy = layout.legacy ?? 0;
  const keys: string[] = [];
  for (let n = from; n <= Math.min(to, legacy); n++) keys.push(legacyKey(conversationId, n));
  const firstPage = Math.max(from, legacy + 1);
  const pages: number[] = [];
  if (firstPage <= to) for (let page = pageOf(layout, firstPage); page <= pageOf(layout, to); page++) pages.push(page);
  const items = await storage.read([...keys, ...pages.map((page) => pageKey(conversationId, page))]);
  const result: Activity[] = keys.map((key) => (items[key] as { activity?: Activity } | undefined)?.activity).filter((a): a is Activity => !!a);
  for (let n = firstPage; n <= to; n++) {
    const activity = (items[pageKey(conversationId, pageOf(layout, n))] as Page | undefined)?.activities?.[slotOf(layout, n)];
    if (activity) result.push(activity);
  }
  return result;
}

/** Every key holding the conversation's activities (its meta not included). */
export function activityKeys(conversationId: string, layout: Layout): string[] {
  const legacy = layout.legacy ?? 0;
  const keys = Array.from({ length: Math.min(legacy, layout.count) }, (_, i) => legacyKey(conversationId, i + 1));
  const pages = layout.count > legacy ? pageOf(layout, layout.count) + 1 : 0;
  for (let page = 0; page < pages; page++) keys.push(pageKey(conversationId, page));
  return keys;
}
