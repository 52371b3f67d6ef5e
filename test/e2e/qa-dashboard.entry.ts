// A test page's script: the dashboard panel alone, with the console's real API client, against the
// real /api/qa/dashboard (qa-dashboard.test.ts serves both). The shell's duties are stand-ins here.
import { html } from 'htm/preact';
import { render } from 'preact';
import { AgentApi } from '../../web/agent/api.js';
import { Dashboard } from '../../web/agent/qa/dashboard.js';
import type { PanelProps } from '../../web/agent/qa/panel.js';
import { TEXTS, type Lang } from '../../web/agent/texts.js';

const query = new URLSearchParams(location.search);
const lang: Lang = query.get('lang') === 'en' ? 'en' : 'ko';
document.documentElement.lang = lang;
const say = (id: string) => (text: string) => {
  document.getElementById(id)!.textContent = text;
};
const props: PanelProps = {
  words: { lang, t: TEXTS[lang], labels: null },
  api: new AgentApi(() => query.get('token')),
  call: (run) => run(),
  announce: say('announce'),
  alert: say('alert'),
  problem: (error) => (error instanceof Error ? error.message : String(error)),
  period: { from: query.get('from') ?? '', to: query.get('to') ?? '' },
  navigate: (panel, filter) => say('navigated')(JSON.stringify({ panel, filter })),
};
render(html`<${Dashboard} ...${props} />`, document.getElementById('panel')!);
