// Conversation review (issue 16): the stored, redacted conversations of the period, searched by topic,
// procedure, outcome and feedback; one opened as the chat looked (cards read-only, as the agent desk
// shows a ticket's transcript); and its replay script (`*.test.yaml`) downloaded in one click.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationListResponse, ConversationResponse, ConversationSummary } from '../../../qa/workbench/review-types.js';
import { Transcript } from '../transcript.js';
import { named, timeOf } from '../words.js';
import type { PanelProps } from './panel.js';
import { saveDownload } from '../download.js';
import { WORKBENCH_TEXTS } from './workbench-texts.js';

export type ReviewFilter = Partial<Record<'intent' | 'procedure' | 'outcome' | 'feedback', string>>;

const conversationPath = (id: string) => `/api/qa/conversations/${encodeURIComponent(id)}`;

export function Review({ words, api, call, announce, alert, problem, period, filter: initial }: PanelProps & { filter?: ReviewFilter }) {
  const q = WORKBENCH_TEXTS[words.lang];
  const [filter, setFilter] = useState<ReviewFilter>(initial ?? {});
  const [list, setList] = useState<ConversationListResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<ConversationResponse | null>(null);
  const openTitle = useRef<HTMLHeadingElement>(null);

  const search = async (announceCount: boolean) => {
    const query = new URLSearchParams({ from: period.from, to: period.to });
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
    setBusy(true);
    try {
      const response = await call(() => api.request(`/api/qa/conversations?${query}`));
      const found = (await response.json()) as ConversationListResponse;
      setList(found);
      if (announceCount) announce(found.conversations.length ? q.found(found.conversations.length) : q.none);
    } catch (error) {
      alert(problem(error));
    } finally {
      setBusy(false);
    }
  };

  // A new period (or a filter handed over by another panel) searches again.
  useEffect(() => {
    void search(false);
  }, [period.from, period.to]);

  const openConversation = async (summary: ConversationSummary) => {
    try {
      const response = await call(() => api.request(conversationPath(summary.id)));
      setOpen((await response.json()) as ConversationResponse);
      announce(q.opened(timeOf(words, summary.started)));
      requestAnimationFrame(() => openTitle.current?.focus());
    } catch (error) {
      alert(problem(error));
    }
  };

  const downloadReplay = async () => {
    if (!open) return;
    try {
      const response = await call(() => api.request(`${conversationPath(open.conversation.id)}/replay`));
      await saveDownload(response, /^[\w.-]+\.test\.yaml$/, 'review.test.yaml');
      announce(q.replayDownloaded);
    } catch (error) {
      alert(problem(error));
    }
  };

  const choose = (key: keyof ReviewFilter) => (event: Event) => setFilter({ ...filter, [key]: (event.target as HTMLInputElement).value });
  const intents = Object.keys(words.labels?.intents ?? {});

  return html`<div class="qa-review">
    <form
      id="review-filters"
      class="qa-filters"
      aria-label=${q.filters}
      onSubmit=${(event: Event) => {
        event.preventDefault();
        void search(true);
      }}
    >
      <label
        >${q.intent}
        <select id="review-intent" value=${filter.intent ?? ''} onChange=${choose('intent')}>
          <option value="">${q.any}</option>
          ${intents.map((id) => html`<option value=${id}>${named(words, 'intents', id)}</option>`)}
        </select>
      </label>
      <label
        >${q.procedure}
        <input id="review-procedure" type="text" maxlength="80" pattern="[A-Za-z0-9_.\\-]*" value=${filter.procedure ?? ''} onInput=${choose('procedure')} />
      </label>
      <label
        >${q.outcome}
        <select id="review-outcome" value=${filter.outcome ?? ''} onChange=${choose('outcome')}>
          <option value="">${q.any}</option>
          ${Object.entries(q.outcomes).map(([id, name]) => html`<option value=${id}>${name}</option>`)}
        </select>
      </label>
      <label
        >${q.feedback}
        <select id="review-feedback" value=${filter.feedback ?? ''} onChange=${choose('feedback')}>
          <option value="">${q.any}</option>
          ${Object.entries(q.feedbacks).map(([id, name]) => html`<option value=${id}>${name}</option>`)}
        </select>
      </label>
      <button type="submit" id="review-search" disabled=${busy}>${q.search}</button>
    </form>
    <div class="qa-review-body">
      <section class="qa-review-list" aria-labelledby="review-list-title">
        <h3 id="review-list-title">${q.conversations}</h3>
        ${list?.truncated ? html`<p class="ag-hint" id="review-truncated">${q.truncated}</p>` : null}
        <ul id="review-list" aria-busy=${busy ? 'true' : 'false'}>
          ${
            list && list.conversations.length === 0
              ? html`<li class="ag-empty">${q.none}</li>`
              : (list?.conversations ?? []).map(
                  (summary) =>
                    html`<li key=${summary.id}>
                      <button
                        type="button"
                        class="review-row"
                        data-id=${summary.id}
                        aria-current=${open?.conversation.id === summary.id ? 'true' : undefined}
                        onClick=${() => openConversation(summary)}
                      >
                        <span class="qa-row-time">${timeOf(words, summary.started)}</span>
                        <span class="qa-row-facts">${rowFacts(words, summary)}</span>
                      </button>
                    </li>`,
                )
          }
        </ul>
      </section>
      <section id="review-conversation" class="qa-review-conversation" aria-labelledby="review-conversation-title">
        <h3 id="review-conversation-title" tabindex="-1" ref=${openTitle}>
          ${q.conversation}${open ? html` <span class="ag-hint">${timeOf(words, open.conversation.started)}</span>` : null}
        </h3>
        ${
          open
            ? html`<p class="ag-hint">${q.readOnly}</p>
                <p class="qa-row-facts">${rowFacts(words, open.conversation)}</p>
                <button type="button" id="replay-script" onClick=${downloadReplay}>${q.replay}</button>
                <h4 id="transcript-title" class="ag-visually-hidden">${words.t.transcript}</h4>
                <${Transcript} words=${words} activities=${open.activities} />`
            : html`<p class="ag-empty">${q.chooseConversation}</p>`
        }
      </section>
    </div>
  </div>`;
}

/** What a row says about a conversation: its messages, topics, procedures (how far) and outcomes. */
function rowFacts(words: PanelProps['words'], summary: ConversationSummary): string {
  const q = WORKBENCH_TEXTS[words.lang];
  return [
    q.messages(summary.customerMessages, summary.botMessages),
    ...summary.intents.map((id) => named(words, 'intents', id)),
    ...summary.procedures.map((p) => `${p.id} ${p.finished ? q.finished : q.step(p.reached, p.steps)}`),
    ...summary.outcomes.map((id) => q.outcomes[id] ?? id),
    ...summary.feedback.filter((id) => id !== 'none').map((id) => q.feedbacks[id] ?? id),
  ].join(' · ');
}
