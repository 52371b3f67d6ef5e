// How the agent gets a token: Teams SSO inside Teams, the password form elsewhere. teams-js is loaded
// only when the page looks like a Teams tab: on load it fetches Microsoft's list of valid origins from
// a CDN, which a console opened in a plain browser (on-premises) must never try.
import type * as TeamsJs from '@microsoft/teams-js';
import type { SessionResponse } from '../../handoff/agent-api-types.js';

type Teams = typeof TeamsJs;
const TEAMS_TIMEOUT_MS = 5_000;
const SESSION_KEY = 'certHelperAgentSession';
const TEAMS_SCRIPT = '/vendor/teams-js.js';

export interface SavedSession {
  token: string;
  agent: SessionResponse['agent'];
  expiresAt: number;
}

export function looksLikeTeams(): boolean {
  const param = new URLSearchParams(location.search).get('inTeams');
  if (param === '0') return false;
  // Teams names its tab frames; desktop and mobile clients say "Teams/" in the user agent.
  return param === '1' || window.name === 'embedded-page-container' || window.name === 'extension-tab-frame' || /\bTeams\//.test(navigator.userAgent);
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out`)), TEAMS_TIMEOUT_MS);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

let teamsLoading: Promise<Teams> | undefined;

/** The UMD bundle from node_modules (served by the app, no CDN), added to the page on first need. */
function loadTeams(): Promise<Teams> {
  teamsLoading ??= new Promise<Teams>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = TEAMS_SCRIPT;
    script.onload = () => {
      const teams = (window as unknown as { microsoftTeams?: Teams }).microsoftTeams;
      if (teams?.app && teams.authentication) resolve(teams);
      else reject(new Error('teams-js is not loaded'));
    };
    script.onerror = () => reject(new Error('teams-js could not be loaded'));
    document.head.append(script);
  });
  return teamsLoading;
}

/** Initializes teams-js against the host and returns an SSO token; rejects when not really in Teams. */
export async function startTeams(): Promise<string> {
  const teams = await loadTeams();
  await withTimeout(teams.app.initialize(), 'app.initialize');
  // Tells Teams the tab has loaded (it hides its loading indicator); not being able to tell it is harmless.
  Promise.resolve()
    .then(() => teams.app.notifySuccess())
    .catch(() => {});
  return teamsToken();
}

export async function teamsToken(): Promise<string> {
  const teams = await loadTeams();
  return withTimeout(teams.authentication.getAuthToken(), 'getAuthToken');
}

/** The password session of this tab only (sessionStorage, never localStorage), while it is valid. */
export function savedSession(): SavedSession | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as SavedSession | null;
    if (saved && typeof saved.token === 'string' && saved.expiresAt > Date.now()) return saved;
  } catch {
    // Storage blocked or damaged: the agent signs in again.
  }
  forgetSession();
  return null;
}

export function keepSession(session: SessionResponse): void {
  try {
    const expiresAt = Date.now() + Math.max(0, Number(session.expiresIn) || 0) * 1000;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: session.token, agent: session.agent, expiresAt } satisfies SavedSession));
  } catch {
    // Storage blocked: the session lasts as long as the page.
  }
}

export function forgetSession(): void {
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage blocked: nothing kept anyway.
  }
}
