// What the live conversation adds around the reply box (issue 19): the customer's typing shown for a few
// seconds, the agent's typing sent at most every few seconds, and the canned answers in the ticket's language.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CannedAnswersResponse } from '../../handoff/agent-api-types.js';
import type { AgentApi } from './api.js';

/** How long "the customer is typing" stays after the last typing notice (Web Chat sends one every few seconds). */
export const CUSTOMER_TYPING_MS = 5_000;
/** The agent's typing is sent at most this often. */
export const AGENT_TYPING_EVERY_MS = 2_500;

export interface LiveExtras {
  customerTyping: boolean;
  /** The stream's typing event. */
  customerTyped(): void;
  /** The stream brought activities: a message from the customer ends their typing. */
  heard(list: unknown[]): void;
  /** Call on every keystroke in the reply box; sends at most one notice every AGENT_TYPING_EVERY_MS. */
  agentTyping(): void;
  canned: CannedAnswersResponse['answers'];
}

export function useLiveExtras(api: AgentApi, ticketId: string | null, locale: string | undefined): LiveExtras {
  const [customerTyping, setCustomerTyping] = useState(false);
  const [canned, setCanned] = useState<CannedAnswersResponse['answers']>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastSent = useRef(0);

  useEffect(() => {
    setCustomerTyping(false);
    lastSent.current = 0;
    return () => clearTimeout(timer.current);
  }, [ticketId]);

  useEffect(() => {
    if (!ticketId) return;
    let current = true;
    // Canned answers are a help, not a need: without them the reply box works as before.
    api.canned(locale ?? 'ko-KR').then(
      (answer) => current && setCanned(answer.answers),
      () => current && setCanned([]),
    );
    return () => void (current = false);
  }, [ticketId, locale]);

  return {
    customerTyping,
    customerTyped: () => {
      setCustomerTyping(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCustomerTyping(false), CUSTOMER_TYPING_MS);
    },
    heard: (list) => {
      if (!list.some((a) => (a as { from?: { role?: string } }).from?.role === 'user')) return;
      clearTimeout(timer.current);
      setCustomerTyping(false);
    },
    agentTyping: () => {
      const now = Date.now();
      if (!ticketId || now - lastSent.current < AGENT_TYPING_EVERY_MS) return;
      lastSent.current = now;
      // Best effort: a lost typing notice is not worth an alert.
      api.typing(ticketId).catch(() => undefined);
    },
    canned,
  };
}
