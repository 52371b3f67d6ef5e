// Signing in again in place when the session expires mid-chat: a modal dialog over the console, which stays
// mounted underneath (the open ticket, its conversation and the reply draft are kept). Calls refused with
// 401 wait for it and are then retried (a 401 is answered before the server acts, so nothing runs twice);
// the conversation stream resumes from its last event id. Teams agents get a new SSO token silently first;
// the dialog shows only when that fails (then "try again", and the password form when the server takes one).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionRequest } from '../../handoff/agent-api-types.js';
import type { SessionTexts } from './session-texts.js';
import type { ConsoleTexts } from './texts.js';

export interface ReauthProps {
  t: ConsoleTexts;
  s: SessionTexts;
  /** The agent who must sign in again (another account would not own the open ticket). */
  username: string;
  viaTeams: boolean;
  passwordEnabled: boolean;
  /** Resolves with an error to show, or null when signed in again. */
  submit(credentials: SessionRequest): Promise<string | null>;
  /** Teams: asks for a new SSO token; resolves with an error to show, or null. */
  retryTeams(): Promise<string | null>;
  signOut(): void;
}

export function Reauth({ t, s, username, viaTeams, passwordEnabled, submit, retryTeams, signOut }: ReauthProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Modal: the console behind is inert until the agent is signed in again (or signs out).
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    (passwordEnabled ? password.current : element)?.focus();
    return () => element?.close();
  }, []);

  const run = async (attempt: () => Promise<string | null>) => {
    setBusy(true);
    setError('');
    const problem = await attempt();
    setBusy(false);
    if (problem) {
      setError(problem);
      password.current?.focus();
    }
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const secret = password.current?.value ?? '';
    if (!secret) return setError(t.errors.missingCredentials);
    void run(async () => {
      const problem = await submit({ username, password: secret });
      if (password.current) password.current.value = '';
      return problem;
    });
  };

  // Escape would close a native modal dialog without signing in: the agent signs in or signs out instead.
  const onCancel = (event: Event) => event.preventDefault();

  return html`<dialog id="reauth" class="ag-dialog" aria-labelledby="reauth-title" aria-describedby="reauth-intro" ref=${dialog} onCancel=${onCancel}>
    <h2 id="reauth-title">${s.reauthTitle}</h2>
    <p id="reauth-intro">${s.reauthIntro}</p>
    ${viaTeams ? html`<p class="ag-notice">${s.reauthTeams}</p>` : null}
    ${
      viaTeams
        ? html`<button type="button" id="reauth-retry" class="ag-primary" disabled=${busy} onClick=${() => run(retryTeams)}>${s.reauthRetry}</button>`
        : null
    }
    ${
      passwordEnabled
        ? html`<form id="reauth-form" novalidate onSubmit=${onSubmit}>
            <label for="reauth-username">${t.username}</label>
            <input id="reauth-username" name="username" autocomplete="username" value=${username} readonly />
            <label for="reauth-password">${t.password}</label>
            <input id="reauth-password" name="password" type="password" autocomplete="current-password" required ref=${password} />
            <button type="submit" id="reauth-submit" class="ag-primary" disabled=${busy}>${t.signIn}</button>
          </form>`
        : null
    }
    ${error ? html`<p id="reauth-error" class="ag-error" role="alert">${error}</p>` : null}
    <button type="button" id="reauth-sign-out" class="ag-secondary" onClick=${signOut}>${t.signOut}</button>
  </dialog>`;
}
