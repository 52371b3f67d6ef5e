import { describe, expect, test } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { TURN_FACTS_TRACE, TURN_FACTS_VALUE_TYPE, type TurnFacts } from '../../lib/turn-facts.js';
import { matches, summarise } from './conversation-summary.js';
import { qaGuard } from './qa-guard.js';
import { replayFileName, replaySteps } from './replay-script.js';

const facts = (value: TurnFacts): Partial<Activity> => ({
  type: 'trace',
  name: TURN_FACTS_TRACE,
  valueType: TURN_FACTS_VALUE_TYPE,
  value,
  from: { id: 'bot', name: 'bot' },
});
const user = (text: string, value?: unknown): Partial<Activity> => ({
  type: 'message',
  text,
  ...(value ? { value } : {}),
  locale: 'ko-KR',
  from: { id: 'u', name: 'u', role: 'user' },
});
const card = (title: string, actions: { title: string; data: unknown }[], chips: string[] = []): Partial<Activity> => ({
  type: 'message',
  from: { id: 'bot', name: 'bot', role: 'bot' },
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: {
        type: 'AdaptiveCard',
        body: [{ type: 'TextBlock', text: title, style: 'heading' }],
        actions: actions.map((a) => ({ type: 'Action.Submit', ...a })),
      },
    },
  ],
  ...(chips.length ? { suggestedActions: { to: [], actions: chips.map((chip) => ({ type: 'imBack', title: chip, value: chip })) } } : {}),
});
const meta = { conversationId: 'c-1', channelId: 'directline', started: '2026-03-02T00:30:00Z', lastActivity: '2026-03-02T00:40:00Z' };

describe('conversation summary', () => {
  const activities = [
    user('인증서 발급'),
    facts({ input: 'text', intent: 'issue', understood: 'sure', procedure: { id: 'woori-joint', event: 'start', step: 1, steps: 5 } }),
    user('다음'),
    facts({ input: 'action', procedure: { id: 'woori-joint', event: 'step', step: 2, steps: 5 } }),
    facts({ input: 'action', feedback: { helpful: false, procedure: 'woori-joint', step: 2 } }),
    user('바나나'),
    facts({ input: 'text', understood: 'unsure' }),
    // A forged or broken trace counts for nothing.
    { type: 'trace', name: TURN_FACTS_TRACE, value: { input: 'text', intent: 'x', extra: 'no' } },
    { type: 'trace', name: 'other', value: { intent: 'y' } },
  ];

  test('counts messages, intents, procedures (how far, finished or left), outcomes and feedback from the turn facts', () => {
    const summary = summarise(meta, activities);
    expect(summary).toMatchObject({
      customerMessages: 3,
      botMessages: 0,
      locale: 'ko-KR',
      intents: ['issue'],
      procedures: [{ id: 'woori-joint', steps: 5, reached: 2, finished: false }],
      outcomes: ['left', 'unsure'],
      feedback: ['unhelpful'],
    });
    const finished = summarise(meta, [...activities, facts({ input: 'action', procedure: { id: 'woori-joint', event: 'finish', step: 5, steps: 5 } })]);
    expect(finished.outcomes).toEqual(['finished', 'unsure']);
    expect(summarise(meta, [user('hi')])).toMatchObject({ intents: [], procedures: [], outcomes: [], feedback: ['none'] });
  });

  test('filters: every given one must hold', () => {
    const summary = summarise(meta, activities);
    expect(matches(summary, {})).toBe(true);
    expect(matches(summary, { procedure: 'woori-joint', outcome: 'left', feedback: 'unhelpful', intent: 'issue' })).toBe(true);
    expect(matches(summary, { procedure: 'woori-joint', outcome: 'finished' })).toBe(false);
    expect(matches(summary, { intent: 'renew' })).toBe(false);
    expect(matches(summary, { feedback: 'none' })).toBe(false);
  });
});

