// The conversation as stored (redacted on the server). Customer text is only ever put in as text.
import { html } from 'htm/preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { readCard } from './card-text.js';
import type { Words } from './words.js';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

interface Activity {
  type?: string;
  text?: string;
  from?: { role?: string };
  attachments?: Array<{ contentType?: string; content?: unknown; name?: string }>;
  /** The chips under a message: in Web Chat a card's choices are sent as these. */
  suggestedActions?: { actions?: Array<{ title?: string }> };
}

/** The titles of a message's chips, shown like a card's buttons so the agent sees what was offered. */
const chipTitles = (activity: Activity): string[] =>
  (Array.isArray(activity.suggestedActions?.actions) ? activity.suggestedActions.actions : [])
    .map((action) => action?.title)
    .filter((title): title is string => typeof title === 'string');

export interface TranscriptProps {
  words: Words;
  /** null: no transcript is stored for this ticket. */
  activities: unknown[] | null;
}

export function Transcript({ words, activities }: TranscriptProps) {
  const { t } = words;
  const list = useRef<HTMLOListElement>(null);
  const messages = (activities ?? []).filter((a): a is Activity => !!a && (a as Activity).type === 'message');
  // New messages follow the end only if the agent was already there; reading further up is not disturbed.
  const atEnd = useRef(true);
  const box = list.current;
  if (box) atEnd.current = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
  useLayoutEffect(() => {
    if (list.current && atEnd.current) list.current.scrollTop = list.current.scrollHeight;
  }, [messages.length]);

  return html`<ol id="transcript" class="ag-transcript" aria-labelledby="transcript-title" tabindex="0" ref=${list}>
    ${
      messages.length === 0
        ? html`<li class="ag-empty">${activities === null ? t.errors.noTranscript : t.noMessages}</li>`
        : messages.map((activity, index) => {
            const fromUser = activity.from?.role === 'user';
            return html`<li key=${index} class=${`ag-bubble ${fromUser ? 'ag-user' : 'ag-bot'}`}>
              <span class="ag-speaker">${fromUser ? t.customer : t.bot}</span>
              ${activity.text ? html`<p class="ag-text">${activity.text}</p>` : null}
              ${(Array.isArray(activity.attachments) ? activity.attachments : []).map((attachment) => html`<${Attachment} words=${words} attachment=${attachment} />`)}
              ${
                chipTitles(activity).length
                  ? html`<p class="ag-card-buttons ag-chips">
                      ${chipTitles(activity)
                        .map((title) => `[${title}]`)
                        .join(' ')}
                    </p>`
                  : null
              }
            </li>`;
          })
    }
  </ol>`;
}

function Attachment({ words, attachment }: { words: Words; attachment: NonNullable<Activity['attachments']>[number] }) {
  if (attachment?.contentType === ADAPTIVE_CARD && attachment.content && typeof attachment.content === 'object') {
    const { texts, buttons } = readCard(attachment.content, words.t);
    const [title, ...rest] = texts;
    return html`<div class="ag-card">
      ${title ? html`<p class="ag-card-title">${title}</p>` : null} ${rest.map((text) => html`<p>${text}</p>`)}
      ${buttons.length ? html`<p class="ag-card-buttons">${buttons.map((b) => `[${b}]`).join(' ')}</p>` : null}
    </div>`;
  }
  return html`<p class="ag-file">📎 ${words.t.attachment}: ${attachment?.name ?? ''} (${attachment?.contentType ?? '?'})</p>`;
}
