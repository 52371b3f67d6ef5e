import { WaitingAlerts } from './notify.js';
import { SESSION_TEXTS } from './session-texts.js';

test('the queue found on opening does not alert; a new ticket alerts once, never again', () => {
  const alerts = new WaitingAlerts();
  expect(alerts.fresh(['T1', 'T2'])).toEqual([]);
  expect(alerts.fresh(['T1', 'T2', 'T3'])).toEqual(['T3']);
  expect(alerts.fresh(['T2', 'T3'])).toEqual([]);
  // T1 was taken and came back (e.g. handed back to the queue): the agent saw it already.
  expect(alerts.fresh(['T1', 'T4', 'T5'])).toEqual(['T4', 'T5']);
  expect(alerts.fresh([])).toEqual([]);
});

test('an empty queue on opening still primes: the first ticket after it alerts', () => {
  const alerts = new WaitingAlerts();
  expect(alerts.fresh([])).toEqual([]);
  expect(alerts.fresh(['T1'])).toEqual(['T1']);
});

test.each(['ko', 'en'] as const)('the tab title carries the count only while tickets wait (%s)', (lang) => {
  const s = SESSION_TEXTS[lang];
  expect(s.titleWithCount(2, '상담 콘솔 — 인증서 도우미')).toBe('(2) 상담 콘솔 — 인증서 도우미');
  expect(s.titleWithCount(0, 'Agent console')).toBe('Agent console');
  expect(s.notificationTitle(1)).not.toBe(s.notificationTitle(3));
  expect(s.notificationBody(['T1'], 4)).toContain('T1');
});
