// Browser entry of test/e2e/qa-misunderstood.test.ts: the misunderstood-messages panel alone, with the
// console's real API client, as the workbench shell (H4) gives it its props. Token, language and
// period come from the page's address.
import { html } from 'htm/preact';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { AgentApi, ApiError } from '../../web/agent/api.js';
import { Misunderstood } from '../../web/agent/qa/misunderstood.js';
import { TEXTS, type Lang } from '../../web/agent/texts.js';

const params = new URLSearchParams(location.search);
const lang: Lang = params.get('lang') === 'en' ? 'en' : 'ko';
const token = params.get('token');
document.documentElement.lang = lang;

function Page() {
  const [announcement, setAnnouncement] = useState('');
  const [problemText, setProblem] = useState('');
  const api = new AgentApi(() => token);
  const props = {
    words: { lang, t: TEXTS[lang], labels: null },
    api,
    call: <T>(run: () => Promise<T>) => run(),
    announce: setAnnouncement,
    alert: setProblem,
    problem: (error: unknown) => (error instanceof ApiError ? error.message || `HTTP ${error.status}` : String(error)),
    period: { from: params.get('from') ?? '', to: params.get('to') ?? '' },
    navigate: () => undefined,
  };
  return html`<main>
    <h1>QA</h1>
    <${Misunderstood} ...${props} />
    <p id="announce" class="ag-visually-hidden" role="status" aria-live="polite">${announcement}</p>
    <p id="problem" role="alert">${problemText}</p>
  </main>`;
}

render(html`<${Page} />`, document.body);
