// Longer than most files because it is one dialog's component tree with its focus and file-input
// handling; the checks themselves are cert-core's and the texts are in ../texts.ts.
// "내 PC에서 안전하게 확인 / Check safely on my device": checks the customer's certificate files with
// cert-core entirely inside this page (this chunk is loaded only when the panel first opens). The file
// bytes and the password never leave the browser: nothing here calls fetch/XHR, and only a trimmed report
// (owner masked, base names, no key, no password, no bytes) is posted to the conversation through Web Chat.
import { html } from 'htm/preact';
import { render, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CertReportSchema, inspect } from '../../../cert-core/index.js';
import type { PageLanguage } from '../texts.js';
import { keyStatus, kstDate, pickedLabel, readFiles, reportForChat, selectFiles, type PickKind, type Picked, type SharedReport } from './report.js';

const HASH = '#local-check';
const EVENT_NAME = 'certcheck/report';

interface Words {
  ko: string;
  en?: string;
}

export interface OpenRequest {
  language: PageLanguage;
  /** Files to check, e.g. a private key the chat did not upload. */
  files?: File[];
  /** Why the panel opened by itself (shown at its top). */
  notice?: string;
}

let root: HTMLElement | undefined;
let opened = 0;

export function openPanel(request: OpenRequest): void {
  if (!root) {
    root = document.createElement('div');
    document.body.append(root);
  }
  opened += 1;
  render(html`<${Panel} request=${request} seq=${opened} />`, root);
}

/** Korean always; English beside it when the page is in English. */
function Bi({ ko, en, english }: Words & { english: boolean }) {
  return html`<span class="lc-ko">${ko}</span>${english && en ? html`<span class="lc-en" lang="en">${en}</span>` : null}`;
}

