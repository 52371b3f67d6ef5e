// "내 PC에서 안전하게 확인 / Check safely on my device": checks the user's certificate files with the cert-core
// browser bundle (window.CertCore) entirely inside this page. The file bytes and the password never
// leave the browser: nothing here calls fetch/XHR, and only a trimmed report (owner masked, base names,
// no key, no password, no bytes) is posted to the conversation through Web Chat (app.js's bridge).
(function localCheck() {
  const ENGLISH = new URLSearchParams(location.search).get('lang') === 'en';
  const HASH = '#local-check';
  const EVENT_NAME = 'certcheck/report';
  const BUNDLE_URL = '/vendor/cert-core.js';
  // Reading is bounded before cert-core sees anything: a wrong folder pick must not load gigabytes.
  const MAX_FILES = 200;
  const MAX_READ_BYTES = 16 * 1024 * 1024;
  // In a picked folder only certificate-shaped names matter (NPKI folders hold signCert.der/signPri.key).
  const CERTIFICATE_NAME = /\.(der|key|pfx|p12|zip|cer|crt|pem)$/i;

  let dialog; // built on first open
  let ui; // references into the dialog
  let picked = { kind: 'none', files: [] };
  let returnFocusTo = null;
  let bundlePromise;

  // ---- bilingual text: Korean always, English under it when the page is in English ----

  function bilingual(tag, ko, en, className) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    appendBilingual(element, ko, en);
    return element;
  }

  function appendBilingual(element, ko, en) {
    const korean = document.createElement('span');
    korean.className = 'lc-ko';
    korean.textContent = ko;
    element.append(korean);
    if (ENGLISH && en) {
      const english = document.createElement('span');
      english.className = 'lc-en';
      english.lang = 'en';
      english.textContent = en;
      element.append(english);
    }
    return element;
  }

  // ---- the panel ----

  function build() {
    dialog = document.createElement('dialog');
    dialog.id = 'local-check';
    dialog.className = 'lc-dialog';
    dialog.setAttribute('aria-labelledby', 'lc-title');
    dialog.setAttribute('aria-describedby', 'lc-intro');

    const form = document.createElement('form');
    form.noValidate = true;

    const head = document.createElement('div');
    head.className = 'lc-head';
    const title = bilingual('h2', '내 PC에서 안전하게 확인', 'Check safely on my device');
    title.id = 'lc-title';
    const closeX = document.createElement('button');
    closeX.type = 'button';
    closeX.className = 'lc-close';
    closeX.textContent = '×';
    closeX.setAttribute('aria-label', ENGLISH ? '닫기 / Close' : '닫기');
    closeX.addEventListener('click', close);
    head.append(title, closeX);

    const intro = bilingual(
      'p',
      '파일과 비밀번호는 이 브라우저 안에서만 확인하고 어디에도 보내지 않아요. 상담에는 결과(문제와 해결 방법)만 보낼 수 있어요.',
      'Your files and password are checked only inside this browser and are never sent anywhere. Only the result (problems and fixes) can be sent to the chat.',
      'lc-intro',
    );
    intro.id = 'lc-intro';

    const fileset = document.createElement('fieldset');
    fileset.append(bilingual('legend', '인증서 파일 고르기', 'Choose your certificate files'));
    const filesInput = fileInput('lc-files', false);
    const folderInput = fileInput('lc-folder', true);
    fileset.append(
      label('lc-files', 'signCert.der와 signPri.key 두 파일, 또는 .pfx/.p12, .zip 파일', 'The two files signCert.der and signPri.key, or a .pfx/.p12 or .zip file'),
      filesInput,
      label('lc-folder', '또는 NPKI 폴더 통째로', 'Or the whole NPKI folder'),
      folderInput,
    );
    const pickedNote = document.createElement('p');
    pickedNote.className = 'lc-picked';
    pickedNote.id = 'lc-picked';
    pickedNote.setAttribute('aria-live', 'polite');
    fileset.append(pickedNote);

    const passwordInput = document.createElement('input');
    passwordInput.type = 'password';
    passwordInput.id = 'lc-password';
    passwordInput.autocomplete = 'off';
    passwordInput.setAttribute('autocapitalize', 'off');
    passwordInput.spellcheck = false;
    passwordInput.setAttribute('aria-describedby', 'lc-password-hint');
    const passwordHint = bilingual(
      'p',
      '비밀번호가 맞는지도 확인하려면 입력하세요. 저장되지 않고, 확인이 끝나면 지워져요.',
      'Type it to also check the password. It is not stored and is cleared after the check.',
      'lc-hint',
    );
    passwordHint.id = 'lc-password-hint';

    const sendLabel = document.createElement('label');
    sendLabel.className = 'lc-send';
    const sendBox = document.createElement('input');
    sendBox.type = 'checkbox';
    sendBox.id = 'lc-send';
    sendBox.checked = true;
    sendLabel.append(sendBox, ' ');
    appendBilingual(sendLabel, '결과를 상담에 보내기', 'Send the result to the chat');

    const actions = document.createElement('div');
    actions.className = 'lc-actions';
    const submit = bilingual('button', '확인', 'Check', 'lc-primary');
    submit.type = 'submit';
    const cancel = bilingual('button', '닫기', 'Close');
    cancel.type = 'button';
    cancel.addEventListener('click', close);
    actions.append(submit, cancel);

    const progress = document.createElement('p');
    progress.className = 'lc-progress';
    progress.setAttribute('role', 'status');

    const result = document.createElement('section');
    result.className = 'lc-result';
    result.id = 'lc-result';
    result.tabIndex = -1;
    result.hidden = true;
    result.setAttribute('aria-label', ENGLISH ? '확인 결과 / Result' : '확인 결과');

    form.append(head, intro, fileset, label('lc-password', '인증서 비밀번호 (선택)', 'Certificate password (optional)'), passwordInput, passwordHint, sendLabel, actions, progress, result);
    dialog.append(form);
    document.body.append(dialog);

    ui = { form, filesInput, folderInput, pickedNote, passwordInput, sendBox, submit, progress, result };
    filesInput.addEventListener('change', () => pick('files', filesInput, folderInput));
    folderInput.addEventListener('change', () => pick('folder', folderInput, filesInput));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      runCheck();
    });
    // Esc: the native dialog fires 'cancel'; the keydown handler covers browsers without <dialog>.
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
    });
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close();
    });
  }

  function fileInput(id, folder) {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = id;
    input.multiple = true;
    if (folder) input.webkitdirectory = true;
    else input.accept = '.der,.key,.pfx,.p12,.zip,.cer,.crt,.pem';
    return input;
  }

  function label(forId, ko, en) {
    const element = bilingual('label', ko, en);
    element.htmlFor = forId;
    return element;
  }

  function pick(kind, input, other) {
    other.value = ''; // one selection at a time: the last pick wins
    picked = { kind: input.files.length ? kind : 'none', files: Array.from(input.files) };
    ui.pickedNote.textContent = '';
    if (picked.kind === 'none') return;
    const names = picked.kind === 'folder' ? topFolder(picked.files) : picked.files.map((file) => file.name).join(', ');
    appendBilingual(ui.pickedNote, `선택함: ${names} (${picked.files.length}개 파일)`, `Selected: ${names} (${picked.files.length} files)`);
  }

  function open() {
    if (!dialog) build();
    if (dialog.open) return;
    returnFocusTo = document.activeElement;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    ui.filesInput.focus();
    loadCertCore().catch(() => undefined); // warm up; errors are shown when the user presses 확인
  }

  function close() {
    if (!dialog || !dialog.open) return;
    ui.passwordInput.value = '';
    if (typeof dialog.close === 'function') dialog.close();
    else dialog.removeAttribute('open');
    if (location.hash === HASH) history.replaceState(null, '', location.pathname + location.search);
    const target = returnFocusTo && document.contains(returnFocusTo) ? returnFocusTo : document.getElementById('open-local-check');
    if (target && typeof target.focus === 'function') target.focus();
  }

  function loadCertCore() {
    if (window.CertCore) return Promise.resolve(window.CertCore);
    bundlePromise ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = BUNDLE_URL;
      script.onload = () => (window.CertCore ? resolve(window.CertCore) : reject(new Error('CertCore missing')));
      script.onerror = () => {
        script.remove();
        bundlePromise = undefined; // let the next attempt try again
        reject(new Error('CertCore failed to load'));
      };
      document.head.append(script);
    });
    return bundlePromise;
  }

  // ---- the check ----

  async function runCheck() {
    // Taken out of the field at once: the password lives only in this call's local variable.
    let password = ui.passwordInput.value;
    ui.passwordInput.value = '';
    ui.submit.disabled = true;
    showProgress('확인하는 중이에요…', 'Checking…');
    try {
      if (picked.kind === 'none') {
        showProgress('먼저 인증서 파일이나 NPKI 폴더를 골라 주세요.', 'Please choose your certificate files or NPKI folder first.');
        ui.filesInput.focus();
        return;
      }
      let CertCore;
      try {
        CertCore = await loadCertCore();
      } catch {
        showProgress('확인 도구를 불러오지 못했어요. 페이지를 새로 고친 뒤 다시 시도해 주세요.', 'The check tool could not be loaded. Reload the page and try again.');
        return;
      }
      const selection = selectFiles(picked);
      if (selection.tooBig) {
        showProgress('고른 파일이 너무 커요. 인증서 파일(signCert.der, signPri.key)이나 NPKI 폴더만 골라 주세요.', 'The selection is too large. Choose only the certificate files (signCert.der, signPri.key) or the NPKI folder.');
        return;
      }
      const files = await readFiles(selection.files, picked.kind);
      // Let the browser paint "확인하는 중" before the synchronous key decryption starts.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const report = CertCore.inspect(files, { now: new Date(), password: password || undefined, input: inputLabel(picked) });
      password = '';
      files.length = 0;
      const shared = reportForChat(report, CertCore);
      showProgress('', '');
      renderResult(shared, Boolean(report.privateKey && report.privateKey.present));
      if (ui.sendBox.checked) await sendToChat(shared, CertCore);
    } catch {
      showProgress('파일을 읽지 못했어요. 파일을 다시 골라 주세요.', 'The files could not be read. Please choose them again.');
    } finally {
      password = '';
      ui.submit.disabled = false;
    }
  }

  function selectFiles({ kind, files }) {
    const candidates = kind === 'folder' ? files.filter((file) => CERTIFICATE_NAME.test(file.name)) : files;
    const total = candidates.reduce((sum, file) => sum + file.size, 0);
    return { files: candidates, tooBig: candidates.length > MAX_FILES || total > MAX_READ_BYTES };
  }

  async function readFiles(files, kind) {
    return Promise.all(
      files.map(async (file) => ({
        // Folder picks keep the relative path so cert-core can pair signCert.der with its signPri.key.
        name: kind === 'folder' && file.webkitRelativePath ? file.webkitRelativePath : file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      })),
    );
  }

  function inputLabel({ kind, files }) {
    const label = kind === 'folder' ? topFolder(files) : files.map((file) => file.name).join(', ');
    return label.length > 200 ? label.slice(0, 199) + '…' : label;
  }

  function topFolder(files) {
    const path = (files[0] && files[0].webkitRelativePath) || '';
    return path.split('/')[0] || (files[0] ? files[0].name : '');
  }

  function baseName(path) {
    const parts = String(path).split(/[\\/]/);
    return parts[parts.length - 1];
  }

  /**
   * The report as the conversation may see it: only the documented fields, file paths cut to base names
   * (NPKI folder names contain the owner's name), the owner's name masked wherever it appears, and no
   * identity check or list of other certificates.
   */
  function reportForChat(report, CertCore) {
    const owner = report.certificate && report.certificate.owner ? report.certificate.owner.trim() : '';
    const masked = owner ? CertCore.maskOwnerName(owner) : '';
    const hide = (text) => (owner && typeof text === 'string' ? text.split(owner).join(masked) : text);
    const certificate = report.certificate;
    const key = report.privateKey;
    return {
      input: hide(baseName(report.input)),
      ok: report.ok,
      problems: report.problems.map((problem) => ({
        code: problem.code,
        severity: problem.severity,
        message_ko: hide(problem.message_ko),
        message_en: hide(problem.message_en),
        fix_ko: hide(problem.fix_ko),
        fix_en: hide(problem.fix_en),
        file: problem.file === null ? null : hide(baseName(problem.file)),
      })),
      certificate: certificate && {
        subject: hide(certificate.subject),
        owner: masked,
        issuerOrg: certificate.issuerOrg,
        ca: certificate.ca,
        testCa: certificate.testCa,
        policyOid: certificate.policyOid,
        usage: certificate.usage,
        usage_en: certificate.usage_en,
        generalPurpose: certificate.generalPurpose,
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
        daysLeft: certificate.daysLeft,
        serial: certificate.serial,
      },
      privateKey: key && {
        present: key.present,
        encryption: key.encryption,
        decrypted: key.decrypted,
        matchesCertificate: key.matchesCertificate,
        hasRandomNum: key.hasRandomNum,
      },
      identity: null,
      otherCertificates: [],
      // Count only (not the paths): tells the reader the report covers the first certificate.
      _otherCount: report.otherCertificates.length,
    };
  }

  async function sendToChat(shared, CertCore) {
    const { _otherCount, ...value } = shared;
    const bridge = window.certHelperChat;
    if (!bridge || !CertCore.CertReportSchema.safeParse(value).success) {
      showProgress('결과를 상담에 보내지 못했어요. 채팅이 연결된 뒤 다시 확인해 주세요.', 'The result could not be sent to the chat. Check again once the chat is connected.');
      return;
    }
    showProgress('결과를 상담에 보내는 중이에요…', 'Sending the result to the chat…');
    const sent = await bridge.sendEvent(EVENT_NAME, value);
    if (sent) showProgress('결과를 상담에 보냈어요. 창을 닫으면 채팅에서 이어서 안내해 드릴게요.', 'The result was sent to the chat. Close this panel to continue there.');
    else showProgress('결과를 상담에 보내지 못했어요. 채팅 연결을 확인한 뒤 다시 확인해 주세요.', 'The result could not be sent to the chat. Check the connection and try again.');
  }

  // ---- showing the result ----

  function showProgress(ko, en) {
    ui.progress.textContent = '';
    if (ko) appendBilingual(ui.progress, ko, en);
  }

  function renderResult(report, keyPresent) {
    const box = ui.result;
    box.textContent = '';
    box.hidden = false;
    box.className = 'lc-result ' + (report.ok ? 'lc-ok' : 'lc-bad');
    // Counted as the chat's result card counts: errors and warnings; information (usage) is not a problem.
    const errors = report.problems.filter((problem) => problem.severity !== 'info').length;
    box.append(
      errors === 0
        ? bilingual('h3', '문제를 찾지 못했어요.', 'No problems found.')
        : bilingual('h3', `확인이 필요한 점이 ${errors}가지 있어요.`, `I found ${errors} thing${errors === 1 ? '' : 's'} to look at.`),
    );

    const certificate = report.certificate;
    if (certificate) {
      const facts = document.createElement('dl');
      fact(facts, '소유자', 'Owner', certificate.owner || '—');
      fact(facts, '발급 기관', 'Issuer (CA)', certificate.ca || certificate.issuerOrg || '알 수 없음', certificate.ca ? '' : certificate.issuerOrg || 'unknown');
      fact(facts, '용도', 'Usage', certificate.usage || '알 수 없음', certificate.usage_en || certificate.usage || 'unknown');
      fact(facts, '유효 기간', 'Valid', `${kstDate(certificate.notBefore)} ~ ${kstDate(certificate.notAfter)}`);
      const left = certificate.daysLeft;
      fact(facts, '남은 기간', 'Days left', left >= 0 ? `${left}일 남음` : `만료됨 (${-left}일 지남)`, left >= 0 ? `${left} days` : `expired ${-left} days ago`);
      if (keyPresent) fact(facts, '개인키', 'Private key', keyStatusKo(report.privateKey), keyStatusEn(report.privateKey));
      box.append(facts);
    } else if (keyPresent && report.problems.length === 0) {
      box.append(bilingual('p', '비밀번호를 입력해야 이 파일의 내용을 볼 수 있어요.', 'Type the password to see what this file contains.'));
    }

    if (report.problems.length) {
      const list = document.createElement('ul');
      list.className = 'lc-problems';
      for (const problem of report.problems) {
        const item = document.createElement('li');
        item.className = 'lc-' + problem.severity;
        item.append(bilingual('strong', problem.message_ko, problem.message_en), bilingual('p', problem.fix_ko, problem.fix_en));
        list.append(item);
      }
      box.append(list);
    }
    if (report._otherCount > 0) {
      box.append(
        bilingual(
          'p',
          `고른 곳에 인증서가 ${report._otherCount}개 더 있어요. 이 결과는 첫 번째 인증서의 것이에요.`,
          `There are ${report._otherCount} more certificates in your selection; this result is for the first one.`,
          'lc-hint',
        ),
      );
    }
    box.focus();
  }

  function fact(list, ko, en, valueKo, valueEn) {
    const term = bilingual('dt', ko, en);
    const value = bilingual('dd', valueKo, valueEn && valueEn !== valueKo ? valueEn : '');
    list.append(term, value);
  }

  function keyStatusKo(key) {
    if (!key || !key.present) return '없음';
    if (key.decrypted === null) return '있음 (비밀번호를 넣지 않아 확인하지 않음)';
    if (!key.decrypted) return '있음 (비밀번호로 열리지 않음)';
    return key.matchesCertificate === false ? '있음 (이 인증서의 키가 아님)' : '있음 (비밀번호 맞음)';
  }

  function keyStatusEn(key) {
    if (!key || !key.present) return 'missing';
    if (key.decrypted === null) return 'present (not checked: no password)';
    if (!key.decrypted) return 'present (the password does not open it)';
    return key.matchesCertificate === false ? 'present (belongs to another certificate)' : 'present (password correct)';
  }

  /** ISO date → YYYY-MM-DD in Korea time, which is what certificate screens in Korea show. */
  function kstDate(iso) {
    const time = Date.parse(iso);
    if (Number.isNaN(time)) return iso;
    return new Date(time + 9 * 3600 * 1000).toISOString().slice(0, 10);
  }

  // ---- ways in: header button, bot card (#local-check), window.openLocalCheck() ----

  window.openLocalCheck = open;
  window.addEventListener('hashchange', () => {
    if (location.hash === HASH) open();
  });
  function wireOpener() {
    const button = document.getElementById('open-local-check');
    if (button) button.addEventListener('click', open);
    if (location.hash === HASH) open();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wireOpener);
  else wireOpener();
})();
