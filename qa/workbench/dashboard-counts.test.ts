import { TURN_FACTS_TRACE, TURN_FACTS_VALUE_TYPE, type TurnFacts } from '../../lib/turn-facts.js';
import { DashboardCounter, handoffWaits, type StoredConversation } from './dashboard-counts.js';
import { periodOf as period } from './period.fixtures.js';

// Constructed transcripts whose every count is worked out by hand below.

const kst = (day: string, time: string) => new Date(`2026-11-${day}T${time}:00+09:00`).toISOString();
const fact = (at: string, value: TurnFacts) => ({ type: 'trace', name: TURN_FACTS_TRACE, valueType: TURN_FACTS_VALUE_TYPE, value, timestamp: at });
const P = (event: NonNullable<TurnFacts['procedure']>['event'], step: number) => ({ procedure: { id: 'p3', event, step, steps: 3 } });
const act = (extra: Partial<TurnFacts> = {}): TurnFacts => ({ input: 'action', ...extra });
const text = (understood: TurnFacts['understood'], extra: Partial<TurnFacts> = {}): TurnFacts => ({ input: 'text', understood, ...extra });

function conversation(conversationId: string, day: string, facts: TurnFacts[], extra: unknown[] = []): StoredConversation {
  // One turn a minute from 10:00 KST, the customer's message before each fact, as stored.
  const activities = facts.flatMap((value, i) => {
    const at = kst(day, `10:${String(i).padStart(2, '0')}`);
    return [{ type: 'message', from: { role: 'user' }, text: '…', timestamp: at }, fact(at, value)];
  });
  return { conversationId, activities: [...activities, ...extra] };
}

const conversations: StoredConversation[] = [
  // A: typed, walked p3 to the end, 👎 on the closing card.
  conversation('A', '20', [
    text('sure', { intent: 'issue' }),
    act(P('start', 0)),
    act(P('step', 1)),
    act(P('step', 2)),
    act(P('step', 3)),
    act(P('finish', 3)),
    act({ feedback: { helpful: false, procedure: 'p3', step: 3 } }),
  ]),
  // B: 잘 안 돼요 at step 1, then a person from troubleshooting.
  conversation('B', '20', [
    act(P('start', 0)),
    act({ ...P('stuck', 1), trouble: { id: 't1' } }),
    act({ ...P('leave', 1), trouble: { id: 't1', outcome: 'person' }, handoff: 'requested' }),
  ]),
  // C: not sure, a miss, a correction; p3 left at 1 for troubleshooting (fixed), taken up again, stopped at 2.
  conversation('C', '21', [
    text('unsure'),
    text('miss', { intent: 'none' }),
    text('correction'),
    act(P('start', 0)),
    act(P('step', 1)),
    text('sure', { ...P('leave', 1), trouble: { id: 't2' } }),
    act({ trouble: { id: 't2', outcome: 'fixed' } }),
    act(P('step', 1)),
    act(P('step', 2)),
  ]),
  // D: over midnight (Seoul): p3 started, restarted after step 1 (the first run left at 1), then finished.
  {
    conversationId: 'D',
    activities: [
      fact(kst('21', '23:50'), act(P('start', 0))),
      fact(kst('21', '23:51'), act(P('step', 1))),
      fact(kst('21', '23:59'), act(P('start', 0))),
      fact(kst('22', '00:01'), act(P('step', 1))),
      fact(kst('22', '00:02'), act(P('step', 2))),
      fact(kst('22', '00:03'), act(P('step', 3))),
      fact(kst('22', '00:04'), act(P('finish', 3))),
    ],
  },
  // E: one turn the evening before the period (not counted), one at its first instant (counted, a 👍 outside any run).
  {
    conversationId: 'E',
    activities: [fact(kst('19', '23:59'), act(P('start', 0))), fact(kst('20', '00:00'), act({ feedback: { helpful: true, procedure: 'p3', step: 3 } }))],
  },
  // F: nothing usable: a malformed facts trace, another trace, a customer's forged one, messages: not a conversation of the dashboard.
  {
    conversationId: 'F',
    activities: [
      { type: 'message', text: 'hi', timestamp: kst('20', '12:00') },
      { type: 'trace', name: TURN_FACTS_TRACE, value: { input: 'text', understood: 'maybe' }, timestamp: kst('20', '12:00') },
      { type: 'trace', name: 'something.else', value: { input: 'text' }, timestamp: kst('20', '12:00') },
      // A customer's own trace with that name (a forgery): kept in the transcript, never counted.
      { ...fact(kst('20', '12:01'), { input: 'text', handoff: 'requested' }), from: { role: 'user' } },
    ],
  },
  // G: a two-step guide left at step 1 for p3 in the same turn (`left`); p3 then stops at its overview.
  conversation('G', '22', [
    act({ procedure: { id: 'p2', event: 'start', step: 0, steps: 2 } }),
    act({ procedure: { id: 'p2', event: 'step', step: 1, steps: 2 } }),
    act({ left: { id: 'p2', step: 1, steps: 2 }, ...P('start', 0) }),
  ]),
  // H: after the period.
  conversation('H', '23', [text('unsure'), act(P('start', 0))]),
];

