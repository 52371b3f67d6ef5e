// The one Adaptive Card walker, shared by the server's tests, QA's replay and the agent console in
// the browser: no Node built-ins and no packages, so it bundles for the page as it is.

/** Any element or action of a card, as loosely as the JSON allows. */
export interface CardNode {
  type?: string;
  [key: string]: unknown;
}

/** One thing a card shows, in reading order: an element of the body, or an action (a button). */
export type CardPart = { kind: 'element'; node: CardNode } | { kind: 'action'; node: CardNode };

const isNode = (value: unknown): value is CardNode => typeof value === 'object' && value !== null && !Array.isArray(value);

const nodesOf = (value: unknown): CardNode[] => (Array.isArray(value) ? value.filter(isNode) : []);

/**
 * Every element and action of an Adaptive Card in the order a user reads them: the body depth first
 * (containers' items, column sets' columns, columns' items; an action set's buttons where the set
 * stands), then the card's own actions. An Action.ShowCard is yielded as an action; its hidden card
 * is not entered (walk `node.card` for that).
 */
export function* walkCard(card: unknown): Generator<CardPart> {
  if (!isNode(card)) return;
  yield* walkElements(card.body);
  for (const action of nodesOf(card.actions)) yield { kind: 'action', node: action };
}

function* walkElements(list: unknown): Generator<CardPart> {
  for (const element of nodesOf(list)) {
    yield { kind: 'element', node: element };
    if (element.type === 'ActionSet') for (const action of nodesOf(element.actions)) yield { kind: 'action', node: action };
    yield* walkElements(element.items);
    yield* walkElements(element.columns);
  }
}

/** The elements of a card, in reading order. */
export const cardElements = (card: unknown): CardNode[] => [...walkCard(card)].filter((part) => part.kind === 'element').map((part) => part.node);

/** The actions (buttons) of a card, in the order a user sees them. */
export const cardActions = (card: unknown): CardNode[] => [...walkCard(card)].filter((part) => part.kind === 'action').map((part) => part.node);