function Panel({ request, seq }: { request: OpenRequest; seq: number }) {
  const english = request.language === 'en';
  const t = (ko: string, en: string): ComponentChildren => html`<${Bi} ko=${ko} en=${en} english=${english} />`;
  const dialog = useRef<HTMLDialogElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const resultBox = useRef<HTMLElement>(null);
  const returnFocusTo = useRef<Element | null>(null);
  const [picked, setPicked] = useState<Picked>({ kind: 'none', files: [] });
  const [send, setSend] = useState(true);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Words | null>(null);
  const [result, setResult] = useState<{ shared: SharedReport; keyPresent: boolean } | null>(null);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  // Every openPanel() call: show the dialog, take the given files, move focus inside.
  useEffect(() => {
    const element = dialog.current!;
    setNotice(request.notice);
    if (request.files?.length) {
      const transfer = new DataTransfer();
      for (const file of request.files) transfer.items.add(file);
      filesInput.current!.files = transfer.files;
      choose('files');
    }
    if (element.open) return;
    returnFocusTo.current = document.activeElement;
    element.showModal();
    (request.files?.length ? passwordInput : filesInput).current!.focus();
  }, [seq]);

  function choose(kind: Exclude<PickKind, 'none'>): void {
    const input = (kind === 'files' ? filesInput : folderInput).current!;
    const other = (kind === 'files' ? folderInput : filesInput).current!;
    // Cancelling the picker, or choosing the same files again, keeps the last pick.
    if (!input.files?.length) return;
    other.value = ''; // one selection at a time: the last pick wins
    setPicked({ kind, files: Array.from(input.files) });
  }

  function close(): void {
    const element = dialog.current!;
    passwordInput.current!.value = '';
    if (element.open) element.close();
    if (location.hash === HASH) history.replaceState(null, '', location.pathname + location.search);
    const target = returnFocusTo.current;
    const fallback = document.getElementById('open-local-check');
    ((target instanceof HTMLElement && document.contains(target) ? target : fallback) as HTMLElement | null)?.focus();
  }

  async function check(event: Event): Promise<void> {
    event.preventDefault();
    // Taken out of the field at once: the password lives only in this call's local variable.
    let password = passwordInput.current!.value;
    passwordInput.current!.value = '';
    setBusy(true);
    setProgress({ ko: '확인하는 중이에요…', en: 'Checking…' });
    try {
      if (picked.kind === 'none') {
        setProgress({ ko: '먼저 인증서 파일이나 NPKI 폴더를 골라 주세요.', en: 'Please choose your certificate files or NPKI folder first.' });
        filesInput.current!.focus();
        return;
      }
      const selection = selectFiles(picked);
      if (selection.tooBig) {
        setProgress({
          ko: '고른 파일이 너무 커요. 인증서 파일(signCert.der, signPri.key)이나 NPKI 폴더만 골라 주세요.',
          en: 'The selection is too large. Choose only the certificate files (signCert.der, signPri.key) or the NPKI folder.',
        });
        return;
      }
      const files = await readFiles(selection.files, picked.kind);
      // Let the browser paint "확인하는 중" before the synchronous key decryption starts.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const report = inspect(files, { now: new Date(), password: password || undefined, input: pickedLabel(picked) });
      files.length = 0; // the password is dropped in `finally`, on every path
      const shared = reportForChat(report);
      setProgress(null);
      setResult({ shared, keyPresent: Boolean(report.privateKey?.present) });
      if (send) await sendToChat(shared);
    } catch {
      setProgress({ ko: '파일을 읽지 못했어요. 파일을 다시 골라 주세요.', en: 'The files could not be read. Please choose them again.' });
    } finally {
      // Deliberate: the password's last reference is dropped as soon as the check ends.
      // eslint-disable-next-line no-useless-assignment
      password = '';
      setBusy(false);
    }
  }

  async function sendToChat(shared: SharedReport): Promise<void> {
    const bridge = window.certHelperChat;
    if (!bridge || !CertReportSchema.safeParse(shared.value).success) {
      setProgress({
        ko: '결과를 상담에 보내지 못했어요. 채팅이 연결된 뒤 다시 확인해 주세요.',
        en: 'The result could not be sent to the chat. Check again once the chat is connected.',
      });
      return;
    }
    setProgress({ ko: '결과를 상담에 보내는 중이에요…', en: 'Sending the result to the chat…' });
    const sent = await bridge.sendEvent(EVENT_NAME, shared.value);
    setProgress(
      sent
        ? {
            ko: '결과를 상담에 보냈어요. 창을 닫으면 채팅에서 이어서 안내해 드릴게요.',
            en: 'The result was sent to the chat. Close this panel to continue there.',
          }
        : {
            ko: '결과를 상담에 보내지 못했어요. 채팅 연결을 확인한 뒤 다시 확인해 주세요.',
            en: 'The result could not be sent to the chat. Check the connection and try again.',
          },
    );
  }

  // A new result takes the focus, so that screen readers read it and keyboard users land on it.
  useEffect(() => {
    if (result) resultBox.current?.focus();
  }, [result]);

  const onCancel = (event: Event) => {
    // The file inputs fire their own (bubbling) 'cancel' when the picker is dismissed: not a request to close.
    if (event.target !== dialog.current) return;
    event.preventDefault();
    close();
  };

  const names = picked.kind === 'none' ? '' : pickedLabel(picked);
  return html`
    <dialog id="local-check" class="lc-dialog" aria-labelledby="lc-title" aria-describedby="lc-intro" ref=${dialog} onCancel=${onCancel}>
      <form novalidate onSubmit=${check}>
        <div class="lc-head">
          <h2 id="lc-title">
            <span class="lc-ko"><span class="on-wide">내 PC에서</span><span class="on-narrow">이 기기에서</span> 안전하게 확인</span>
            ${english ? html`<span class="lc-en" lang="en">Check safely on my device</span>` : null}
          </h2>
          <button type="button" class="lc-close" aria-label=${english ? '닫기 / Close' : '닫기'} onClick=${close}>×</button>
        </div>
        ${notice ? html`<p class="lc-notice" role="alert">${notice}</p>` : null}
        <p class="lc-intro" id="lc-intro">
          ${t('파일과 비밀번호는 이 브라우저 안에서만 확인하고 어디에도 보내지 않아요. 상담에는 결과(문제와 해결 방법)만 보낼 수 있어요.', 'Your files and password are checked only inside this browser and are never sent anywhere. Only the result (problems and fixes) can be sent to the chat.')}
        </p>
        <fieldset>
          <legend>${t('인증서 파일 고르기', 'Choose your certificate files')}</legend>
          <label for="lc-files"
            >${t('signCert.der와 signPri.key 두 파일, 또는 .pfx/.p12, .zip 파일', 'The two files signCert.der and signPri.key, or a .pfx/.p12 or .zip file')}</label
          >
          <input type="file" id="lc-files" multiple accept=".der,.key,.pfx,.p12,.zip,.cer,.crt,.pem" ref=${filesInput} onChange=${() => choose('files')} />
          <label for="lc-folder">${t('또는 NPKI 폴더 통째로', 'Or the whole NPKI folder')}</label>
          <input type="file" id="lc-folder" multiple webkitdirectory ref=${folderInput} onChange=${() => choose('folder')} />
          <p class="lc-picked" id="lc-picked" aria-live="polite">
            ${names ? t(`선택함: ${names} (${picked.files.length}개 파일)`, `Selected: ${names} (${picked.files.length} files)`) : null}
          </p>
        </fieldset>
        <label for="lc-password">${t('인증서 비밀번호 (선택)', 'Certificate password (optional)')}</label>
        <input
          type="password"
          id="lc-password"
          autocomplete="off"
          autocapitalize="off"
          spellcheck=${false}
          aria-describedby="lc-password-hint"
          ref=${passwordInput}
        />
        <p class="lc-hint" id="lc-password-hint">
          ${t('비밀번호가 맞는지도 확인하려면 입력하세요. 저장되지 않고, 확인이 끝나면 지워져요.', 'Type it to also check the password. It is not stored and is cleared after the check.')}
        </p>
        <label class="lc-send">
          <input type="checkbox" id="lc-send" checked=${send} onChange=${(event: Event) => setSend((event.currentTarget as HTMLInputElement).checked)} />
          ${t('결과를 상담에 보내기', 'Send the result to the chat')}
        </label>
        <div class="lc-actions">
          <button type="submit" class="lc-primary" disabled=${busy}>${t('확인', 'Check')}</button>
          <button type="button" onClick=${close}>${t('닫기', 'Close')}</button>
        </div>
        <p class="lc-progress" role="status">${progress ? t(progress.ko, progress.en ?? '') : null}</p>
        ${result ? html`<${Result} box=${resultBox} english=${english} ...${result} />` : null}
      </form>
    </dialog>
  `;
}

