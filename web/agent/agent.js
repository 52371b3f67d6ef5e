// 상담 콘솔 / Agent console. One page for two hosts:
// - inside Microsoft Teams (static tab): teams-js initializes, Teams SSO gives the Bearer token;
// - in a plain browser (on-premises): the agent signs in with a username and password.
// If Teams cannot give a token (not really in Teams, host never answers, SSO refused), the page falls
// back to the sign-in form with a message: an agent must never be left in front of a blank page.
// Tokens live in memory; the password session token at most in sessionStorage (this tab only), never localStorage.
// Everything from the API (transcripts are customer text) is put into the page with textContent, never as HTML.
(function agentConsole() {
  'use strict';

  const REFRESH_MS = 10_000;
  const TEAMS_TIMEOUT_MS = 5_000;
  const RECENT_CLOSED = 10;
  const SESSION_KEY = 'certHelperAgentSession';
  const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

  const INTENTS = {
    issue: '신규 발급 / Issue',
    reissue: '재발급 / Reissue',
    renew: '갱신 / Renew',
    register_other: '타기관 등록 / Register at another bank',
    deregister_other: '타기관 해지 / Deregister',
    copy_cert: '인증서 복사 / Copy',
    trouble_password: '비밀번호 문제 / Password trouble',
    trouble_expired: '만료 / Expired',
    trouble_unrecognized: '인증서가 안 보임 / Not recognized',
    check_file: '파일 확인 / File check',
    cert_info: '인증서 안내 / Certificate info',
    agent: '상담원 요청 / Asked for an agent',
  };
  const INSTITUTIONS = {
    epost: '우체국', woori: '우리은행', kb: 'KB국민은행', shinhan: '신한은행', hana: '하나은행', nh: 'NH농협',
    ibk: 'IBK기업은행', sc: 'SC제일은행', kakaobank: '카카오뱅크', tossbank: '토스뱅크', kbank: '케이뱅크',
    busan: '부산은행', im: 'iM뱅크(대구)', gwangju: '광주은행', jeonbuk: '전북은행', kyongnam: '경남은행',
    jeju: '제주은행', kdb: 'KDB산업은행', suhyup: '수협', shinhyup: '신협', mg: '새마을금고', citi: '씨티은행',
    other: '기타 은행 / Other bank',
  };
  const CERT_TYPES = { joint: '공동인증서 / Joint certificate', financial: '금융인증서 / Financial certificate' };
  const STATUSES = {
    waiting: '대기 중 / Waiting',
    assigned: '상담 중 / Assigned',
    callback: '전화 요청 / Callback requested',
    closed: '종료 / Closed',
    expired: '응답 없이 끝남 / Expired',
  };
  const CLOSE_REASONS = {
    resolved: '해결 / Resolved',
    customer_left: '고객이 나감 / Customer left',
    no_agent: '상담원 없음 / No agent',
    agent_timeout: '상담원 응답 없음 / Agent timeout',
  };
  const LOCALES = { ko: '한국어 / Korean', en: '영어 / English' };
  const FINISHED = ['closed', 'expired'];
  const PROBLEMS = {
    EMPTY_FILE: '빈 파일 / Empty file',
    TOO_LARGE: '파일이 너무 큼 / Too large',
    NOT_A_CERTIFICATE: '인증서 파일 아님 / Not a certificate',
    DAMAGED_FILE: '손상된 파일 / Damaged file',
    NOT_NPKI: 'NPKI 인증서 아님 / Not NPKI',
    TEST_CA: '테스트 인증서 / Test CA',
    EXPIRED: '만료됨 / Expired',
    NOT_YET_VALID: '아직 유효하지 않음 / Not yet valid',
    RENEWAL_WINDOW: '갱신 기간 / Renewal window',
    USAGE_RESTRICTED: '용도 제한 / Usage restricted',
    CERT_MISSING: '인증서 파일 없음 / Certificate missing',
    KEY_MISSING: '개인키 파일 없음 / Key missing',
    WRONG_PASSWORD: '비밀번호 틀림 / Wrong password',
    KEY_MISMATCH: '인증서와 키 불일치 / Key mismatch',
    UNSUPPORTED_ENCRYPTION: '지원하지 않는 암호화 / Unsupported encryption',
  };
  const MESSAGES = {
    teamsFailed: 'Teams 로그인을 할 수 없어요 — 상담원 계정으로 로그인해 주세요. / Teams sign-in failed — please sign in with your agent account.',
    wrongCredentials: '아이디 또는 비밀번호가 맞지 않아요. / Wrong username or password.',
    missingCredentials: '아이디와 비밀번호를 입력해 주세요. / Enter your username and password.',
    tooManyAttempts: '로그인 시도가 너무 많아요. 잠시 후 다시 해 주세요. / Too many attempts — try again in a moment.',
    sessionEnded: '로그인이 만료되었어요. 다시 로그인해 주세요. / Your session ended — please sign in again.',
    taken: '다른 상담원이 이미 맡았어요. / Another agent already took this ticket.',
    notYours: '내가 맡은 상담만 종료할 수 있어요. / You can only close your own tickets.',
    noTranscript: '저장된 대화 기록이 없어요. / No transcript is stored for this ticket.',
    network: '서버에 연결할 수 없어요. 잠시 후 다시 해 주세요. / Cannot reach the server — try again in a moment.',
    failed: '요청을 처리하지 못했어요. / The request failed.',
  };

  const $ = (id) => document.getElementById(id);
  const state = {
    token: null, viaTeams: false, me: null, tickets: [], timer: null, waitingCount: null,
    selectedId: null, selectedStatus: null, transcriptKey: null, refreshFailed: false,
  };

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // ---- API -------------------------------------------------------------------------------------

  async function request(path, options = {}) {
    const headers = { Accept: 'application/json', ...(options.headers || {}) };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    let response;
    try {
      response = await fetch(path, { ...options, headers, cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'Network', MESSAGES.network);
    }
    if (response.ok) return response;
    const body = await response.json().catch(() => ({}));
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.code || String(response.status), error.message || MESSAGES.failed);
  }

  /** An authenticated call; a 401 means the token is no longer good: Teams gets a fresh one once, the form asks again. */
  async function api(path, options) {
    try {
      return await (await request(path, options)).json();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      if (state.viaTeams && (await refreshTeamsToken())) return (await request(path, options)).json();
      signOut(MESSAGES.sessionEnded);
      throw error;
    }
  }

  const post = (path, body) =>
    api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });

  // ---- Signing in --------------------------------------------------------------------------------

  function looksLikeTeams() {
    const params = new URLSearchParams(location.search);
    if (params.get('inTeams') === '0') return false;
    // Teams names its tab frames; desktop and mobile clients say "Teams/" in the user agent.
    return (
      params.get('inTeams') === '1' ||
      window.name === 'embedded-page-container' ||
      window.name === 'extension-tab-frame' ||
      /\bTeams\//.test(navigator.userAgent)
    );
  }

  function withTimeout(promise, ms, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(what + ' timed out')), ms);
      Promise.resolve(promise).then(
        (value) => { clearTimeout(timer); resolve(value); },
        (error) => { clearTimeout(timer); reject(error); },
      );
    });
  }

  async function teamsToken() {
    const teams = window.microsoftTeams;
    if (!teams || !teams.app || !teams.authentication) throw new Error('teams-js is not loaded');
    return withTimeout(teams.authentication.getAuthToken(), TEAMS_TIMEOUT_MS, 'getAuthToken');
  }

  async function refreshTeamsToken() {
    try {
      state.token = await teamsToken();
      return true;
    } catch {
      return false;
    }
  }

  async function startInTeams() {
    try {
      const teams = window.microsoftTeams;
      if (!teams || !teams.app) throw new Error('teams-js is not loaded');
      await withTimeout(teams.app.initialize(), TEAMS_TIMEOUT_MS, 'app.initialize');
      // Tells Teams the tab has loaded (it hides its loading indicator); not being able to tell it is harmless.
      Promise.resolve().then(() => teams.app.notifySuccess()).catch(() => {});
      state.token = await teamsToken();
      state.viaTeams = true;
      state.me = (await request('/api/agent/me').then((r) => r.json())).agent;
      showConsole();
    } catch (error) {
      console.warn('Teams sign-in failed:', error && error.message);
      state.token = null;
      state.viaTeams = false;
      showSignIn(MESSAGES.teamsFailed);
    }
  }

  function savedSession() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      if (saved && typeof saved.token === 'string' && saved.expiresAt > Date.now()) return saved;
    } catch {
      // Storage blocked or damaged: the agent signs in again.
    }
    forgetSession();
    return null;
  }

  function forgetSession() {
    try { sessionStorage.removeItem(SESSION_KEY); } catch { /* storage blocked: nothing kept anyway */ }
  }

  async function signInWithPassword(event) {
    event.preventDefault();
    const username = $('username').value.trim();
    const password = $('password').value;
    const errorBox = $('sign-in-error');
    errorBox.hidden = true;
    if (!username || !password) return showFormError(MESSAGES.missingCredentials);
    const submit = event.submitter || $('sign-in-form').querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      const response = await request('/api/agent/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const session = await response.json();
      $('password').value = '';
      state.token = session.token;
      state.me = session.agent;
      try {
        const expiresAt = Date.now() + Math.max(0, Number(session.expiresIn) || 0) * 1000;
        sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: session.token, agent: session.agent, expiresAt }));
      } catch { /* storage blocked: the session lasts as long as the page */ }
      showConsole();
    } catch (error) {
      $('password').value = '';
      if (error.code === 'PasswordLoginDisabled') showFormError(error.message);
      else if (error.status === 401) showFormError(MESSAGES.wrongCredentials);
      else if (error.status === 429) showFormError(MESSAGES.tooManyAttempts);
      else showFormError(error.message || MESSAGES.failed);
      $('password').focus();
    } finally {
      submit.disabled = false;
    }
  }

  function showFormError(text) {
    const box = $('sign-in-error');
    box.textContent = text;
    box.hidden = false;
  }

  function signOut(message) {
    clearInterval(state.timer);
    Object.assign(state, { token: null, me: null, tickets: [], timer: null, waitingCount: null, selectedId: null, selectedStatus: null, transcriptKey: null });
    forgetSession();
    showSignIn(message);
  }

  // ---- Views -------------------------------------------------------------------------------------

  function showSignIn(notice) {
    $('starting').hidden = true;
    $('console').hidden = true;
    $('who').hidden = true;
    $('sign-in').hidden = false;
    const box = $('sign-in-notice');
    box.textContent = notice || '';
    box.hidden = !notice;
    $(notice ? 'sign-in-title' : 'username').focus();
  }

  function showConsole() {
    $('starting').hidden = true;
    $('sign-in').hidden = true;
    $('console').hidden = false;
    $('who').hidden = false;
    $('who-name').textContent = state.me ? state.me.name : '';
    $('sign-out').hidden = state.viaTeams; // in Teams the Teams account is the sign-in
    $('queue-title').focus();
    // A link from the Teams ticket card (…/agent/?ticket=ID) opens that ticket once the queue is in.
    const linked = new URLSearchParams(location.search).get('ticket');
    refreshQueue().then(() => linked && state.token && state.selectedId !== linked && openTicket(linked));
    clearInterval(state.timer);
    state.timer = setInterval(refreshQueue, REFRESH_MS);
  }

  function announce(text) {
    // Re-setting the same text is not re-read by screen readers: clear first.
    const region = $('announce');
    region.textContent = '';
    setTimeout(() => { region.textContent = text; }, 50);
  }

  function showAlert(text) {
    const box = $('alert');
    box.textContent = text || '';
    box.hidden = !text;
  }

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'onclick') node.addEventListener('click', value);
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const label = (table, id) => (id ? table[id] || id : '—');
  const localeLabel = (locale) => (locale ? LOCALES[String(locale).slice(0, 2).toLowerCase()] || locale : '—');
  // Tickets name their agent; the id is compared when the API gives one (two agents may share a display name).
  const isMe = (agent) => !!agent && !!state.me && (agent.id && state.me.id ? agent.id === state.me.id : agent.name === state.me.name);
  const isMine = (ticket) => ticket.status === 'assigned' && isMe(ticket.agent);
  const time = (iso) => {
    const date = new Date(iso);
    return isNaN(date) ? '—' : date.toLocaleString('ko-KR', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  };

  // ---- Queue -------------------------------------------------------------------------------------

  async function refreshQueue() {
    if (!state.token) return;
    try {
      const { tickets } = await api('/api/agent/tickets?status=all');
      state.tickets = Array.isArray(tickets) ? tickets : [];
      renderQueue();
      // An open ticket that is still live gets its status and new messages too (relayed chat while assigned);
      // a finished one (closed or expired) is fetched again only when its status just changed.
      const open = state.tickets.find((t) => t.id === state.selectedId);
      if (open && (!FINISHED.includes(open.status) || open.status !== state.selectedStatus)) await openTicket(open.id, { focus: false });
      if (state.refreshFailed) showAlert('');
      state.refreshFailed = false;
    } catch (error) {
      if (!state.token) return;
      state.refreshFailed = true;
      showAlert(error.message || MESSAGES.failed);
    }
  }

  function renderQueue() {
    const waiting = state.tickets
      .filter((t) => t.status === 'waiting')
      .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
    const mine = state.tickets.filter(isMine);
    const callbacks = state.tickets.filter((t) => t.status === 'callback');
    const closed = state.tickets
      .filter((t) => FINISHED.includes(t.status))
      .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))
      .slice(0, RECENT_CLOSED);
    // Re-rendering replaces the buttons: keep the keyboard focus where the agent left it.
    const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.focusKey : undefined;
    fillList('waiting', waiting, '대기 중인 상담이 없어요. / No one is waiting.');
    fillList('mine', mine, '맡은 상담이 없어요. / No tickets assigned to you.');
    fillList('callback', callbacks, '전화 요청이 없어요. / No callback requests.');
    fillList('closed', closed, '최근 종료된 상담이 없어요. / No recently closed tickets.');
    if (focusKey) {
      const again = document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      if (again) again.focus();
    }
    if (state.waitingCount !== null && state.waitingCount !== waiting.length) {
      announce(`대기 ${waiting.length}건 / ${waiting.length} waiting`);
    }
    state.waitingCount = waiting.length;
  }

  function fillList(kind, tickets, emptyText) {
    $(kind + '-count').textContent = `(${tickets.length})`;
    const list = $(kind + '-list');
    list.replaceChildren(
      ...(tickets.length === 0 ? [el('li', { className: 'ag-empty' }, emptyText)] : tickets.map((t) => ticketItem(t, kind))),
    );
  }

  function ticketItem(ticket, kind) {
    const summary = ticket.summary || {};
    const selected = ticket.id === state.selectedId;
    const facts = [
      kind === 'waiting' && ticket.position ? `${ticket.position}번째 / #${ticket.position}` : null,
      kind === 'waiting' ? `${ticket.waitingMinutes ?? 0}분 대기 / ${ticket.waitingMinutes ?? 0} min` : time(ticket.createdAt),
      ticket.status === 'expired' ? label(STATUSES, 'expired') : null,
      kind === 'callback' && ticket.callback ? ticket.callback.phoneMasked : null,
      summary.intent ? label(INTENTS, summary.intent) : null,
      summary.institution ? label(INSTITUTIONS, summary.institution) : null,
      summary.certType ? label(CERT_TYPES, summary.certType) : null,
      localeLabel(ticket.locale),
    ].filter(Boolean);
    return el(
      'li',
      { className: 'ag-ticket' + (selected ? ' ag-selected' : ''), dataset: { ticketId: ticket.id } },
      el('button', {
        type: 'button',
        className: 'ag-open',
        'aria-current': selected ? 'true' : undefined,
        dataset: { focusKey: 'open:' + ticket.id },
        onclick: () => openTicket(ticket.id),
      },
      el('strong', {}, ticket.id),
      el('span', { className: 'ag-ticket-facts' }, facts.join(' · '))),
      kind === 'waiting'
        ? el('button', {
            type: 'button',
            className: 'ag-primary ag-small',
            'aria-label': `${ticket.id} 수락 / Accept`,
            dataset: { focusKey: 'accept:' + ticket.id },
            onclick: () => accept(ticket.id),
          }, '수락')
        : null,
    );
  }

  // ---- Ticket detail -----------------------------------------------------------------------------

  async function openTicket(id, { focus = true } = {}) {
    if (state.selectedId !== id) state.transcriptKey = null;
    state.selectedId = id;
    renderQueue();
    try {
      // A ticket without a stored transcript is still a ticket: its details show, the transcript says so.
      const [{ ticket }, transcript] = await Promise.all([
        api(`/api/agent/tickets/${encodeURIComponent(id)}`),
        api(`/api/agent/tickets/${encodeURIComponent(id)}/transcript`).catch((error) => {
          if (error.status === 404) return null;
          throw error;
        }),
      ]);
      if (state.selectedId !== id) return; // the agent opened another ticket meanwhile
      renderTicket(ticket);
      renderTranscript(transcript && Array.isArray(transcript.activities) ? transcript.activities : null);
      if (focus) $('detail-title').focus();
    } catch (error) {
      if (state.token) showAlert(error.message || MESSAGES.failed);
    }
  }

  function renderTicket(ticket) {
    const summary = ticket.summary || {};
    state.selectedStatus = ticket.status;
    $('detail-empty').hidden = true;
    $('detail-body').hidden = false;
    $('detail-title').textContent = '';
    // Ticket ids are long (UUIDs): said once, on a line of their own, instead of once per language.
    $('detail-title').append('상담 ', el('span', { lang: 'en' }, 'Ticket'), el('span', { className: 'ag-ticket-id' }, ticket.id));
    const rows = [
      ['상태 / Status', label(STATUSES, ticket.status)],
      ['담당 / Agent', ticket.agent ? ticket.agent.name : '—'],
      ['접수 / Created', time(ticket.createdAt)],
      ['언어 / Language', localeLabel(ticket.locale)],
      ticket.status === 'waiting' && ticket.position ? ['대기 순서 / Position', `${ticket.position}번째 / #${ticket.position}`] : null,
      ticket.closeReason ? ['종료 사유 / Closed because', label(CLOSE_REASONS, ticket.closeReason)] : null,
      ticket.satisfaction ? ['만족도 / Satisfaction', `${ticket.satisfaction} / 5`] : null,
      ['문의 / Intent', label(INTENTS, summary.intent)],
      ['기관 / Institution', label(INSTITUTIONS, summary.institution)],
      ['인증서 / Certificate', label(CERT_TYPES, summary.certType)],
      ticket.callback
        ? ['콜백 요청 / Callback', [ticket.callback.phoneMasked, ticket.callback.preferredTime].filter(Boolean).join(' · ')]
        : null,
    ].filter(Boolean);
    $('detail-facts').replaceChildren(...rows.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
    renderCertCheck(summary.certCheck);
    const steps = Array.isArray(summary.stepsDone) ? summary.stepsDone : [];
    $('detail-steps').hidden = steps.length === 0;
    $('detail-steps-list').replaceChildren(...steps.map((step) => el('li', {}, INTENTS[step] || step)));
    $('accept').hidden = ticket.status !== 'waiting';
    $('close').hidden = !isMine(ticket);
  }

  function renderCertCheck(check) {
    const box = $('detail-check');
    box.hidden = !check;
    if (!check) return;
    box.className = 'ag-check ' + (check.ok ? 'ag-ok' : 'ag-bad');
    const verdict = check.ok ? '인증서 확인: 정상 / Certificate check: OK' : '인증서 확인: 문제 있음 / Certificate check: problems found';
    const details = [
      check.ca ? `발급기관 / CA: ${check.ca}` : null,
      typeof check.daysLeft === 'number' ? validityText(check.daysLeft) : null,
    ].filter(Boolean);
    const codes = Array.isArray(check.codes) ? check.codes : [];
    box.replaceChildren(
      el('p', { className: 'ag-verdict' }, verdict),
      details.length ? el('p', {}, details.join(' · ')) : null,
      codes.length ? el('ul', {}, codes.map((code) => el('li', {}, `${label(PROBLEMS, code)} (${code})`))) : null,
    );
  }

  function validityText(daysLeft) {
    return daysLeft < 0
      ? `만료 후 ${-daysLeft}일 지남 / Expired ${-daysLeft} days ago`
      : `남은 기간 ${daysLeft}일 / ${daysLeft} days left`;
  }

  // ---- Transcript --------------------------------------------------------------------------------

  function renderTranscript(activities) {
    $('download').hidden = activities === null;
    const messages = (activities || []).filter((a) => a && a.type === 'message');
    // Refreshes must not reset what the agent is reading: re-render only when there is something new,
    // and follow the end only if the agent was already there.
    const key = JSON.stringify(messages);
    if (key === state.transcriptKey) return;
    state.transcriptKey = key;
    const list = $('transcript');
    const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
    const items = messages.map((activity) => {
      const fromUser = activity.from && activity.from.role === 'user';
      return el(
        'li',
        { className: 'ag-bubble ' + (fromUser ? 'ag-user' : 'ag-bot') },
        el('span', { className: 'ag-speaker' }, fromUser ? '고객 / Customer' : '도우미 / Bot'),
        activity.text ? el('p', { className: 'ag-text' }, activity.text) : null,
        (Array.isArray(activity.attachments) ? activity.attachments : []).map(renderAttachment),
      );
    });
    const empty = activities === null ? MESSAGES.noTranscript : '대화가 없어요. / No messages.';
    list.replaceChildren(...(items.length ? items : [el('li', { className: 'ag-empty' }, empty)]));
    if (atEnd) list.scrollTop = list.scrollHeight;
  }

  function renderAttachment(attachment) {
    if (attachment && attachment.contentType === ADAPTIVE_CARD && attachment.content && typeof attachment.content === 'object') {
      const { texts, buttons } = cardContents(attachment.content);
      const [title, ...rest] = texts;
      return el(
        'div',
        { className: 'ag-card' },
        title ? el('p', { className: 'ag-card-title' }, title) : null,
        rest.map((text) => el('p', {}, text)),
        buttons.length ? el('p', { className: 'ag-card-buttons' }, buttons.map((b) => `[${b}]`).join(' ')) : null,
      );
    }
    const name = (attachment && attachment.name) || '';
    return el('p', { className: 'ag-file' }, `📎 첨부 / Attachment: ${name} (${(attachment && attachment.contentType) || '?'})`);
  }

  /** The readable parts of an Adaptive Card, in reading order: texts (first one is the title) and button titles. */
  function cardContents(card) {
    const texts = [];
    const buttons = [];
    const visit = (node) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      switch (node.type) {
        case 'TextBlock':
          if (typeof node.text === 'string' && node.text.trim()) texts.push(node.text.trim());
          return;
        case 'RichTextBlock': {
          const text = (node.inlines || []).map((inline) => (typeof inline === 'string' ? inline : inline && inline.text) || '').join('');
          if (text.trim()) texts.push(text.trim());
          return;
        }
        case 'FactSet':
          for (const fact of node.facts || []) texts.push(`${fact.title}: ${fact.value}`);
          return;
        case 'Image':
          if (node.altText) texts.push(`(그림 / image: ${node.altText})`);
          return;
        case 'Action.Submit':
        case 'Action.Execute':
        case 'Action.OpenUrl':
        case 'Action.ShowCard':
        case 'Action.ToggleVisibility':
          if (node.title) buttons.push(node.title);
          if (node.card) visit(node.card.body);
          return;
        default:
          if (typeof node.type === 'string' && node.type.startsWith('Input.')) {
            texts.push(`(입력 / input: ${node.label || node.placeholder || node.id || node.type})`);
            if (node.choices) node.choices.forEach((choice) => choice && choice.title && buttons.push(choice.title));
            return;
          }
          // Containers of every kind: Container, ColumnSet/Column, ActionSet, Table rows and cells, the card itself.
          ['body', 'items', 'columns', 'rows', 'cells', 'actions'].forEach((key) => visit(node[key]));
      }
    };
    visit(card.body);
    visit(card.actions);
    return { texts, buttons };
  }

  async function downloadTranscript() {
    const id = state.selectedId;
    if (!id) return;
    try {
      // A plain link would not carry the Authorization header: fetch, then hand the browser a Blob.
      const response = await authorizedDownload(`/api/agent/tickets/${encodeURIComponent(id)}/transcript?download=1`);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = el('a', { href: url, download: fileName(response, id), hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      announce('대화 기록을 내려받았어요. / Transcript downloaded.');
    } catch (error) {
      if (state.token) showAlert(error.message || MESSAGES.failed);
    }
  }

  async function authorizedDownload(path) {
    try {
      return await request(path);
    } catch (error) {
      if (error.status === 401 && state.viaTeams && (await refreshTeamsToken())) return request(path);
      if (error.status === 401) signOut(MESSAGES.sessionEnded);
      throw error;
    }
  }

  function fileName(response, id) {
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    const name = match ? decodeURIComponent(match[1]) : '';
    return /^[\w.-]+\.transcript$/.test(name) ? name : `ticket-${id.replace(/[^\w-]/g, '_')}.transcript`;
  }

  // ---- Accept / close ----------------------------------------------------------------------------

  async function accept(id) {
    try {
      await post(`/api/agent/tickets/${encodeURIComponent(id)}/accept`);
      announce(`${id} 상담을 맡았어요. / You took ticket ${id}.`);
      showAlert('');
    } catch (error) {
      if (error.code === 'Taken') showAlert(MESSAGES.taken);
      else if (state.token) showAlert(error.message || MESSAGES.failed);
    }
    await refreshQueue(); // also refreshes the ticket when it is the open one
    if (state.token && state.selectedId !== id) await openTicket(id, { focus: false });
  }

  async function closeTicket() {
    const id = state.selectedId;
    if (!id) return;
    try {
      await post(`/api/agent/tickets/${encodeURIComponent(id)}/close`);
      announce(`${id} 상담을 종료했어요. / Ticket ${id} closed.`);
      showAlert('');
    } catch (error) {
      if (error.status === 403) showAlert(MESSAGES.notYours);
      else if (state.token) showAlert(error.message || MESSAGES.failed);
    }
    await refreshQueue(); // also refreshes the ticket when it is the open one
    if (state.token && state.selectedId !== id) await openTicket(id, { focus: false });
  }

  // ---- Start -------------------------------------------------------------------------------------

  $('sign-in-form').addEventListener('submit', signInWithPassword);
  $('sign-out').addEventListener('click', () => signOut());
  $('refresh').addEventListener('click', () => refreshQueue().then(() => announce('새로 고쳤어요. / Refreshed.')));
  $('accept').addEventListener('click', () => state.selectedId && accept(state.selectedId));
  $('close').addEventListener('click', closeTicket);
  $('download').addEventListener('click', downloadTranscript);

  if (looksLikeTeams()) {
    startInTeams();
  } else {
    const saved = savedSession();
    if (saved) {
      state.token = saved.token;
      state.me = saved.agent;
      showConsole();
    } else {
      showSignIn();
    }
  }
})();
