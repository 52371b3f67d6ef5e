// The four lists of the queue. Rows are keyed by ticket id, so a refresh keeps the agent's focus.
import { html } from 'htm/preact';
import type { TicketListItem } from '../../handoff/agent-api-types.js';
import { localeName, named, timeOf, type Words } from './words.js';

export type ListKind = 'waiting' | 'mine' | 'callback' | 'closed';

export interface QueueProps {
  words: Words;
  lists: Record<ListKind, TicketListItem[]>;
  selectedId: string | null;
  titleRef: { current: HTMLHeadingElement | null };
  open(id: string): void;
  accept(id: string): void;
  refresh(): void;
}

export function Queue({ words, lists, selectedId, titleRef, open, accept, refresh }: QueueProps) {
  const { t } = words;
  const sections: Array<[ListKind, string, string]> = [
    ['waiting', t.waiting, t.noWaiting],
    ['mine', t.mine, t.noMine],
    ['callback', t.callbacks, t.noCallbacks],
    ['closed', t.closed, t.noClosed],
  ];
  return html`<section class="ag-queue" aria-labelledby="queue-title">
    <div class="ag-queue-head">
      <h2 id="queue-title" tabindex="-1" ref=${titleRef}>${t.queue}</h2>
      <button type="button" id="refresh" class="ag-secondary" onClick=${refresh}>${t.refresh}</button>
    </div>
    <p class="ag-hint">${t.autoRefresh}</p>
    ${sections.map(
      ([kind, title, empty]) =>
        html`<h3 id=${`${kind}-title`} key=${`${kind}-h`}>${title} <span class="ag-count" id=${`${kind}-count`}>(${lists[kind].length})</span></h3>
          <ul id=${`${kind}-list`} key=${`${kind}-l`} class="ag-tickets" aria-labelledby=${`${kind}-title`}>
            ${
              lists[kind].length === 0
                ? html`<li class="ag-empty">${empty}</li>`
                : lists[kind].map((ticket) => html`<${Row} key=${ticket.id} ...${{ words, ticket, kind, selected: ticket.id === selectedId, open, accept }} />`)
            }
          </ul>`,
    )}
  </section>`;
}

interface RowProps {
  words: Words;
  ticket: TicketListItem;
  kind: ListKind;
  selected: boolean;
  open(id: string): void;
  accept(id: string): void;
}

function Row({ words, ticket, kind, selected, open, accept }: RowProps) {
  const { t } = words;
  const { summary } = ticket;
  const facts = [
    kind === 'waiting' && ticket.position ? t.position(ticket.position) : null,
    kind === 'waiting' ? t.waitedMinutes(ticket.waitingMinutes ?? 0) : timeOf(words, ticket.createdAt),
    ticket.status === 'expired' ? t.statuses.expired : null,
    kind === 'callback' && ticket.callback ? ticket.callback.phoneMasked : null,
    summary.intent ? named(words, 'intents', summary.intent) : null,
    summary.institution ? named(words, 'institutions', summary.institution) : null,
    summary.certType ? named(words, 'certTypes', summary.certType) : null,
    localeName(words, ticket.locale),
  ].filter(Boolean);
  return html`<li class=${`ag-ticket${selected ? ' ag-selected' : ''}`} data-ticket-id=${ticket.id}>
    <button type="button" class="ag-open" aria-current=${selected ? 'true' : undefined} onClick=${() => open(ticket.id)}>
      <strong>${ticket.id}</strong>
      <span class="ag-ticket-facts">${facts.join(' · ')}</span>
    </button>
    ${
      kind === 'waiting'
        ? html`<button type="button" class="ag-primary ag-small" aria-label=${t.acceptTicket(ticket.id)} onClick=${() => accept(ticket.id)}>
            ${t.accept}
          </button>`
        : null
    }
  </li>`;
}