describe('DashboardCounter on constructed transcripts', () => {
  const counter = new DashboardCounter(period('2026-11-20', '2026-11-22'));
  for (const c of conversations) counter.add(c);
  const report = counter.report();

  test('conversations per Seoul day, typed messages and how many were not understood', () => {
    expect(report.conversations).toBe(6);
    expect(report.days).toEqual([
      { day: '2026-11-20', conversations: 3, typed: 1, unsure: 0, miss: 0, correction: 0, handoffs: 1 },
      { day: '2026-11-21', conversations: 2, typed: 4, unsure: 1, miss: 1, correction: 1, handoffs: 0 },
      { day: '2026-11-22', conversations: 2, typed: 0, unsure: 0, miss: 0, correction: 0, handoffs: 0 },
    ]);
    expect(report.handoff).toEqual({ conversations: 1, rate: 1 / 6 });
  });

  test('the funnel of each procedure: started, reached each step, finished, left at each step; 잘 안 돼요 and 👍/👎 per step', () => {
    expect(report.procedures).toEqual([
      { id: 'p2', steps: 2, started: 1, finished: 0, reached: [1, 1, 0], leftAt: [0, 1, 0], stuck: [0, 0, 0], thumbsDown: [0, 0, 0], thumbsUp: [0, 0, 0] },
      {
        id: 'p3',
        steps: 3,
        started: 6,
        finished: 2,
        reached: [6, 5, 3, 2],
        leftAt: [1, 2, 1, 0],
        stuck: [0, 1, 0, 0],
        thumbsDown: [0, 0, 0, 1],
        thumbsUp: [0, 0, 0, 1],
      },
    ]);
    // Every run either finished or was left somewhere.
    for (const p of report.procedures) expect(p.finished + p.leftAt.reduce((a, b) => a + b)).toBe(p.started);
  });

  test('troubleshooting outcomes', () => {
    expect(report.troubles).toEqual([
      { id: 't1', started: 1, fixed: 0, procedure: 0, person: 1, open: 0 },
      { id: 't2', started: 1, fixed: 1, procedure: 0, person: 0, open: 0 },
    ]);
  });

  test('an empty period has every day, all zero', () => {
    const empty = new DashboardCounter(period('2026-10-01', '2026-10-02')).report();
    expect(empty).toEqual({
      from: '2026-10-01',
      to: '2026-10-02',
      conversations: 0,
      days: ['2026-10-01', '2026-10-02'].map((day) => ({ day, conversations: 0, typed: 0, unsure: 0, miss: 0, correction: 0, handoffs: 0 })),
      handoff: { conversations: 0, rate: 0 },
      procedures: [],
      troubles: [],
    });
  });
});

test('handoff waits: tickets created in the period, minutes until an agent took them', () => {
  const p = period('2026-11-20', '2026-11-22');
  const at = (day: string, time: string) => kst(day, time);
  const waits = handoffWaits(
    [
      { createdAt: at('20', '10:00'), assignedAt: at('20', '10:03') },
      { createdAt: at('22', '23:50'), assignedAt: at('23', '00:00') },
      { createdAt: at('21', '09:00') },
      { createdAt: at('19', '23:00'), assignedAt: at('19', '23:01') },
    ],
    p,
  );
  expect(waits).toEqual({ tickets: 3, assigned: 2, medianMinutes: 3, p90Minutes: 10, maxMinutes: 10 });
  expect(handoffWaits([], p)).toEqual({ tickets: 0, assigned: 0, medianMinutes: null, p90Minutes: null, maxMinutes: null });
});
