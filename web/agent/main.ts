// Entry of the console's bundle (built by web/agent/bundle.ts, served as /agent/agent.js).
import { html, render } from 'htm/preact';
import { App } from './app.js';

const root = document.getElementById('app');
if (root) {
  root.replaceChildren(); // the static "opening…" line gives way to the app
  render(html`<${App} />`, root);
}