function Result({ shared, keyPresent, english, box }: { shared: SharedReport; keyPresent: boolean; english: boolean; box: { current: HTMLElement | null } }) {
  const t = (ko: string, en?: string): ComponentChildren => html`<${Bi} ko=${ko} en=${en} english=${english} />`;
  const report = shared.value;
  // Counted as the chat's result card counts: errors and warnings; information (usage) is not a problem.
  const errors = report.problems.filter((problem) => problem.severity !== 'info').length;
  const certificate = report.certificate;
  const fact = (ko: string, en: string, valueKo: string, valueEn?: string) =>
    html`<dt>${t(ko, en)}</dt>
      <dd>${t(valueKo, valueEn && valueEn !== valueKo ? valueEn : '')}</dd>`;
  const left = certificate?.daysLeft ?? 0;
  const key = keyStatus(report.privateKey);
  return html`
    <section
      class=${`lc-result ${report.ok ? 'lc-ok' : 'lc-bad'}`}
      id="lc-result"
      tabindex=${-1}
      ref=${box}
      aria-label=${english ? '확인 결과 / Result' : '확인 결과'}
    >
      <h3>
        ${errors === 0 ? t('문제를 찾지 못했어요.', 'No problems found.') : t(`확인이 필요한 점이 ${errors}가지 있어요.`, `I found ${errors} thing${errors === 1 ? '' : 's'} to look at.`)}
      </h3>
      ${
        certificate
          ? html`<dl>
              ${fact('소유자', 'Owner', certificate.owner || '—')}
              ${fact('발급 기관', 'Issuer (CA)', certificate.ca || certificate.issuerOrg || '알 수 없음', certificate.ca ? '' : certificate.issuerOrg || 'unknown')}
              ${fact('용도', 'Usage', certificate.usage || '알 수 없음', certificate.usage_en || certificate.usage || 'unknown')}
              ${fact('유효 기간', 'Valid', `${kstDate(certificate.notBefore)} ~ ${kstDate(certificate.notAfter)}`)}
              ${fact('남은 기간', 'Days left', left >= 0 ? `${left}일 남음` : `만료됨 (${-left}일 지남)`, left >= 0 ? `${left} days` : `expired ${-left} days ago`)}
              ${keyPresent ? fact('개인키', 'Private key', key.ko, key.en) : null}
            </dl>`
          : keyPresent && report.problems.length === 0
            ? html`<p>${t('비밀번호를 입력해야 이 파일의 내용을 볼 수 있어요.', 'Type the password to see what this file contains.')}</p>`
            : null
      }
      ${
        report.problems.length
          ? html`<ul class="lc-problems">
              ${report.problems.map(
                (problem) =>
                  html`<li class=${`lc-${problem.severity}`}>
                    <strong>${t(problem.message_ko, problem.message_en)}</strong>
                    <p>${t(problem.fix_ko, problem.fix_en)}</p>
                  </li>`,
              )}
            </ul>`
          : null
      }
      ${
        shared.otherCount > 0
          ? html`<p class="lc-hint">
              ${t(`고른 곳에 인증서가 ${shared.otherCount}개 더 있어요. 이 결과는 첫 번째 인증서의 것이에요.`, `There are ${shared.otherCount} more certificates in your selection; this result is for the first one.`)}
            </p>`
          : null
      }
    </section>
  `;
}
