// One ticket: its facts, the customer's certificate check, what they already tried, the actions that fit
// its state, and the transcript.
import { html } from 'htm/preact';
import type { HelpCatalog, HelpRequest, TicketDetail } from '../../handoff/agent-api-types.js';
import type { LiveExtras } from './live-extras.js';
import { LIVE_TEXTS } from './live-texts.js';
import { HelpPanel } from './help-panel.js';
import { ReplyBox } from './reply-box.js';
import { Transcript } from './transcript.js';
import { localeName, named, timeOf, type Words } from './words.js';

export interface TicketViewProps {
  words: Words;
  ticket: TicketDetail | null;
  activities: unknown[] | null;
  mine: boolean;
  titleRef: { current: HTMLHeadingElement | null };
  accept(): void;
  close(): void;
  download(): void;
  /** The agent's reply to the customer (their own accepted ticket only). */
  send(text: string): Promise<boolean>;
  /** Ends the conversation and gives the customer back to the assistant (their own accepted ticket only). */
  handBack(): void;
  extras: LiveExtras;
  announce(text: string): void;
  /** One-click help (help-panel.ts): the lists, and sending a card to the customer. */
  helpCatalog(lang: 'ko' | 'en'): Promise<HelpCatalog>;
  sendHelp(request: HelpRequest): Promise<boolean>;
}

export function TicketView({
  words,
  ticket,
  activities,
  mine,
  titleRef,
  accept,
  close,
  download,
  send,
  handBack,
  extras,
  announce,
  helpCatalog,
  sendHelp,
}: TicketViewProps) {
  const { t } = words;
  const lt = LIVE_TEXTS[words.lang];
  return html`<section id="detail" class="ag-detail" aria-labelledby="detail-title">
    <h2 id="detail-title" tabindex="-1" ref=${titleRef}>${ticket ? html`${t.ticket} <span class="ag-ticket-id">${ticket.id}</span>` : t.detailTitle}</h2>
    ${
      ticket
        ? html`<div id="detail-body">
            <dl id="detail-facts" class="ag-facts">
              ${facts(words, ticket).map(
                ([name, value]) =>
                  html`<dt>${name}</dt>
                    <dd>${value}</dd>`,
              )}
            </dl>
            <${CertCheck} words=${words} check=${ticket.summary.certCheck} />
            ${
              ticket.summary.stepsDone.length
                ? html`<div id="detail-steps">
                    <h3>${t.alreadyTried}</h3>
                    <ol id="detail-steps-list">
                      ${ticket.summary.stepsDone.map((step) => html`<li>${named(words, 'intents', step)}</li>`)}
                    </ol>
                  </div>`
                : null
            }
            <div class="ag-actions">
              ${ticket.status === 'waiting' ? html`<button type="button" id="accept" class="ag-primary" onClick=${accept}>${t.accept}</button>` : null}
              ${mine ? html`<button type="button" id="hand-back" class="ag-secondary" title=${lt.handBackHint} onClick=${handBack}>${lt.handBack}</button>` : null}
              ${mine ? html`<button type="button" id="close" class="ag-danger" onClick=${close}>${t.close}</button>` : null}
              ${activities !== null ? html`<button type="button" id="download" class="ag-secondary" onClick=${download}>${t.download}</button>` : null}
            </div>
            <h3 id="transcript-title">${t.transcript} <span class="ag-hint">${t.redacted}${mine ? html` · <span id="live">${t.live}</span>` : null}</span></h3>
            <${Transcript} words=${words} activities=${activities} />
            ${mine ? html`<${ReplyBox} t=${t} lt=${lt} send=${send} extras=${extras} announce=${announce} />` : null}
            ${mine ? html`<${HelpPanel} lang=${words.lang} activities=${activities} catalog=${helpCatalog} send=${sendHelp} />` : null}
          </div>`
        : html`<p id="detail-empty" class="ag-hint">${t.chooseTicket}</p>`
    }
  </section>`;
}

function facts(words: Words, ticket: TicketDetail): Array<[string, string]> {
  const { t } = words;
  const { fact } = t;
  const rows: Array<[string, string] | null> = [
    [fact.status, t.statuses[ticket.status] ?? ticket.status],
    [fact.agent, ticket.agent?.name ?? '—'],
    [fact.created, timeOf(words, ticket.createdAt)],
    [fact.language, localeName(words, ticket.locale)],
    ticket.status === 'waiting' && ticket.position ? [fact.position, t.position(ticket.position)] : null,
    ticket.closeReason ? [fact.closeReason, t.closeReasons[ticket.closeReason] ?? ticket.closeReason] : null,
    ticket.satisfaction ? [fact.satisfaction, `${ticket.satisfaction} / 5`] : null,
    [fact.intent, named(words, 'intents', ticket.summary.intent)],
    [fact.institution, named(words, 'institutions', ticket.summary.institution)],
    [fact.certificate, named(words, 'certTypes', ticket.summary.certType)],
    ticket.callback ? [fact.callback, [ticket.callback.phoneMasked, ticket.callback.preferredTime].filter(Boolean).join(' · ')] : null,
  ];
  return rows.filter((row): row is [string, string] => row !== null);
}

function CertCheck({ words, check }: { words: Words; check: TicketDetail['summary']['certCheck'] }) {
  if (!check) return null;
  const { t } = words;
  const details = [check.ca ? `${t.ca}: ${check.ca}` : null, typeof check.daysLeft === 'number' ? t.daysLeft(check.daysLeft) : null].filter(Boolean);
  return html`<div id="detail-check" class=${`ag-check ${check.ok ? 'ag-ok' : 'ag-bad'}`}>
    <p class="ag-verdict">${check.ok ? t.checkOk : t.checkBad}</p>
    ${details.length ? html`<p>${details.join(' · ')}</p>` : null}
    ${
      check.codes.length
        ? html`<ul>
            ${check.codes.map((code) => html`<li>${named(words, 'problems', code)} (${code})</li>`)}
          </ul>`
        : null
    }
  </div>`;
}
