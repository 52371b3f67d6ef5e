import { readTurnFacts, type TurnFacts } from '../../lib/turn-facts.js';
import { seoulDay, type Period } from './period.js';

/**
 * Where customers fail, counted from the turn facts (lib/turn-facts.ts) of stored, redacted
 * transcripts: pure, so every figure can be checked against the conversations it came from.
 *
 * A procedure "run" opens at its `start` and closes when it is finished, started again, or when the
 * conversation ends; a run not finished was left at the last step it showed (a guide left for another
 * question and taken up again later is one run). Steps: 0 = overview, 1..steps = the step cards.
 */

export interface ProcedureFunnel {
  id: string;
  steps: number;
  started: number;
  finished: number;
  /** reached[n]: runs that showed step n (n = 0..steps). */
  reached: number[];
  /** leftAt[n]: unfinished runs whose last card was step n. */
  leftAt: number[];
  /** 잘 안 돼요 pressed at step n. */
  stuck: number[];
  /** 👎 / 👍 given at step n (the closing card's question is at the last step). */
  thumbsDown: number[];
  thumbsUp: number[];
}

export interface TroubleOutcomes {
  id: string;
  started: number;
  fixed: number;
  procedure: number;
  person: number;
  /** Runs with no outcome (the customer stopped, went home, or asked something else). */
  open: number;
}

export interface DayCounts {
  day: string;
  conversations: number;
  /** Typed messages, and how many of them the assistant was not sure about / could not use / were corrections. */
  typed: number;
  unsure: number;
  miss: number;
  correction: number;
  handoffs: number;
}

export interface HandoffWaits {
  /** Tickets created in the period (from the ticket store), and how many an agent took. */
  tickets: number;
  assigned: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  maxMinutes: number | null;
}

export interface DashboardReport {
  from: string;
  to: string;
  days: DayCounts[];
  conversations: number;
  /** Conversations in which the customer asked for a person, and their share of all conversations. */
  handoff: { conversations: number; rate: number; waits?: HandoffWaits };
  procedures: ProcedureFunnel[];
  troubles: TroubleOutcomes[];
}

/** One stored conversation: its activities in log order. */
export interface StoredConversation {
  conversationId: string;
  activities: readonly unknown[];
}

interface Run {
  funnel: ProcedureFunnel;
  seen: Set<number>;
  last: number;
}

const zeros = (n: number): number[] => Array.from({ length: n }, () => 0);
const timeOf = (activity: unknown): number => {
  const stamp = (activity as { timestamp?: unknown }).timestamp;
  const ms = typeof stamp === 'string' || stamp instanceof Date ? new Date(stamp).getTime() : NaN;
  return Number.isNaN(ms) ? 0 : ms;
};

export class DashboardCounter {
  private readonly days = new Map<string, DayCounts>();
  private readonly funnels = new Map<string, ProcedureFunnel>();
  private readonly troubles = new Map<string, TroubleOutcomes>();
  private conversations = 0;
  private handoffConversations = 0;

  constructor(private readonly period: Period) {
    for (const day of period.days) this.days.set(day, { day, conversations: 0, typed: 0, unsure: 0, miss: 0, correction: 0, handoffs: 0 });
  }

  /** Counts one conversation's turns that fall inside the period. */
  add(conversation: StoredConversation): void {
    const turns: { day: DayCounts; facts: TurnFacts }[] = [];
    for (const activity of conversation.activities) {
      const facts = readTurnFacts(activity);
      if (!facts) continue;
      const ms = timeOf(activity);
      if (ms < this.period.startMs || ms >= this.period.endMs) continue;
      const day = this.days.get(seoulDay(ms));
      if (day) turns.push({ day, facts });
    }
    if (turns.length === 0) return;
    this.conversations++;
    for (const day of new Set(turns.map((t) => t.day))) day.conversations++;
    let askedForPerson = false;
    const runs = new Map<string, Run>();
    const troubleRuns = new Set<string>();
    for (const { day, facts } of turns) {
      this.countUnderstanding(day, facts);
      if (facts.handoff === 'requested') {
        day.handoffs++;
        askedForPerson = true;
      }
      if (facts.left) this.onProcedure(runs, { ...facts.left, event: 'leave' });
      if (facts.procedure) this.onProcedure(runs, facts.procedure);
      if (facts.feedback?.procedure !== undefined) this.onFeedback(facts.feedback);
      if (facts.trouble) this.onTrouble(troubleRuns, facts.trouble);
    }
    for (const run of runs.values()) run.funnel.leftAt[run.last]++;
    for (const id of troubleRuns) this.troubleOf(id).open++;
    if (askedForPerson) this.handoffConversations++;
  }

