// The agent's reply to the customer of their accepted ticket. The server masks it (lib/redact) before the
// customer, the log or the transcript see it; the box keeps the text when sending fails. Around it: the
// customer's typing, the agent's own typing sent on (throttled by live-extras.ts) and the canned answers,
// which fill the box for the agent to edit and send.
import { html } from 'htm/preact';
import { useRef, useState } from 'preact/hooks';
import type { LiveExtras } from './live-extras.js';
import type { LiveTexts } from './live-texts.js';
import type { ConsoleTexts } from './texts.js';

export interface ReplyBoxProps {
  t: ConsoleTexts;
  lt: LiveTexts;
  /** True when the message was sent (the box empties), false when it was refused (the text stays). */
  send(text: string): Promise<boolean>;
  extras: Pick<LiveExtras, 'customerTyping' | 'agentTyping' | 'canned'>;
  announce(text: string): void;
}

export function ReplyBox({ t, lt, send, extras, announce }: ReplyBoxProps) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (busy || !text.trim()) return;
    setBusy(true);
    if (await send(text)) setText('');
    setBusy(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) void submit(event);
  };
  const fill = (answer: { label: string; text: string }) => {
    setText(answer.text);
    announce(lt.cannedFilled(answer.label));
    requestAnimationFrame(() => {
      const area = box.current;
      area?.focus();
      area?.setSelectionRange(area.value.length, area.value.length);
    });
  };
  return html`<form id="reply" class="ag-reply" onSubmit=${submit}>
    <p id="customer-typing" class="ag-hint ag-typing" aria-live="polite" hidden=${!extras.customerTyping}>${extras.customerTyping ? lt.customerTyping : ''}</p>
    ${
      extras.canned.length
        ? html`<div id="canned" class="ag-canned" role="group" aria-labelledby="canned-title" aria-describedby="canned-hint">
            <span id="canned-title" class="ag-canned-title">${lt.canned}</span>
            ${extras.canned.map(
              (answer) =>
                html`<button type="button" class="canned ag-secondary" data-canned=${answer.id} title=${answer.text} onClick=${() => fill(answer)}>
                  ${answer.label}
                </button>`,
            )}
            <span id="canned-hint" class="ag-hint">${lt.cannedHint}</span>
          </div>`
        : null
    }
    <label for="reply-text">${t.reply}</label>
    <textarea
      id="reply-text"
      ref=${box}
      rows="3"
      maxlength="2000"
      aria-describedby="reply-hint"
      value=${text}
      onInput=${(event: Event) => {
        setText((event.target as HTMLTextAreaElement).value);
        extras.agentTyping();
      }}
      onKeyDown=${onKeyDown}
    ></textarea>
    <p id="reply-hint" class="ag-hint">${t.replyHint}</p>
    <button type="submit" id="reply-send" class="ag-primary" disabled=${busy || !text.trim()}>${t.send}</button>
  </form>`;
}
