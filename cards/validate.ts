import { createRequire } from 'node:module';

// The adaptivecards package's ESM build does not load in Node; its UMD bundle does.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js');

/**
 * Problems the official Adaptive Cards parser reports for `card` at schema version 1.5 (the highest
 * Teams supports): unknown elements or actions, invalid property values, a newer declared version.
 */
export function adaptiveCardProblems(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (card.version !== '1.5') problems.push(`version is ${String(card.version)}, expected 1.5`);
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}
