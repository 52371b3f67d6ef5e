// The signed-in console: the queue refreshed every 10 seconds, the open ticket kept current (the agent's
// own accepted ticket live, over the server's event stream: live.ts), and the agent's actions. Focus moves only when the agent asked for something (opening a ticket).
// A new waiting ticket alerts (notify.ts); a lost session pauses the stream, which resumes from its last event id.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentSummary, HelpRequest, TicketDetail, TicketListItem } from '../../handoff/agent-api-types.js';
import { ApiError, type AgentApi } from './api.js';
import { saveDownload } from './download.js';
import { followConversation } from './live.js';
import { useLiveExtras } from './live-extras.js';
import { LIVE_TEXTS } from './live-texts.js';
import { chime, notifyDesktop, WaitingAlerts } from './notify.js';
import { Queue, type ListKind } from './queue.js';
import { TicketView } from './ticket.js';
import { SESSION_TEXTS } from './session-texts.js';
import type { Words } from './words.js';

const REFRESH_MS = 10_000;
const RECENT_CLOSED = 10;
const FINISHED = new Set(['closed', 'expired']);

export interface DeskProps {
  words: Words;
  api: AgentApi;
  me: AgentSummary | null;
  /** Runs an API call; a lost session is handled there (the promise then rejects with the ApiError). */
  call<T>(run: () => Promise<T>): Promise<T>;
  announce(text: string): void;
  alert(text: string): void;
  /** The server's words for a refusal, or ours. */
  problem(error: unknown): string;
  /** How many tickets wait (the tab title shows it). */
  waitingCount?(n: number): void;
  /** Subscribes to "the session was lost" (the console then stops reading the stream until signed in again). */
  onSessionLost?(listener: () => void): () => void;
}

// Tickets name their agent; the id is compared when the API gives one (two agents may share a display name).
const isMine = (ticket: { status: string; agent?: { id?: string; name: string } }, me: AgentSummary | null) =>
  ticket.status === 'assigned' && !!ticket.agent && !!me && (ticket.agent.id && me.id ? ticket.agent.id === me.id : ticket.agent.name === me.name);

