/**
 * The domain gate. A message that names another domain's thing (OTP, 보안카드, 이체 한도, 졸업증명서,
 * SSL…) and no certificate at all is not ours, however much it sounds like one of our problems
 * ("OTP 만료돼서 새로 받아야 해요" reads like trouble_expired to the n-grams). Then 'none' goes
 * first; the intents that are not about certificates (a person, hello, start over) stay as they are.
 */
import type { Classification } from './classifier.js';
import type { Intent } from './intents.js';

const ANY_DOMAIN: readonly Intent[] = ['agent', 'greeting', 'cancel', 'none'];

export function applyDomainGate(classification: Classification): Classification {
  const best = classification.ranked[0];
  if (!classification.foreignOnly || !best || ANY_DOMAIN.includes(best.intent)) return classification;
  const noneScore = classification.ranked.find((entry) => entry.intent === 'none')?.score ?? 0;
  // 'none' and the winner swap scores: a confident "not ours" rather than a "not sure", and the
  // scores still sum to what they did.
  const ranked = classification.ranked
    .map((entry) => (entry.intent === 'none' ? { ...entry, score: best.score } : entry === best ? { ...entry, score: noneScore } : { ...entry }))
    .sort((a, b) => b.score - a.score);
  return { ...classification, ranked };
}