describe('replay steps', () => {
  test('a typed message is typed, a pressed card button or chip is a click, traces and typing are left out', () => {
    const steps = replaySteps([
      { type: 'conversationUpdate', membersAdded: [{ id: 'u', name: 'u' }], from: { id: 'u', name: 'u', role: 'user' } },
      card('메뉴', [{ title: '발급', data: { action: 'menu', id: 'issue' } }], ['처음으로']),
      user('', { action: 'menu', id: 'issue' }),
      facts({ input: 'action' }),
      { type: 'typing', from: { id: 'bot', name: 'bot' } },
      card('발급 안내', [], ['시작하기']),
      user('시작하기'),
      { type: 'message', text: '알겠어요', from: { id: 'bot', name: 'bot' } },
      user('이상한 말'),
    ]);
    expect(steps).toEqual([
      { join: true },
      { bot: { card: { title: '메뉴', actions: ['발급'] }, suggested: ['처음으로'] } },
      { click: '발급' },
      { bot: { card: { title: '발급 안내', actions: [] }, suggested: ['시작하기'] } },
      { click: '시작하기' },
      { bot: { text: '알겠어요' } },
      { user: '이상한 말' },
    ]);
  });

  test('a button that is no longer on screen is not clicked: the old buttons are not searched past the latest card', () => {
    const steps = replaySteps([
      card('A', [{ title: 'old', data: { id: 'old' } }]),
      card('B', [{ title: 'new', data: { id: 'new' } }]),
      user('old?', { id: 'old' }),
    ]);
    expect(steps.at(-1)).toEqual({ user: 'old?' });
  });

  test('the file name keeps only safe characters of the id', () => {
    expect(replayFileName('abc-DEF_1')).toBe('review-abc-DEF_1.test.yaml');
    expect(replayFileName('../../etc/passwd"\r\n')).toBe('review-etcpasswd.test.yaml');
    expect(replayFileName('a:b@c|d')).toBe('review-abcd.test.yaml');
    expect(replayFileName('"')).toBe('review-conversation.test.yaml');
  });
});

describe('QA guard', () => {
  const response = () => {
    const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
    return {
      sent,
      res: {
        header: (name: string, value: string) => void (sent.headers[name] = value),
        send: (status: number, body: unknown) => Object.assign(sent, { status, body }),
        headersSent: false,
      },
    };
  };
  const request = { headers: { authorization: 'Bearer x' }, path: () => '/api/qa/x' };
  const run = async (agent: object | undefined, tenantId?: string, handler = async () => undefined as void) => {
    const auth = {
      authenticate: async () =>
        agent ? { ok: true as const, agent: agent as never } : { ok: false as const, status: 401 as const, code: 'Unauthenticated', message: 'm' },
    };
    const { sent, res } = response();
    let ran = false;
    await qaGuard(
      auth,
      { error: () => undefined },
      tenantId,
    )(async () => {
      ran = true;
      await handler();
    })(request as never, res as never);
    return { sent, ran };
  };

  test('runs the handler only for QA of the tenant; says why otherwise; a failing handler answers 500 without details', async () => {
    expect(await run({ id: 'q', name: 'q', roles: ['qa'] })).toMatchObject({ ran: true, sent: { headers: { 'Cache-Control': 'no-store' } } });
    expect(await run(undefined)).toMatchObject({ ran: false, sent: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } });
    expect(await run({ id: 'a', name: 'a', roles: ['agent'] })).toMatchObject({ ran: false, sent: { status: 403, body: { error: { code: 'NotAllowed' } } } });
    expect(await run({ id: 'a', name: 'a' })).toMatchObject({ ran: false, sent: { status: 403 } }); // no roles = agent
    expect(await run({ id: 'q', name: 'q', roles: ['qa'], tenantId: 'other' }, 'bank')).toMatchObject({
      ran: false,
      sent: { status: 403, body: { error: { code: 'TenantNotAllowed' } } },
    });
    const failed = await run({ id: 'q', name: 'q', roles: ['qa'] }, undefined, async () => {
      throw new Error('secret detail /var/lib');
    });
    expect(failed.sent).toMatchObject({ status: 500, body: { error: { code: 'InternalError' } } });
    expect(JSON.stringify(failed.sent.body)).not.toContain('secret');
  });
});
