// One-click help for the open ticket (issue 19): send the customer a guide (its overview or one step),
// an FAQ answer or the local-check invitation — the assistant's own cards, built on the server — and see
// where the customer is in a guide. That position comes from the live stream: every guide card in it
// carries `guide` (its procedure and card, handoff/guide-position.ts), so it moves as the customer clicks.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { GuidePosition, HelpCatalog, HelpRequest } from '../../handoff/agent-api-types.js';
import { HELP_TEXTS, type HelpTexts } from './help-texts.js';
import type { Lang } from './texts.js';

export interface HelpPanelProps {
  lang: Lang;
  /** The open ticket's conversation as streamed (the newest last). */
  activities: unknown[] | null;
  /** The guides and FAQ answers in the agent's language. */
  catalog(lang: Lang): Promise<HelpCatalog>;
  /** True when the card was sent; a refusal is shown by the caller. */
  send(request: HelpRequest): Promise<boolean>;
}

export function HelpPanel({ lang, activities, catalog, send }: HelpPanelProps) {
  const t = HELP_TEXTS[lang];
  const [lists, setLists] = useState<HelpCatalog | null>(null);
  const [procedureId, setProcedureId] = useState('');
  const [step, setStep] = useState('');
  const [faqId, setFaqId] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');

  useEffect(() => {
    let current = true;
    catalog(lang).then(
      (loaded) => {
        if (!current) return;
        setLists(loaded);
        setProcedureId((id) => (loaded.procedures.some((p) => p.id === id) ? id : (loaded.procedures[0]?.id ?? '')));
        setFaqId((id) => (loaded.faqs.some((f) => f.id === id) ? id : (loaded.faqs[0]?.id ?? '')));
      },
      () => undefined, // the caller has shown why
    );
    return () => {
      current = false;
    };
  }, [lang]);

  const procedure = lists?.procedures.find((p) => p.id === procedureId);
  const submit = async (request: HelpRequest) => {
    if (busy) return;
    setBusy(true);
    setStatus('');
    if (await send(request)) setStatus(t.sent[request.kind]);
    setBusy(false);
  };
  const sendProcedure = (event: Event) => {
    event.preventDefault();
    if (procedure) void submit({ kind: 'procedure', id: procedure.id, ...(step ? { step: Number(step) } : {}) });
  };
  const sendFaq = (event: Event) => {
    event.preventDefault();
    if (faqId) void submit({ kind: 'faq', id: faqId });
  };

  return html`<section id="help" class="ag-help" aria-labelledby="help-title">
    <h3 id="help-title">${t.title}</h3>
    <p class="ag-hint">${t.hint}</p>
    <div class="ag-progress">
      <span id="customer-progress-label">${t.whereTitle}: </span>
      <strong id="customer-progress" role="status" aria-labelledby="customer-progress-label">${whereText(t, lists, latestPosition(activities))}</strong>
    </div>
    ${
      lists
        ? html`<form class="ag-help-row" onSubmit=${sendProcedure}>
              <label for="help-procedure">${t.procedure}</label>
              <select
                id="help-procedure"
                value=${procedureId}
                onChange=${(e: Event) => {
                  setProcedureId((e.target as HTMLSelectElement).value);
                  setStep('');
                }}
              >
                ${lists.procedures.map((p) => html`<option value=${p.id}>${p.title}</option>`)}
              </select>
              <label for="help-step">${t.step}</label>
              <select id="help-step" value=${step} onChange=${(e: Event) => setStep((e.target as HTMLSelectElement).value)}>
                <option value="">${t.overview}</option>
                ${(procedure?.steps ?? []).map((title, i) => html`<option value=${String(i + 1)}>${t.stepOption(i + 1, title)}</option>`)}
              </select>
              <button type="submit" id="send-procedure" class="ag-secondary" disabled=${busy || !procedure}>${t.sendProcedure}</button>
            </form>
            <form class="ag-help-row" onSubmit=${sendFaq}>
              <label for="help-faq">${t.faq}</label>
              <select id="help-faq" value=${faqId} onChange=${(e: Event) => setFaqId((e.target as HTMLSelectElement).value)}>
                ${lists.faqs.map((f) => html`<option value=${f.id}>${f.question}</option>`)}
              </select>
              <button type="submit" id="send-faq" class="ag-secondary" disabled=${busy || !faqId}>${t.sendFaq}</button>
            </form>
            <button type="button" id="send-local-check" class="ag-secondary" disabled=${busy} onClick=${() => void submit({ kind: 'local_check' })}>
              ${t.sendLocalCheck}
            </button>
            <p class="ag-hint" role="status">${status}</p>`
        : html`<p class="ag-hint">${t.loading}</p>`
    }
  </section>`;
}

/** The position of the newest guide card in the conversation, if any. */
export function latestPosition(activities: unknown[] | null): GuidePosition | undefined {
  for (let i = (activities?.length ?? 0) - 1; i >= 0; i--) {
    const guide = (activities![i] as { guide?: GuidePosition } | null)?.guide;
    if (guide && typeof guide.procedureId === 'string' && Number.isInteger(guide.index)) return guide;
  }
  return undefined;
}

/** "2 / 5단계 · <guide>", or the overview / closing card, in the agent's language. */
export function whereText(t: HelpTexts, lists: HelpCatalog | null, at: GuidePosition | undefined): string {
  if (!at) return t.nowhere;
  const procedure = lists?.procedures.find((p) => p.id === at.procedureId);
  // Before the lists arrive (or for a guide the content no longer has) there is no name or step count to say.
  if (!procedure) return lists ? at.procedureId : t.loading;
  const total = procedure.steps.length;
  if (at.index < 0) return t.atOverview(procedure.title);
  if (at.index >= total) return t.atDone(procedure.title);
  return t.atStep(at.index + 1, total, procedure.title);
}
