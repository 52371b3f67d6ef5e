import type { Activity } from 'botbuilder';
import type { GuidePosition } from './agent-api-types.js';

/**
 * Where a guide card stands, read from the card's own buttons: every button of a guide's card
 * (시작하기, 이전, 다음, 잘 안 돼요) carries `at` = that card's procedure and index (cards/actions.ts),
 * whether it stayed on the card (Teams) or became a chip (Web Chat's suggested actions). The console
 * shows "where the customer is" from this; cards without such a button have no position.
 */
export function guidePositionOf(activity: Partial<Activity>): GuidePosition | undefined {
  if (activity.type !== 'message' || activity.from?.role === 'user') return undefined;
  const fromChips = (activity.suggestedActions?.actions ?? []).map((action) => atOf(action.value));
  return [...fromChips, ...(activity.attachments ?? []).map((a) => findAt(a.content, 0))].find((at) => at !== undefined);
}

const MAX_DEPTH = 12;

function findAt(node: unknown, depth: number): GuidePosition | undefined {
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findAt(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const element = node as Record<string, unknown>;
  if (element.type === 'Action.Submit' || element.type === 'Action.Execute') return atOf(element.data);
  for (const value of Object.values(element)) {
    const found = findAt(value, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function atOf(data: unknown): GuidePosition | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { action, at } = data as { action?: unknown; at?: { procedureId?: unknown; index?: unknown } };
  if (action !== 'nav' || !at || typeof at.procedureId !== 'string' || !Number.isInteger(at.index)) return undefined;
  return { procedureId: at.procedureId, index: at.index as number };
}
