// The agent's reply to the customer of their accepted ticket. The server masks it (lib/redact) before the
// customer, the log or the transcript see it; the box keeps the text when sending fails.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { ConsoleTexts } from './texts.js';

export interface ReplyBoxProps {
  t: ConsoleTexts;
  /** True when the message was sent (the box empties), false when it was refused (the text stays). */
  send(text: string): Promise<boolean>;
}

export function ReplyBox({ t, send }: ReplyBoxProps) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
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
  return html`<form id="reply" class="ag-reply" onSubmit=${submit}>
    <label for="reply-text">${t.reply}</label>
    <textarea
      id="reply-text"
      rows="3"
      maxlength="2000"
      aria-describedby="reply-hint"
      value=${text}
      onInput=${(event: Event) => setText((event.target as HTMLTextAreaElement).value)}
      onKeyDown=${onKeyDown}
    ></textarea>
    <p id="reply-hint" class="ag-hint">${t.replyHint}</p>
    <button type="submit" id="reply-send" class="ag-primary" disabled=${busy || !text.trim()}>${t.send}</button>
  </form>`;
}
