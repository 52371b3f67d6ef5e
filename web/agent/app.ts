// 상담 콘솔 / Agent console. One page for two hosts:
// - inside Microsoft Teams (static tab): teams-js initializes, Teams SSO gives the Bearer token;
// - in a plain browser (on-premises): the agent signs in with a username and password.
// If Teams cannot give a token, the page falls back to the sign-in form with a message: an agent is
// never left in front of a blank page. Tokens live in memory (the password session at most in this
// tab's sessionStorage). Everything from the API is rendered as text by Preact, never as HTML.
import { html } from 'htm/preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentSummary, ConsoleLabels, SessionRequest } from '../../handoff/agent-api-types.js';
import { AgentApi, ApiError } from './api.js';
import { ConsoleViews } from './qa/views.js';
import { forgetSession, keepSession, looksLikeTeams, savedSession, startTeams, teamsToken } from './session.js';
import { SignIn } from './sign-in.js';
import { langOf, TEXTS, type Lang } from './texts.js';

type Phase = 'starting' | 'sign-in' | 'console';

export function App() {
  const [lang, setLang] = useState<Lang>(() => langOf(location.search));
  const t = TEXTS[lang];
  const [phase, setPhase] = useState<Phase>('starting');
  const [me, setMe] = useState<AgentSummary | null>(null);
  const [viaTeams, setViaTeams] = useState(false);
  const [notice, setNotice] = useState('');
  const [passwordEnabled, setPasswordEnabled] = useState<boolean | null>(null);
  const [labels, setLabels] = useState<ConsoleLabels | null>(null);
  const [alertText, setAlertText] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const token = useRef<string | null>(null);
  const api = useMemo(() => new AgentApi(() => token.current), []);
  const words = { lang, t, labels };

  const problem = (error: unknown) =>
    error instanceof ApiError ? (error.status === 0 ? t.errors.network : error.message || t.errors.failed) : t.errors.failed;

  const announce = (text: string) => {
    // Re-setting the same text is not re-read by screen readers: clear first.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 50);
  };

  const showSignIn = (message = '') => {
    token.current = null;
    setNotice(message);
    setPhase('sign-in');
    api.signInOptions().then(
      (options) => setPasswordEnabled(options.password),
      () => setPasswordEnabled(null),
    );
  };

  const signOut = (message = '') => {
    forgetSession();
    setMe(null);
    setAlertText('');
    showSignIn(message);
  };

  const openConsole = (agent: AgentSummary | null) => {
    setMe(agent);
    setPhase('console');
    // A session saved before roles existed learns them (agent, QA) from the server.
    if (!agent?.roles)
      api.me().then(
        ({ agent: known }) => setMe(known),
        () => undefined,
      );
    api.labels().then(setLabels, () => setLabels(null)); // without names the ids show: still usable
  };

  /** An expired Teams token is renewed once; a lost password session sends the agent back to the form. */
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || token.current === null) throw error;
      if (viaTeams) {
        token.current = await teamsToken().catch(() => null);
        if (token.current) return run();
      }
      signOut(t.errors.sessionEnded);
      throw error;
    }
  };

  const submit = async (credentials: SessionRequest): Promise<string | null> => {
    try {
      const session = await api.signIn(credentials);
      token.current = session.token;
      keepSession(session);
      setNotice('');
      openConsole(session.agent);
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) return t.errors.failed;
      if (error.code === 'PasswordLoginDisabled') return t.passwordOff;
      if (error.status === 401) return t.errors.wrongCredentials;
      if (error.status === 429) return t.errors.tooManyAttempts;
      return problem(error);
    }
  };

  useEffect(() => {
    if (looksLikeTeams()) {
      startTeams()
        .then(async (sso) => {
          token.current = sso;
          setViaTeams(true);
          openConsole((await api.me()).agent);
        })
        .catch((error: Error) => {
          console.warn('Teams sign-in failed:', error?.message);
          setViaTeams(false);
          showSignIn(t.errors.teamsFailed);
        });
      return;
    }
    const saved = savedSession();
    if (!saved) return showSignIn();
    token.current = saved.token;
    openConsole(saved.agent);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t.title} — ${t.product}`;
  }, [lang]);

  const switchLanguage = () => {
    const next: Lang = lang === 'ko' ? 'en' : 'ko';
    const url = new URL(location.href);
    url.searchParams.set('lang', next);
    history.replaceState(null, '', url);
    setLang(next);
  };

  return html`<header class="ag-bar">
      <h1>${t.title}</h1>
      <div class="ag-who">
        ${phase === 'console' ? html`<span id="who-name">${me?.name ?? ''}</span>` : null}
        <button type="button" id="language" class="ag-bar-button" lang=${t.otherLanguageLang} onClick=${switchLanguage}>${t.otherLanguage}</button>
        ${
          phase === 'console' && !viaTeams
            ? html`<button type="button" id="sign-out" class="ag-bar-button" onClick=${() => signOut()}>${t.signOut}</button>`
            : null
        }
      </div>
    </header>
    <p id="announce" class="ag-visually-hidden" role="status" aria-live="polite">${announcement}</p>
    ${alertText ? html`<p id="alert" class="ag-alert" role="alert">${alertText}</p>` : null}
    ${phase === 'starting' ? html`<section id="starting" class="ag-panel ag-starting" aria-busy="true"><p>${t.starting}</p></section>` : null}
    ${phase === 'sign-in' ? html`<${SignIn} t=${t} notice=${notice} passwordEnabled=${passwordEnabled} submit=${submit} />` : null}
    ${
      phase === 'console'
        ? html`<${ConsoleViews} words=${words} api=${api} me=${me} call=${call} announce=${announce} alert=${setAlertText} problem=${problem} />`
        : null
    }`;
}
