import { normaliseTyped, type ActionData } from '../cards/actions.js';
import type { Procedure } from '../content/schema.js';
import type { TextKey, Texts } from '../content/texts.js';

// Moving through a guide's cards (-1 = overview, 0..n-1 = steps, n = closing card), as pure decisions.

export type NavMove = Extract<ActionData, { action: 'nav' }>['move'];

/** An index kept inside the guide's cards (an old card's button may name one that no longer exists). */
export const clampIndex = (index: number, stepCount: number) => Math.min(Math.max(index, -1), stepCount);

/** The card after 시작하기 / 다음 / 이전, and whether 다음 was pressed on the closing card (nothing further). */
export function moveIndex(move: 'start' | 'next' | 'prev', index: number, stepCount: number): { index: number; pastTheEnd: boolean } {
  if (move === 'prev') return { index: Math.max(index - 1, -1), pastTheEnd: false };
  return { index: Math.min(index + 1, stepCount), pastTheEnd: index >= stepCount };
}

/** The trouble 잘 안 돼요 opens at this card: the step's own, else the guide's first, else recognition. */
export function troubleAt(procedure: Procedure, index: number): NonNullable<Procedure['steps'][number]['trouble']> {
  return procedure.steps[index]?.trouble ?? procedure.troubleshooting[0] ?? 'trouble_unrecognized';
}

const typedAs = (texts: Texts, text: string, key: TextKey) => texts.all(key).some((label) => normaliseTyped(label) === text);

/** 다음 / 이전 typed where the card has no such button (the overview, the closing card). */
export function typedNav(texts: Texts, typed: string): ActionData | undefined {
  const text = normaliseTyped(typed);
  if (!text) return undefined;
  if (typedAs(texts, text, 'nav.next') || typedAs(texts, text, 'nav.finish') || typedAs(texts, text, 'nav.start')) return { action: 'nav', move: 'next' };
  if (typedAs(texts, text, 'nav.prev')) return { action: 'nav', move: 'prev' };
  return undefined;
}

/** 잘 모르겠어요 typed (or its button's title) at the certificate type question. */
export function saysUnsure(texts: Texts, typed: string): boolean {
  const text = normaliseTyped(typed);
  return /모르겠|몰라|모름|notsure|dontknow|don'tknow|idontknow/.test(text) || typedAs(texts, text, 'ask.cert_type.unsure');
}
