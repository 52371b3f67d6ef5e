// What a signed-in console user sees by role (issue 16): an agent the desk (live queue), a QA user the
// workbench, someone with both two tabs, 상담 / QA. The server refuses the rest either way
// (handoff/console-roles.ts); this only spares a user the views they cannot use.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { AgentSummary } from '../../../handoff/agent-api-types.js';
import { Desk, type DeskProps } from '../desk.js';
import { Tabs } from './tabs.js';
import { Workbench } from './workbench.js';
import { WORKBENCH_TEXTS } from './workbench-texts.js';

type Mode = 'desk' | 'qa';

/** Sessions saved before roles existed are agents' sessions. */
export const rolesOf = (me: AgentSummary | null): readonly string[] => me?.roles ?? ['agent'];

export function ConsoleViews(props: DeskProps) {
  const roles = rolesOf(props.me);
  const isAgent = roles.includes('agent');
  const isQa = roles.includes('qa');
  const [mode, setMode] = useState<Mode>(isAgent ? 'desk' : 'qa');
  const q = WORKBENCH_TEXTS[props.words.lang];
  if (!isQa) return html`<${Desk} ...${props} />`;
  if (!isAgent) return html`<${Workbench} ...${props} />`;
  const modes: { id: Mode; name: string }[] = [
    { id: 'desk', name: q.desk },
    { id: 'qa', name: q.qa },
  ];
  return html`<${Tabs} label=${q.modes} tabs=${modes} selected=${mode} select=${setMode} idPrefix="mode" />
    <div role="tabpanel" id=${`mode-panel-${mode}`} aria-labelledby=${`mode-${mode}`}>
      ${mode === 'desk' ? html`<${Desk} ...${props} />` : html`<${Workbench} ...${props} />`}
    </div>`;
}
