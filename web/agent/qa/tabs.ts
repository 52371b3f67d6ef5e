// ARIA tabs (WAI-ARIA Authoring Practices, automatic activation): one tab stop, arrows / Home / End
// move between the tabs and show the panel. Used twice: the console's 상담 / QA views and the
// workbench's panels.
import { html } from 'htm/preact';
import { useRef } from 'preact/hooks';

export interface TabsProps<Id extends string> {
  label: string;
  /** Tab ids: the tab is `#tab-<id>`, its panel `#panel-<id>`. */
  tabs: { id: Id; name: string }[];
  selected: Id;
  select(id: Id): void;
  idPrefix?: string;
}

export function Tabs<Id extends string>({ label, tabs, selected, select, idPrefix = 'tab' }: TabsProps<Id>) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    select(tabs[next].id);
    requestAnimationFrame(() => list.current?.querySelector<HTMLButtonElement>(`#${idPrefix}-${tabs[next].id}`)?.focus());
  };
  return html`<div role="tablist" aria-label=${label} class="qa-tabs" ref=${list} onKeyDown=${move}>
    ${tabs.map(
      (tab) =>
        html`<button
          type="button"
          role="tab"
          id=${`${idPrefix}-${tab.id}`}
          aria-controls=${`${idPrefix}-panel-${tab.id}`}
          aria-selected=${tab.id === selected ? 'true' : 'false'}
          tabindex=${tab.id === selected ? 0 : -1}
          onClick=${() => select(tab.id)}
        >
          ${tab.name}
        </button>`,
    )}
  </div>`;
}
