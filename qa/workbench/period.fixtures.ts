import { parsePeriod, type Period } from './period.js';

/** The checked period of two days the test knows are good (throws with the reason otherwise). */
export function periodOf(from: string, to: string): Period {
  const parsed = parsePeriod(new URLSearchParams({ from, to }));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.period;
}
