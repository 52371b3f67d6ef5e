// Placeholder until the dashboard (H5, issue 16) replaces this file: the workbench shell renders it.
import { html } from 'htm/preact';
import type { PanelProps } from './panel.js';
import { WORKBENCH_TEXTS } from './workbench-texts.js';

export function Dashboard({ words }: PanelProps) {
  return html`<p class="ag-empty">${WORKBENCH_TEXTS[words.lang].placeholder}</p>`;
}
