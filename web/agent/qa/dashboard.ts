// Where customers fail (issue 16): conversations and the not-sure rate per day, a funnel per guide
// (reached / left / 잘 안 돼요 / 👎 per step), troubleshooting outcomes, agent handoffs. Every chart
// has a table with the same numbers (a chart alone is not accessible); a table scrolls sideways on a
// phone, so it takes the keyboard focus to be scrolled without a mouse. Data: GET /api/qa/dashboard.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { NamedDashboardReport } from '../../../qa/workbench/dashboard-api.js';
import { DashboardChart } from './dashboard-chart.js';
import { DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js';
import type { PanelProps } from './panel.js';
import type { Lang } from '../texts.js';

type Funnel = NamedDashboardReport['procedures'][number];

const COLORS = { blue: '#1f5fbf', orange: '#c2570c', red: '#b3261e', grey: '#5f6368', green: '#1e7b34', purple: '#6a3fb5' };
const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 1000) / 10}%` : '—');

export function Dashboard(props: PanelProps) {
  const { api, call, period, words, problem, alert, announce } = props;
  const d = DASHBOARD_TEXTS[words.lang];
  const [report, setReport] = useState<NamedDashboardReport | null>(null);
  const [chosen, setChosen] = useState('');

  useEffect(() => {
    let current = true;
    setReport(null);
    const query = new URLSearchParams({ from: period.from, to: period.to });
    call(() => api.request(`/api/qa/dashboard?${query}`))
      .then((response) => response.json() as Promise<NamedDashboardReport>)
      .then((loaded) => {
        if (!current) return;
        setReport(loaded);
        announce(d.loaded(loaded.from, loaded.to));
      })
      .catch((error: unknown) => current && alert(problem(error)));
    return () => {
      current = false;
    };
  }, [period.from, period.to]);

  if (!report) return html`<p class="ag-empty" aria-busy="true">${d.loading}</p>`;
  const funnel = report.procedures.find((p) => p.id === chosen) ?? report.procedures[0];
  return html`<section id="dashboard" class="qa-dashboard" aria-labelledby="dashboard-title">
    <h2 id="dashboard-title">${d.heading}</h2>
    <p id="dashboard-summary">
      ${report.conversations ? d.summary(report.conversations, percent(report.handoff.conversations, report.conversations)) : d.empty}
    </p>
    <${PerDay} d=${d} report=${report} />
    <section id="funnel" aria-labelledby="funnel-title">
      <h3 id="funnel-title">${d.funnel}</h3>
      ${
        funnel
          ? html`<label>
                ${d.procedure}
                <select id="funnel-procedure" value=${funnel.id} onChange=${(e: Event) => setChosen((e.target as HTMLSelectElement).value)}>
                  ${report.procedures.map((p) => html`<option key=${p.id} value=${p.id}>${nameOf(p, words.lang)}</option>`)}
                </select>
              </label>
              <${FunnelView} d=${d} funnel=${funnel} lang=${words.lang} onOpen=${() => props.navigate('review', { procedure: funnel.id })} />`
          : html`<p class="ag-empty">${d.noProcedures}</p>`
      }
    </section>
    <${Troubles} d=${d} report=${report} />
    <${Handoff} d=${d} report=${report} />
  </section>`;
}

const nameOf = (funnel: Funnel, lang: Lang) => (funnel.title ? `${funnel.title[lang]} (${funnel.id})` : funnel.id);
const stepName = (funnel: Funnel, step: number, d: DashboardTexts, lang: Lang) =>
  step === 0 ? d.overview : `${d.stepN(step)}${funnel.stepTitles?.[step - 1] ? ` · ${funnel.stepTitles[step - 1][lang]}` : ''}`;

function PerDay({ d, report }: { d: DashboardTexts; report: NamedDashboardReport }) {
  const days = report.days;
  return html`<section id="per-day" aria-labelledby="per-day-title">
    <h3 id="per-day-title">${d.perDay}</h3>
    <${DashboardChart}
      id="per-day-chart"
      kind="line"
      label=${d.chartOf(d.perDay)}
      labels=${days.map((day) => day.day.slice(5))}
      series=${[
        { label: d.conversations, values: days.map((day) => day.conversations), color: COLORS.blue },
        { label: d.unsure, values: days.map((day) => day.unsure), color: COLORS.orange },
        { label: d.miss, values: days.map((day) => day.miss), color: COLORS.red },
      ]}
    />
    <table id="per-day-table" class="qa-table" tabindex="0" aria-labelledby="per-day-title">
      <thead>
        <tr>
          <th scope="col">${d.day}</th>
          <th scope="col">${d.conversations}</th>
          <th scope="col">${d.typed}</th>
          <th scope="col">${d.unsure}</th>
          <th scope="col">${d.unsureRate}</th>
          <th scope="col">${d.miss}</th>
          <th scope="col">${d.correction}</th>
          <th scope="col">${d.handoffs}</th>
        </tr>
      </thead>
      <tbody>
        ${days.map(
          (day) =>
            html`<tr key=${day.day} class="per-day" data-day=${day.day}>
              <th scope="row">${day.day}</th>
              <td>${day.conversations}</td>
              <td>${day.typed}</td>
              <td>${day.unsure}</td>
              <td>${percent(day.unsure, day.typed)}</td>
              <td>${day.miss}</td>
              <td>${day.correction}</td>
              <td>${day.handoffs}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function FunnelView({ d, funnel, lang, onOpen }: { d: DashboardTexts; funnel: Funnel; lang: Lang; onOpen: () => void }) {
  const steps = Array.from({ length: funnel.steps + 1 }, (_, step) => step);
  return html`<p id="funnel-summary">${d.funnelSummary(funnel.started, funnel.finished)}</p>
    <${DashboardChart}
      id="funnel-chart"
      kind="bar"
      label=${d.chartOf(d.funnel)}
      labels=${steps.map((step) => (step === 0 ? d.overview : d.stepN(step)))}
      series=${[
        { label: d.reached, values: funnel.reached, color: COLORS.blue },
        { label: d.leftHere, values: funnel.leftAt, color: COLORS.red },
        { label: d.stuck, values: funnel.stuck, color: COLORS.orange },
        { label: d.thumbsDown, values: funnel.thumbsDown, color: COLORS.purple },
      ]}
    />
    <table id="funnel-table" class="qa-table" tabindex="0" aria-labelledby="funnel-title">
      <thead>
        <tr>
          <th scope="col">${d.step}</th>
          <th scope="col">${d.reached}</th>
          <th scope="col">${d.leftHere}</th>
          <th scope="col">${d.stuck}</th>
          <th scope="col">${d.thumbsDown}</th>
          <th scope="col">${d.thumbsUp}</th>
        </tr>
      </thead>
      <tbody>
        ${steps.map(
          (step) =>
            html`<tr key=${step} class="funnel-step" data-step=${step}>
              <th scope="row">${stepName(funnel, step, d, lang)}</th>
              <td class="reached">${funnel.reached[step]}</td>
              <td class="left">${funnel.leftAt[step]}</td>
              <td class="stuck">${funnel.stuck[step]}</td>
              <td class="thumbs-down">${funnel.thumbsDown[step]}</td>
              <td class="thumbs-up">${funnel.thumbsUp[step]}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <button type="button" id="funnel-open" onClick=${onOpen}>${d.openConversations}</button>`;
}

function Troubles({ d, report }: { d: DashboardTexts; report: NamedDashboardReport }) {
  const troubles = report.troubles;
  return html`<section id="troubles" aria-labelledby="troubles-title">
    <h3 id="troubles-title">${d.troubles}</h3>
    ${
      troubles.length === 0
        ? html`<p class="ag-empty">${d.noTroubles}</p>`
        : html`<${DashboardChart}
              id="troubles-chart"
              kind="bar"
              stacked
              horizontal
              label=${d.chartOf(d.troubles)}
              labels=${troubles.map((t) => t.id)}
              series=${[
                { label: d.fixed, values: troubles.map((t) => t.fixed), color: COLORS.green },
                { label: d.toProcedure, values: troubles.map((t) => t.procedure), color: COLORS.blue },
                { label: d.toPerson, values: troubles.map((t) => t.person), color: COLORS.orange },
                { label: d.open, values: troubles.map((t) => t.open), color: COLORS.grey },
              ]}
            />
            <table id="troubles-table" class="qa-table" tabindex="0" aria-labelledby="troubles-title">
              <thead>
                <tr>
                  <th scope="col">${d.trouble}</th>
                  <th scope="col">${d.started}</th>
                  <th scope="col">${d.fixed}</th>
                  <th scope="col">${d.toProcedure}</th>
                  <th scope="col">${d.toPerson}</th>
                  <th scope="col">${d.open}</th>
                </tr>
              </thead>
              <tbody>
                ${troubles.map(
                  (t) =>
                    html`<tr key=${t.id} class="trouble" data-trouble=${t.id}>
                      <th scope="row">${t.id}</th>
                      <td>${t.started}</td>
                      <td>${t.fixed}</td>
                      <td>${t.procedure}</td>
                      <td>${t.person}</td>
                      <td>${t.open}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}

function Handoff({ d, report }: { d: DashboardTexts; report: NamedDashboardReport }) {
  const waits = report.handoff.waits;
  return html`<section id="handoff" aria-labelledby="handoff-title">
    <h3 id="handoff-title">${d.handoff}</h3>
    <dl class="qa-facts">
      <dt>${d.handoffRate}</dt>
      <dd id="handoff-rate">${percent(report.handoff.conversations, report.conversations)} (${report.handoff.conversations} / ${report.conversations})</dd>
      ${
        waits
          ? html`<dt>${d.tickets}</dt>
              <dd id="handoff-tickets">${waits.tickets}</dd>
              <dt>${d.assigned}</dt>
              <dd>${waits.assigned}</dd>
              <dt>${d.medianWait}</dt>
              <dd id="handoff-median">${d.minutes(waits.medianMinutes)}</dd>
              <dt>${d.p90Wait}</dt>
              <dd>${d.minutes(waits.p90Minutes)}</dd>
              <dt>${d.maxWait}</dt>
              <dd>${d.minutes(waits.maxMinutes)}</dd>`
          : null
      }
    </dl>
    ${waits ? null : html`<p class="ag-hint">${d.noWaits}</p>`}
  </section>`;
}
