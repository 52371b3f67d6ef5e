// The password form. When the server has password sign-in off, the page says so before anyone types.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionRequest } from '../../handoff/agent-api-types.js';
import type { ConsoleTexts } from './texts.js';

export interface SignInProps {
  t: ConsoleTexts;
  /** A message shown above the form (Teams sign-in failed, session ended). */
  notice: string;
  /** false: the server takes no passwords (known before submit). null: not known yet. */
  passwordEnabled: boolean | null;
  /** Resolves with an error to show, or null when signed in. */
  submit(credentials: SessionRequest): Promise<string | null>;
}

export function SignIn({ t, notice, passwordEnabled, submit }: SignInProps) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  const username = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const off = passwordEnabled === false;

  useEffect(() => {
    (notice || off ? title : username).current?.focus();
  }, [notice, off]);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const name = username.current?.value.trim() ?? '';
    const secret = password.current?.value ?? '';
    if (!name || !secret) return setError(t.errors.missingCredentials);
    setError('');
    setBusy(true);
    const problem = await submit({ username: name, password: secret });
    if (password.current) password.current.value = '';
    setBusy(false);
    if (problem) {
      setError(problem);
      password.current?.focus();
    }
  };

  return html`<section id="sign-in" class="ag-panel ag-sign-in" aria-labelledby="sign-in-title">
    <h2 id="sign-in-title" tabindex="-1" ref=${title}>${t.signInTitle}</h2>
    ${notice ? html`<p id="sign-in-notice" class="ag-notice">${notice}</p>` : null}
    ${off ? html`<p id="sign-in-off" class="ag-notice" role="status">${t.passwordOff}</p>` : null}
    <form id="sign-in-form" novalidate onSubmit=${onSubmit}>
      <label for="username">${t.username}</label>
      <input id="username" name="username" autocomplete="username" required disabled=${off} ref=${username} />
      <label for="password">${t.password}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required disabled=${off} ref=${password} />
      ${error ? html`<p id="sign-in-error" class="ag-error" role="alert">${error}</p>` : null}
      <button type="submit" class="ag-primary" disabled=${busy || off}>${t.signIn}</button>
    </form>
  </section>`;
}
