// The misunderstood-messages panel of the QA workbench: groups of similar messages (biggest first),
// each message labelled with an intent or "out of scope", and the labelled set downloaded as a file
// for content/nlu (server: qa/workbench/misunderstood-api.ts). Native selects and buttons only, so it
// works from the keyboard; what happened is announced to screen readers through the shell.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { saveDownload } from '../download.js';
import type { Words } from '../words.js';
import { INTENT_NAMES, MISUNDERSTOOD_TEXTS, type MisunderstoodTexts } from './misunderstood-texts.js';
import type { PanelProps } from './panel.js';

/** The shapes GET /api/qa/misunderstood answers (qa/workbench is not imported into the browser bundle). */
interface Item {
  id: string;
  text: string;
  language: 'ko' | 'en';
  reasons: string[];
  at: string;
  recognised?: string;
  finalIntent?: string;
  label?: string;
}
interface Group {
  id: string;
  size: number;
  examples: string[];
  finalIntents: { intent: string; count: number }[];
  items: Item[];
}
interface Answer {
  total: number;
  truncated: boolean;
  labels: string[];
  groups: Group[];
}

const OUT_OF_SCOPE = 'out_of_scope';
const base = '/api/qa/misunderstood';

/** An intent's name in the QA engineer's language: the server's, else ours, else the id. */
function intentName(words: Words, t: MisunderstoodTexts, id: string): string {
  if (id === OUT_OF_SCOPE) return t.outOfScope;
  const served = words.labels && Object.hasOwn(words.labels.intents, id) ? words.labels.intents[id] : undefined;
  return (served ?? INTENT_NAMES[id])?.[words.lang] ?? id;
}

export function Misunderstood({ words, api, call, announce, alert, problem, period }: PanelProps) {
  const t = MISUNDERSTOOD_TEXTS[words.lang];
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const query = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;

  useEffect(() => {
    let current = true;
    setAnswer(null);
    call(() => api.request(`${base}?${query}`))
      .then((response) => response.json() as Promise<Answer>)
      .then((loaded) => current && setAnswer(loaded))
      .catch((error: unknown) => current && alert(problem(error)));
    return () => {
      current = false;
    };
  }, [query]);

  const save = async (item: Item) => {
    const intent = chosen[item.id] ?? item.label;
    if (!intent) return alert(t.chooseFirst);
    try {
      await call(() =>
        api.request(`${base}/${encodeURIComponent(item.id)}/label`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ intent }),
        }),
      );
      setAnswer(
        (old) => old && { ...old, groups: old.groups.map((g) => ({ ...g, items: g.items.map((i) => (i.id === item.id ? { ...i, label: intent } : i)) })) },
      );
      announce(t.saved(intentName(words, t, intent)));
    } catch (error) {
      alert(problem(error));
    }
  };

  const download = async () => {
    try {
      const response = await call(() => api.request(`${base}/export?${query}`));
      await saveDownload(response, /^misunderstood-[\d_-]+\.json$/, `misunderstood-${period.from}_${period.to}.json`);
      announce(t.exported);
    } catch (error) {
      alert(problem(error));
    }
  };

  const options = (answer?.labels ?? []).filter((id) => id !== 'none');
  return html`<section id="misunderstood" class="mis" aria-labelledby="mis-title">
    <div class="mis-head">
      <h2 id="mis-title" tabindex="-1">${t.title}</h2>
      <button type="button" id="mis-export" class="ag-secondary" onClick=${download}>${t.export}</button>
    </div>
    <p class="ag-hint">${t.intro}</p>
    ${
      !answer
        ? html`<p role="status">${t.loading}</p>`
        : html`<p id="mis-summary">${t.summary(answer.total, answer.groups.length)}</p>
            ${answer.truncated ? html`<p class="ag-hint">${t.truncated}</p>` : null}
            ${answer.groups.length === 0 ? html`<p class="ag-empty">${t.empty}</p>` : null}
            <ol class="mis-groups">
              ${answer.groups.map(
                (group) =>
                  html`<${GroupView}
                    key=${group.id}
                    ...${{ words, t, group, options, chosen, choose: (id: string, v: string) => setChosen((c) => ({ ...c, [id]: v })), save }}
                  />`,
              )}
            </ol>`
    }
  </section>`;
}

interface GroupProps {
  words: Words;
  t: MisunderstoodTexts;
  group: Group;
  options: string[];
  chosen: Record<string, string>;
  choose(id: string, value: string): void;
  save(item: Item): void;
}

function GroupView({ words, t, group, options, chosen, choose, save }: GroupProps) {
  const titleId = `mis-group-${group.id}`;
  const finals = group.finalIntents.map(({ intent, count }) => `${intent === 'none' ? t.nothingReached : intentName(words, t, intent)} ×${count}`).join(', ');
  return html`<li class="mis-group" data-size=${group.size}>
    <h3 id=${titleId}>${t.group(group.size)}</h3>
    <p class="mis-examples">${t.examples}: ${group.examples.map((text, n) => html`${n ? ' · ' : ''}<q>${text}</q>`)}</p>
    <p class="mis-final">${t.finalIntents}: ${finals}</p>
    <ul class="mis-items">
      ${group.items.map((item) => {
        const selectId = `mis-label-${item.id}`;
        const value = chosen[item.id] ?? item.label ?? '';
        return html`<li class="mis-item" key=${item.id} data-id=${item.id}>
          <p class="mis-text" lang=${item.language}>${item.text}</p>
          <p class="ag-hint">
            ${item.reasons.map((reason) => t.reasons[reason] ?? reason).join(', ')}${item.recognised ? ` · ${t.recognised(intentName(words, t, item.recognised))}` : ''}
            ${item.label ? html` · <strong class="mis-current">${t.labelledAs(intentName(words, t, item.label))}</strong>` : null}
          </p>
          <div class="mis-actions">
            <label class="ag-visually-hidden" for=${selectId}>${t.labelFor(item.text)}</label>
            <select id=${selectId} class="mis-label" value=${value} onChange=${(e: Event) => choose(item.id, (e.currentTarget as HTMLSelectElement).value)}>
              <option value="" disabled>${t.choose}</option>
              ${options.map((id) => html`<option value=${id}>${intentName(words, t, id)}</option>`)}
            </select>
            <button type="button" class="mis-save ag-primary" aria-label=${`${t.save}: ${item.text}`} onClick=${() => save(item)}>${t.save}</button>
          </div>
        </li>`;
      })}
    </ul>
  </li>`;
}
