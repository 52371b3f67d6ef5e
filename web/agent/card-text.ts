// The readable parts of an Adaptive Card as the transcript shows them: texts in reading order (the first
// is the title) and button titles.
// TODO(issue 11): cards/walk.ts, the ONE card walker, is being written in parallel (helper A); when it is
// on main, `readCard` becomes a call to it and this walk goes. Only this file knows how cards are walked.

export interface CardText {
  texts: string[];
  buttons: string[];
}

/** How the console names what it cannot show (an image, an input field), in the agent's language. */
export interface CardWords {
  image: string;
  input: string;
}

type Node = Record<string, unknown>;
const CONTAINER_KEYS = ['body', 'items', 'columns', 'rows', 'cells', 'actions'];

export function readCard(card: unknown, words: CardWords): CardText {
  const texts: string[] = [];
  const buttons: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    const type = typeof node.type === 'string' ? node.type : '';
    if (type === 'TextBlock') {
      if (typeof node.text === 'string' && node.text.trim()) texts.push(node.text.trim());
    } else if (type === 'RichTextBlock') {
      const inlines = Array.isArray(node.inlines) ? node.inlines : [];
      const text = inlines.map((inline) => (typeof inline === 'string' ? inline : String((inline as Node)?.text ?? ''))).join('');
      if (text.trim()) texts.push(text.trim());
    } else if (type === 'FactSet') {
      for (const fact of (node.facts as Node[] | undefined) ?? []) texts.push(`${fact.title}: ${fact.value}`);
    } else if (type === 'Image') {
      if (node.altText) texts.push(`(${words.image}: ${node.altText})`);
    } else if (type.startsWith('Action.')) {
      if (typeof node.title === 'string') buttons.push(node.title);
      if (node.card) visit((node.card as Node).body);
    } else if (type.startsWith('Input.')) {
      texts.push(`(${words.input}: ${node.label ?? node.placeholder ?? node.id ?? type})`);
      for (const choice of (node.choices as Node[] | undefined) ?? []) if (typeof choice?.title === 'string') buttons.push(choice.title);
    } else {
      // Containers of every kind: Container, ColumnSet/Column, ActionSet, Table rows and cells, the card itself.
      for (const key of CONTAINER_KEYS) visit(node[key]);
    }
  };
  const root = card as Node;
  visit(root?.body);
  visit(root?.actions);
  return { texts, buttons };
}