export function Desk({ words, api, me, call, announce, alert, problem, waitingCount, onSessionLost }: DeskProps) {
  const [tickets, setTickets] = useState<TicketListItem[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [activities, setActivities] = useState<unknown[] | null>(null);
  const queueTitle = useRef<HTMLHeadingElement>(null);
  const detailTitle = useRef<HTMLHeadingElement>(null);
  // What the interval and async answers read: always the latest, never a stale closure.
  const live = useRef({ selectedId, ticket, waiting: -1, refreshFailed: false, refreshing: false, streaming: null as string | null, words });
  live.current.selectedId = selectedId;
  live.current.ticket = ticket;
  live.current.words = words;
  const alerts = useRef(new WaitingAlerts());
  const streamAttempt = useRef<AbortController | null>(null);

  const openTicket = async (id: string, focus = true) => {
    setSelectedId(id);
    live.current.selectedId = id;
    try {
      // A ticket without a stored transcript is still a ticket: its details show, the transcript says so.
      // The ticket being followed live has its conversation from the stream, not from the stored transcript.
      const streamed = live.current.streaming === id;
      const [detail, transcript] = await call(() =>
        Promise.all([
          api.ticket(id),
          streamed ? undefined : api.transcript(id).catch((error) => (error instanceof ApiError && error.status === 404 ? null : Promise.reject(error))),
        ]),
      );
      if (live.current.selectedId !== id) return; // the agent opened another ticket meanwhile
      setTicket(detail.ticket);
      if (transcript !== undefined) setActivities(transcript ? transcript.activities : null);
      if (focus) requestAnimationFrame(() => detailTitle.current?.focus());
    } catch (error) {
      alert(problem(error));
    }
  };

  const alertNew = (waitingIds: string[]) => {
    const fresh = alerts.current.fresh(waitingIds);
    if (fresh.length === 0) return;
    const s = SESSION_TEXTS[live.current.words.lang];
    chime();
    notifyDesktop(s.notificationTitle(fresh.length), s.notificationBody(fresh, waitingIds.length), `ticket-${fresh[0]}`, () => void openTicket(fresh[0]));
  };

  const refresh = async () => {
    // While the agent signs in again the refused refresh waits; the timer does not stack more behind it.
    if (live.current.refreshing) return;
    live.current.refreshing = true;
    try {
      const { tickets: list } = await call(() => api.tickets());
      setTickets(list);
      const waitingIds = list.filter((t) => t.status === 'waiting').map((t) => t.id);
      const waiting = waitingIds.length;
      if (live.current.waiting >= 0 && live.current.waiting !== waiting) announce(words.t.waitingCount(waiting));
      live.current.waiting = waiting;
      waitingCount?.(waiting);
      alertNew(waitingIds);
      // An open ticket that is still live gets its status and new messages too (relayed chat while assigned);
      // a finished one is fetched again only when its status just changed.
      const open = list.find((t) => t.id === live.current.selectedId);
      if (open && (!FINISHED.has(open.status) || open.status !== live.current.ticket?.status)) await openTicket(open.id, false);
      if (live.current.refreshFailed) alert('');
      live.current.refreshFailed = false;
    } catch (error) {
      live.current.refreshFailed = true;
      alert(problem(error));
    } finally {
      live.current.refreshing = false;
    }
  };

  useEffect(() => {
    queueTitle.current?.focus();
    // A link from the Teams ticket card (…/agent/?ticket=ID) opens that ticket once the queue is in.
    const linked = new URLSearchParams(location.search).get('ticket');
    void refresh().then(() => {
      if (linked && live.current.selectedId !== linked) void openTicket(linked);
    });
    const timer = setInterval(refresh, REFRESH_MS);
    // An expired session must not keep a customer's conversation flowing onto an unattended screen.
    const unsubscribe = onSessionLost?.(() => streamAttempt.current?.abort());
    return () => {
      clearInterval(timer);
      unsubscribe?.();
    };
  }, []);

  // The agent's own accepted ticket: its conversation follows the log as it grows, on whichever instance.
  const following = ticket && isMine(ticket, me) ? ticket.id : null;
  const extras = useLiveExtras(api, following, ticket?.locale);
  useEffect(() => {
    if (!following) return;
    live.current.streaming = following;
    setActivities([]);
    // Each connection has its own abort, so a lost session drops just the connection: live.ts reconnects
    // with Last-Event-ID, that call waits for the new sign-in, and nothing is missed or shown twice.
    const open = (lastEventId: string | undefined, signal: AbortSignal) => {
      const attempt = new AbortController();
      signal.addEventListener('abort', () => attempt.abort(), { once: true });
      streamAttempt.current = attempt;
      return call(() => api.events(following, lastEventId, attempt.signal));
    };
    const stop = followConversation(open, {
      activities: (list) => {
        extras.heard(list);
        if (live.current.selectedId === following) setActivities((shown) => [...(shown ?? []), ...list]);
      },
      typing: () => live.current.selectedId === following && extras.customerTyped(),
      end: () => {
        live.current.streaming = null;
        void refresh();
      },
      failed: (error) => {
        live.current.streaming = null;
        alert(problem(error));
      },
    });
    return () => {
      stop();
      if (live.current.streaming === following) live.current.streaming = null;
    };
  }, [following]);

  const send = async (text: string): Promise<boolean> => {
    if (!selectedId) return false;
    try {
      await call(() => api.send(selectedId, text));
      announce(words.t.sent);
      return true;
    } catch (error) {
      alert(problem(error));
      return false;
    }
  };

  // One-click help (help-panel.ts): the panel says what was sent; a refusal is shown like any other.
  const helpCatalog = async (lang: 'ko' | 'en') => {
    try {
      return await call(() => api.helpCatalog(lang));
    } catch (error) {
      alert(problem(error));
      throw error;
    }
  };
  const sendHelp = async (request: HelpRequest): Promise<boolean> => {
    if (!selectedId) return false;
    try {
      await call(() => api.sendHelp(selectedId, request));
      return true;
    } catch (error) {
      alert(problem(error));
      return false;
    }
  };

  const act = async (id: string, run: () => Promise<unknown>, done: string) => {
    try {
      await call(run);
      announce(done);
      alert('');
    } catch (error) {
      const { errors } = words.t;
      alert(
        error instanceof ApiError && error.code === 'Taken'
          ? errors.taken
          : error instanceof ApiError && error.status === 403
            ? errors.notYours
            : problem(error),
      );
    }
    await refresh(); // also refreshes the ticket when it is the open one
    if (live.current.selectedId !== id) await openTicket(id, false);
  };
  const accept = (id: string) => act(id, () => api.accept(id), words.t.took(id));
  const close = () => selectedId && act(selectedId, () => api.close(selectedId), words.t.closedTicket(selectedId));
  const handBack = () => selectedId && act(selectedId, () => api.handBack(selectedId), LIVE_TEXTS[words.lang].handedBack(selectedId));

  const download = async () => {
    const id = selectedId;
    if (!id) return;
    try {
      const response = await call(() => api.transcriptFile(id));
      await saveDownload(response, /^[\w.-]+\.transcript$/, `ticket-${id.replace(/[^\w-]/g, '_')}.transcript`);
      announce(words.t.downloaded);
    } catch (error) {
      alert(problem(error));
    }
  };

  const lists: Record<ListKind, TicketListItem[]> = {
    waiting: tickets.filter((t) => t.status === 'waiting').sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity)),
    mine: tickets.filter((t) => isMine(t, me)),
    callback: tickets.filter((t) => t.status === 'callback'),
    closed: tickets
      .filter((t) => FINISHED.has(t.status))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, RECENT_CLOSED),
  };
  const onRefresh = () => void refresh().then(() => announce(words.t.refreshed));

  return html`<main id="console" class="ag-console">
    <${Queue} ...${{ words, lists, selectedId, titleRef: queueTitle, open: openTicket, accept, refresh: onRefresh }} />
    <${TicketView}
      ...${{ words, ticket, activities, mine: !!ticket && isMine(ticket, me), titleRef: detailTitle, close, download, send, handBack, extras, announce, helpCatalog, sendHelp }}
      accept=${() => ticket && accept(ticket.id)}
    />
  </main>`;
}
