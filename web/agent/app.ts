// 상담 콘솔 / Agent console. One page for two hosts:
// - inside Microsoft Teams (static tab): teams-js initializes, Teams SSO gives the Bearer token;
// - in a plain browser (on-premises): the agent signs in with a username and password.
// If Teams cannot give a token, the page falls back to the sign-in form with a message: an agent is
// never left in front of a blank page. Tokens live in memory (the password session at most in this
// tab's sessionStorage). Everything from the API is rendered as text by Preact, never as HTML.
// A session that expires mid-chat is renewed in place (reauth.ts): the console stays as it was.
import { html } from 'htm/preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentSummary, ConsoleLabels, SessionRequest } from '../../handoff/agent-api-types.js';
import { AgentApi, ApiError } from './api.js';
import { NotifyButton, unlockSound } from './notify.js';
import { ConsoleViews } from './qa/views.js';
import { Reauth } from './reauth.js';
import { SESSION_TEXTS } from './session-texts.js';
import { forgetSession, keepSession, looksLikeTeams, savedSession, startTeams, teamsToken } from './session.js';
import { SignIn } from './sign-in.js';
import { langOf, TEXTS, type Lang } from './texts.js';

type Phase = 'starting' | 'sign-in' | 'console';

export function App() {
  const [lang, setLang] = useState<Lang>(() => langOf(location.search));
  const t = TEXTS[lang];
  const s = SESSION_TEXTS[lang];
  const [phase, setPhase] = useState<Phase>('starting');
  const [me, setMe] = useState<AgentSummary | null>(null);
  const [viaTeams, setViaTeams] = useState(false);
  const [notice, setNotice] = useState('');
  const [passwordEnabled, setPasswordEnabled] = useState<boolean | null>(null);
  const [labels, setLabels] = useState<ConsoleLabels | null>(null);
  const [alertText, setAlertText] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [waiting, setWaiting] = useState(0);
  const [reauthing, setReauthing] = useState(false);
  const token = useRef<string | null>(null);
  // Calls refused with 401 wait on this until the agent has signed in again (or signed out).
  const renewal = useRef<{ done: Promise<void>; resolve(): void; reject(error: unknown): void } | null>(null);
  const sessionLost = useRef(new Set<() => void>());
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
    renewal.current?.reject(new ApiError(401, 'SignedOut', t.errors.sessionEnded));
    renewal.current = null;
    setReauthing(false);
    setWaiting(0);
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

  /** One dialog for however many calls were refused at once; resolves when the agent is signed in again. */
  const renewed = (): Promise<void> => {
    if (!renewal.current) {
      let settle!: { resolve(): void; reject(error: unknown): void };
      const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      done.catch(() => {}); // signing out rejects it; the waiting calls see that themselves
      renewal.current = { done, ...settle };
      setReauthing(true);
      if (passwordEnabled === null)
        api.signInOptions().then(
          (options) => setPasswordEnabled(options.password),
          () => {},
        );
      sessionLost.current.forEach((listener) => listener());
    }
    return renewal.current.done;
  };

  const renew = (newToken: string) => {
    token.current = newToken;
    setReauthing(false);
    renewal.current?.resolve();
    renewal.current = null;
    announce(s.reauthDone);
  };

  /** An expired Teams token is renewed silently once; otherwise the agent signs in again in place and the call is retried. */
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || token.current === null) throw error;
      if (viaTeams && !renewal.current) {
        const fresh = await teamsToken().catch(() => null);
        if (fresh) {
          token.current = fresh;
          return run();
        }
      }
      await renewed();
      return call(run);
    }
  };

  /** The reauth dialog's sign-in: only the same agent (the open ticket is theirs), the page stays as it is. */
  const resubmit = async (credentials: SessionRequest): Promise<string | null> => {
    try {
      const session = await api.signIn(credentials);
      if (me && session.agent.id !== me.id) return s.reauthOtherAgent(me.name);
      keepSession(session);
      renew(session.token);
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) return t.errors.failed;
      if (error.status === 401) return t.errors.wrongCredentials;
      if (error.status === 429) return t.errors.tooManyAttempts;
      return problem(error);
    }
  };

  const retryTeams = async (): Promise<string | null> => {
    const fresh = await teamsToken().catch(() => null);
    if (!fresh) return s.reauthTeams;
    renew(fresh);
    return null;
  };

  const submit = async (credentials: SessionRequest): Promise<string | null> => {
    try {
      const session = await api.signIn(credentials);
      unlockSound(); // the sign-in click is the gesture that lets the new-request chime play
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
  }, [lang]);
  useEffect(() => {
    document.title = s.titleWithCount(phase === 'console' ? waiting : 0, `${t.title} — ${t.product}`);
  }, [lang, waiting, phase]);

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
        ${phase === 'console' ? html`<span id="who-name">${me?.name ?? ''}</span>` : null} ${phase === 'console' ? html`<${NotifyButton} s=${s} />` : null}
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
        ? html`<${ConsoleViews}
            ...${{ words, api, me, call, announce, problem }}
            alert=${setAlertText}
            waitingCount=${setWaiting}
            onSessionLost=${(listener: () => void) => (sessionLost.current.add(listener), () => void sessionLost.current.delete(listener))}
          />`
        : null
    }
    ${
      phase === 'console' && reauthing
        ? html`<${Reauth}
            ...${{ t, s, viaTeams, submit: resubmit, retryTeams }}
            username=${(me?.id ?? '').replace(/^local:/, '') || me?.name || ''}
            passwordEnabled=${passwordEnabled ?? !viaTeams}
            signOut=${() => signOut()}
          />`
        : null
    }`;
}
