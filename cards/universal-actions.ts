/**
 * Teams' Universal Actions: every Action.Submit becomes an Action.Execute (answered by an
 * adaptiveCard/action invoke) that falls back to the same Action.Submit on older clients.
 */
export function withUniversalActions(card: Record<string, unknown>): Record<string, unknown> {
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (!node || typeof node !== 'object') return node;
    const element = node as Record<string, unknown>;
    if (element.type === 'Action.Submit') {
      return { type: 'Action.Execute', verb: 'cardAction', title: element.title, data: element.data, fallback: { ...element } };
    }
    return Object.fromEntries(Object.entries(element).map(([key, value]) => [key, convert(value)]));
  };
  return convert(card) as Record<string, unknown>;
}
