import { isMenuChip, withoutMenuChip } from './menu-chip.js';

const home = { type: 'messageBack', title: '처음으로', value: { action: 'nav', move: 'home' } };
const choice = { type: 'messageBack', title: '공동인증서', value: { action: 'choose', field: 'certType', value: 'joint' } };

/** What the next middleware receives for one dispatched action. */
function passThrough(action: { type: string; payload?: Record<string, unknown> }) {
  const seen: unknown[] = [];
  withoutMenuChip()({ dispatch: () => undefined })((passed) => seen.push(passed))(action);
  return seen[0] as { payload: { activity: { suggestedActions?: { actions: unknown[] } } } };
}

test('the 처음으로 chip is dropped from incoming bot messages (the header has that button); other chips stay', () => {
  const out = passThrough({
    type: 'DIRECT_LINE/INCOMING_ACTIVITY',
    payload: { activity: { type: 'message', suggestedActions: { to: [], actions: [choice, home] } } },
  });
  expect(out.payload.activity.suggestedActions).toEqual({ to: [], actions: [choice] });
});

test('a message whose only chip was 처음으로 shows no chip bar', () => {
  const out = passThrough({ type: 'DIRECT_LINE/INCOMING_ACTIVITY', payload: { activity: { type: 'message', suggestedActions: { actions: [home] } } } });
  expect(out.payload.activity.suggestedActions).toBeUndefined();
});

test('other actions and messages without the chip pass unchanged (the same object)', () => {
  const posting = { type: 'DIRECT_LINE/POST_ACTIVITY', payload: { activity: { suggestedActions: { actions: [home] } } } };
  expect(passThrough(posting)).toBe(posting);
  const plain = { type: 'DIRECT_LINE/INCOMING_ACTIVITY', payload: { activity: { suggestedActions: { actions: [choice] } } } };
  expect(passThrough(plain)).toBe(plain);
});

test('isMenuChip matches only the navigation home value', () => {
  expect(isMenuChip(home)).toBe(true);
  expect(isMenuChip(choice)).toBe(false);
  expect(isMenuChip({ value: 'nav' })).toBe(false);
  expect(isMenuChip({})).toBe(false);
});
