// What every QA workbench panel (dashboard, misunderstood messages, conversation review) gets from
// the workbench shell (workbench.ts): the console's API client and its ways to talk to the agent.
import type { AgentApi } from '../api.js';
import type { Words } from '../words.js';

/** The period a panel shows, as Seoul calendar days (YYYY-MM-DD, both inclusive). */
export interface Period {
  from: string;
  to: string;
}

export interface PanelProps {
  words: Words;
  api: AgentApi;
  /** Runs an API call; a lost session is handled there (the promise then rejects with the ApiError). */
  call<T>(run: () => Promise<T>): Promise<T>;
  announce(text: string): void;
  alert(text: string): void;
  problem(error: unknown): string;
  period: Period;
  /** Lets a panel open another (e.g. the funnel's step → review filtered to those conversations). */
  navigate(panel: 'dashboard' | 'misunderstood' | 'review', filter?: Record<string, string>): void;
}