  report(waits?: HandoffWaits): DashboardReport {
    const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
    return {
      from: this.period.from,
      to: this.period.to,
      days: [...this.days.values()],
      conversations: this.conversations,
      handoff: {
        conversations: this.handoffConversations,
        rate: this.conversations ? this.handoffConversations / this.conversations : 0,
        ...(waits ? { waits } : {}),
      },
      procedures: [...this.funnels.values()].sort(byId),
      troubles: [...this.troubles.values()].sort(byId),
    };
  }

  private countUnderstanding(day: DayCounts, facts: TurnFacts): void {
    if (facts.input !== 'text') return;
    day.typed++;
    if (facts.understood === 'unsure') day.unsure++;
    if (facts.understood === 'miss') day.miss++;
    if (facts.understood === 'correction') day.correction++;
  }

  private onProcedure(runs: Map<string, Run>, fact: NonNullable<TurnFacts['procedure']>): void {
    const funnel = this.funnelOf(fact.id, fact.steps);
    const step = Math.min(fact.step, funnel.steps);
    let run = runs.get(fact.id);
    if (fact.event === 'start') {
      if (run) funnel.leftAt[run.last]++;
      run = { funnel, seen: new Set(), last: step };
      runs.set(fact.id, run);
      funnel.started++;
    }
    if (fact.event === 'stuck') funnel.stuck[step]++;
    // A card of a guide not started in this period (an old card's button, a run begun earlier): not in its funnel.
    if (!run) return;
    if (!run.seen.has(step)) {
      run.seen.add(step);
      funnel.reached[step]++;
    }
    run.last = step;
    if (fact.event === 'finish') {
      funnel.finished++;
      runs.delete(fact.id);
    }
  }

  private onFeedback(feedback: NonNullable<TurnFacts['feedback']>): void {
    const funnel = this.funnels.get(feedback.procedure!) ?? this.funnelOf(feedback.procedure!, Math.max(1, feedback.step ?? 1));
    const step = Math.min(feedback.step ?? funnel.steps, funnel.steps);
    (feedback.helpful ? funnel.thumbsUp : funnel.thumbsDown)[step]++;
  }

  private onTrouble(open: Set<string>, trouble: NonNullable<TurnFacts['trouble']>): void {
    const outcomes = this.troubleOf(trouble.id);
    if (!open.has(trouble.id)) {
      open.add(trouble.id);
      outcomes.started++;
    }
    if (trouble.outcome) {
      outcomes[trouble.outcome]++;
      open.delete(trouble.id);
    }
  }

  private funnelOf(id: string, steps: number): ProcedureFunnel {
    let funnel = this.funnels.get(id);
    if (!funnel) {
      const n = steps + 1;
      funnel = { id, steps, started: 0, finished: 0, reached: zeros(n), leftAt: zeros(n), stuck: zeros(n), thumbsDown: zeros(n), thumbsUp: zeros(n) };
      this.funnels.set(id, funnel);
    }
    return funnel;
  }

  private troubleOf(id: string): TroubleOutcomes {
    let outcomes = this.troubles.get(id);
    if (!outcomes) {
      outcomes = { id, started: 0, fixed: 0, procedure: 0, person: 0, open: 0 };
      this.troubles.set(id, outcomes);
    }
    return outcomes;
  }
}

/** Waiting times of tickets created in the period: minutes from the request until an agent took it. */
export function handoffWaits(tickets: readonly { createdAt: string; assignedAt?: string }[], period: Period): HandoffWaits {
  const inPeriod = tickets.filter((t) => {
    const ms = Date.parse(t.createdAt);
    return ms >= period.startMs && ms < period.endMs;
  });
  const minutes = inPeriod
    .filter((t) => t.assignedAt)
    .map((t) => Math.max(0, (Date.parse(t.assignedAt!) - Date.parse(t.createdAt)) / 60_000))
    .sort((a, b) => a - b);
  const at = (q: number) => (minutes.length ? Math.round(minutes[Math.min(minutes.length - 1, Math.ceil(q * minutes.length) - 1)] * 10) / 10 : null);
  return { tickets: inPeriod.length, assigned: minutes.length, medianMinutes: at(0.5), p90Minutes: at(0.9), maxMinutes: at(1) };
}
