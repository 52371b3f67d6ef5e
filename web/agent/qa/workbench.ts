// The QA workbench (issue 16): the period picker and three panels — where customers fail (dashboard),
// misunderstood messages, conversation review — each a component taking PanelProps (panel.ts).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { dayCount, lastWeek, MAX_PERIOD_DAYS } from '../../../qa/workbench/period.js';
import type { AgentApi } from '../api.js';
import type { Words } from '../words.js';
import { Dashboard } from './dashboard.js';
import { Misunderstood } from './misunderstood.js';
import type { PanelProps, Period } from './panel.js';
import { Review, type ReviewFilter } from './review.js';
import { Tabs } from './tabs.js';
import { WORKBENCH_TEXTS } from './workbench-texts.js';

type PanelId = 'dashboard' | 'misunderstood' | 'review';

export interface WorkbenchProps {
  words: Words;
  api: AgentApi;
  call<T>(run: () => Promise<T>): Promise<T>;
  announce(text: string): void;
  alert(text: string): void;
  problem(error: unknown): string;
}

export function Workbench(props: WorkbenchProps) {
  const q = WORKBENCH_TEXTS[props.words.lang];
  const [panel, setPanel] = useState<PanelId>('dashboard');
  // The server's own default window and limit (qa/workbench/period.ts), so the two never disagree.
  const [period, setPeriod] = useState<Period>(() => lastWeek(Date.now()));
  const [draft, setDraft] = useState<Period>(period);
  const [reviewFilter, setReviewFilter] = useState<ReviewFilter | undefined>(undefined);
  const problemOf = (p: Period) => (p.from > p.to ? q.badPeriod : dayCount(p.from, p.to) > MAX_PERIOD_DAYS ? q.longPeriod : '');
  const periodProblem = problemOf(draft);

  const editPeriod = (key: keyof Period) => (event: Event) => {
    const value = (event.target as HTMLInputElement).value;
    const next = { ...draft, [key]: value };
    setDraft(next);
    // A complete period the server accepts applies at once; panels fetch again. One it would refuse is
    // explained here, beside the dates, and never sent (the panels keep showing the last good period).
    if (/^\d{4}-\d{2}-\d{2}$/.test(next.from) && /^\d{4}-\d{2}-\d{2}$/.test(next.to) && !problemOf(next)) {
      setPeriod(next);
      props.announce(q.periodShown(next.from, next.to));
    }
  };

  const navigate: PanelProps['navigate'] = (target, filter) => {
    if (target === 'review') setReviewFilter(filter);
    setPanel(target);
  };
  const panelProps: PanelProps = { ...props, period, navigate };
  const tabs: { id: PanelId; name: string }[] = [
    { id: 'dashboard', name: q.dashboard },
    { id: 'misunderstood', name: q.misunderstood },
    { id: 'review', name: q.review },
  ];

  return html`<main id="workbench" class="qa-workbench" aria-labelledby="workbench-title">
    <h2 id="workbench-title" class="ag-visually-hidden">${q.workbench}</h2>
    <fieldset id="period" class="qa-period">
      <legend>${q.period} <span class="ag-hint">${q.periodHint}</span></legend>
      <label>${q.from} <input type="date" id="period-from" value=${draft.from} max=${draft.to} onChange=${editPeriod('from')} /></label>
      <label>${q.to} <input type="date" id="period-to" value=${draft.to} min=${draft.from} onChange=${editPeriod('to')} /></label>
      ${periodProblem ? html`<p class="ag-alert" role="alert" id="period-error">${periodProblem}</p>` : null}
    </fieldset>
    <${Tabs} label=${q.panels} tabs=${tabs} selected=${panel} select=${setPanel} />
    ${tabs.map(
      (tab) =>
        html`<section role="tabpanel" id=${`tab-panel-${tab.id}`} aria-labelledby=${`tab-${tab.id}`} hidden=${tab.id !== panel} tabindex="0" class="qa-panel">
          ${
            tab.id !== panel
              ? null
              : tab.id === 'dashboard'
                ? html`<${Dashboard} ...${panelProps} />`
                : tab.id === 'misunderstood'
                  ? html`<${Misunderstood} ...${panelProps} />`
                  : html`<${Review} ...${panelProps} filter=${reviewFilter} key=${JSON.stringify(reviewFilter ?? {})} />`
          }
        </section>`,
    )}
  </main>`;
}
