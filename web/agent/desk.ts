// The signed-in console: the queue refreshed every 10 seconds, the open ticket kept current (the agent's
// own accepted ticket live, over the server's event stream: live.ts), and the agent's actions. Focus moves only when the agent asked for something (opening a ticket).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentSummary, HelpRequest, TicketDetail, TicketListItem } from '../../handoff/agent-api-types.js';
import { ApiError, type AgentApi } from './api.js';
import { followConversation } from './live.js';
import { Queue, type ListKind } from './queue.js';
import { TicketView } from './ticket.js';
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
}

// Tickets name their agent; the id is compared when the API gives one (two agents may share a display name).
const isMine = (ticket: { status: string; agent?: { id?: string; name: string } }, me: AgentSummary | null) =>
  ticket.status === 'assigned' && !!ticket.agent && !!me && (ticket.agent.id && me.id ? ticket.agent.id === me.id : ticket.agent.name === me.name);

export function Desk({ words, api, me, call, announce, alert, problem }: DeskProps) {
  const [tickets, setTickets] = useState<TicketListItem[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [activities, setActivities] = useState<unknown[] | null>(null);
  const queueTitle = useRef<HTMLHeadingElement>(null);
  const detailTitle = useRef<HTMLHeadingElement>(null);
  // What the interval and async answers read: always the latest, never a stale closure.
  const live = useRef({ selectedId, ticket, waiting: -1, refreshFailed: false, streaming: null as string | null });
  live.current.selectedId = selectedId;
  live.current.ticket = ticket;

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

  const refresh = async () => {
    try {
      const { tickets: list } = await call(() => api.tickets());
      setTickets(list);
      const waiting = list.filter((t) => t.status === 'waiting').length;
      if (live.current.waiting >= 0 && live.current.waiting !== waiting) announce(words.t.waitingCount(waiting));
      live.current.waiting = waiting;
      // An open ticket that is still live gets its status and new messages too (relayed chat while assigned);
      // a finished one is fetched again only when its status just changed.
      const open = list.find((t) => t.id === live.current.selectedId);
      if (open && (!FINISHED.has(open.status) || open.status !== live.current.ticket?.status)) await openTicket(open.id, false);
      if (live.current.refreshFailed) alert('');
      live.current.refreshFailed = false;
    } catch (error) {
      live.current.refreshFailed = true;
      alert(problem(error));
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
    return () => clearInterval(timer);
  }, []);

  // The agent's own accepted ticket: its conversation follows the log as it grows, on whichever instance.
  const following = ticket && isMine(ticket, me) ? ticket.id : null;
  useEffect(() => {
    if (!following) return;
    live.current.streaming = following;
    setActivities([]);
    const stop = followConversation((lastEventId, signal) => call(() => api.events(following, lastEventId, signal)), {
      activities: (list) => live.current.selectedId === following && setActivities((shown) => [...(shown ?? []), ...list]),
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

  const download = async () => {
    const id = selectedId;
    if (!id) return;
    try {
      // A plain link would not carry the Authorization header: fetch, then hand the browser a Blob.
      const response = await call(() => api.transcriptFile(id));
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName(response, id), hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
      ...${{ words, ticket, activities, mine: !!ticket && isMine(ticket, me), titleRef: detailTitle, close, download, send, helpCatalog, sendHelp }}
      accept=${() => ticket && accept(ticket.id)}
    />
  </main>`;
}

function fileName(response: Response, id: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : '';
  return /^[\w.-]+\.transcript$/.test(name) ? name : `ticket-${id.replace(/[^\w-]/g, '_')}.transcript`;
}
