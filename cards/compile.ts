import * as AEL from 'adaptive-expressions';
import * as ACData from 'adaptivecards-templating';

/**
 * An Adaptive Card template compiled once into a function of its data, with the semantics of
 * `adaptivecards-templating`'s `Template.expand` (`$data` repeating over arrays, `$when`, `${...}`
 * interpolation, unknown fields substituted by their own `${path}`). The library parses every
 * expression when a `Template` is built but then walks the whole template and evaluates each
 * expression through adaptive-expressions' memory objects on every expansion. Here the walk is
 * decided once: constants are returned as they are, and the expressions the templates mostly hold —
 * a field of the data (`${title}`) or text around fields (`• ${text}`) — read the field directly,
 * looking it up exactly as adaptive-expressions does (a case-insensitive match, the first key wins).
 * Anything else (functions, `count(x) > 0`, a missing or null field) is evaluated by the library's
 * own evaluator, so its answer and its errors stay the library's. cards/compile.test.ts compares the
 * two on every template.
 */

interface Scope {
  $root: unknown;
  $data: unknown;
  $index?: number;
}
type Compiled = (scope: Scope) => unknown;

/** What the library evaluates an expression with (its private helper: same results, same errors). */
const libraryEvaluate = (
  ACData.Template as unknown as {
    internalTryEvaluateExpression(expression: AEL.Expression, context: object, allowSubstitutions: boolean): { value: unknown; error?: string };
  }
).internalTryEvaluateExpression;

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);
const NOT_FOUND = Symbol('not found');

const dataOf = (scope: Scope) => (scope.$data !== undefined ? scope.$data : scope.$root);

/** adaptive-expressions' property lookup (first key equal ignoring case); NOT_FOUND for undefined or null. */
function field(data: unknown, name: string, lower: string): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data) || data instanceof Map) return NOT_FOUND;
  const record = data as Record<string, unknown>;
  let value = record[name];
  if (value === undefined || Object.keys(record).find((key) => key.toLowerCase() === lower) !== name) {
    const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
    value = key === undefined ? undefined : record[key];
  }
  return value === undefined || value === null ? NOT_FOUND : value;
}

/** `${name}`: an accessor of one plain field of `$data`, or undefined. */
function plainField(expression: AEL.Expression): string | undefined {
  if (expression.type !== AEL.ExpressionType.Accessor || expression.children.length !== 1) return undefined;
  const name = (expression.children[0] as AEL.Constant).value;
  return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : undefined;
}

function evaluated(expression: AEL.Expression, scope: Scope, allowSubstitutions: boolean): { value: unknown; error?: string } {
  return libraryEvaluate(expression, { $root: scope.$root, $data: dataOf(scope), $index: scope.$index }, allowSubstitutions);
}

/** A `${...}` value (allowSubstitutions, as the library expands every value but `$when`). */
function compileExpression(expression: AEL.Expression): Compiled {
  const strict = (scope: Scope) => {
    const result = evaluated(expression, scope, true);
    if (result.error) throw new Error(result.error);
    return result.value;
  };
  const name = plainField(expression);
  if (name) {
    const lower = name.toLowerCase();
    return (scope) => {
      const value = field(dataOf(scope), name, lower);
      return value === NOT_FOUND ? strict(scope) : value;
    };
  }
  if (expression.type === AEL.ExpressionType.Concat) {
    // The library's own concatenation: each part evaluated alone, a failing part written as "${part}".
    const parts = expression.children.map((child) => {
      if (child instanceof AEL.Constant) return { constant: String(child.value) };
      const childName = plainField(child);
      return { child, name: childName, lower: childName?.toLowerCase() ?? '' };
    });
    const evaluatePart = (child: AEL.Expression, scope: Scope): string => {
      let result: { value: unknown; error?: unknown };
      try {
        result = evaluated(child, scope, true);
      } catch (error) {
        result = { value: undefined, error };
      }
      return result.error ? '${' + child.toString() + '}' : (result.value as { toString(): string }).toString();
    };
    return (scope) => {
      const data = dataOf(scope);
      let text = '';
      for (const part of parts) {
        if ('constant' in part) text += part.constant;
        else {
          const value = part.name ? field(data, part.name, part.lower) : NOT_FOUND;
          text += value === NOT_FOUND ? evaluatePart(part.child, scope) : (value as { toString(): string }).toString();
        }
      }
      return text;
    };
  }
  return strict;
}

/**
 * A `$when`: true only for a boolean true (an error or anything else drops the object, as in the
 * library). The two conditions the templates use — `${name != ''}` and `${count(name) > 0}` — are
 * read directly when the field is a string or an array; any other case goes to the library.
 */
function compileCondition(expression: AEL.Expression): (scope: Scope) => boolean {
  const library = (scope: Scope) => {
    const result = evaluated(expression, scope, false);
    return !result.error && result.value === true;
  };
  const [left, right] = expression.children;
  const emptyText = right instanceof AEL.Constant && right.value === '';
  const zero = right instanceof AEL.Constant && right.value === 0;
  const name = left && plainField(left);
  if (expression.type === AEL.ExpressionType.NotEqual && emptyText && name) {
    const lower = name.toLowerCase();
    return (scope) => {
      const value = field(dataOf(scope), name, lower);
      return typeof value === 'string' ? value !== '' : library(scope);
    };
  }
  const counted = left?.type === AEL.ExpressionType.Count && left.children.length === 1 ? plainField(left.children[0]) : undefined;
  if (expression.type === AEL.ExpressionType.GreaterThan && zero && counted) {
    const lower = counted.toLowerCase();
    return (scope) => {
      const value = field(dataOf(scope), counted, lower);
      return typeof value === 'string' || Array.isArray(value) ? value.length > 0 : library(scope);
    };
  }
  return library;
}

function compileNode(node: unknown): Compiled {
  if (typeof node === 'string') {
    const parsed = ACData.Template.parseInterpolatedString(node);
    return typeof parsed === 'string' ? () => parsed : compileExpression(parsed);
  }
  if (Array.isArray(node)) {
    const items = node.map(compileNode);
    return (scope) => {
      const out: unknown[] = [];
      for (const item of items) {
        const value = item(scope);
        if (value === null) continue;
        if (Array.isArray(value)) out.push(...(value as unknown[]));
        else out.push(value);
      }
      return out;
    };
  }
  if (node && typeof node === 'object') return compileObject(node as Record<string, unknown>);
  return () => node;
}

/** An object: repeated over `$data` when it is an array, dropped unless `$when` is true; null when nothing is left. */
function compileObject(node: Record<string, unknown>): Compiled {
  const fields = Object.keys(node)
    .filter((key) => !RESERVED.has(key))
    .map((key) => [key, compileNode(node[key])] as const);
  const dataSource = node.$data === undefined ? undefined : typeof node.$data === 'string' ? ACData.Template.parseInterpolatedString(node.$data) : node.$data;
  const dataOfNode: Compiled | undefined =
    dataSource instanceof AEL.Expression ? compileExpression(dataSource) : dataSource === undefined ? undefined : () => dataSource;
  const whenSource = typeof node.$when === 'string' ? ACData.Template.parseInterpolatedString(node.$when) : node.$when;
  const when: ((scope: Scope) => boolean) | undefined =
    whenSource instanceof AEL.Expression ? compileCondition(whenSource) : whenSource ? () => false : undefined;

  const one = (scope: Scope): Record<string, unknown> | undefined => {
    if (when && !when(scope)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, compiled] of fields) {
      const value = compiled(scope);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  return (scope) => {
    const data = dataOfNode?.(scope);
    const contexts = Array.isArray(data) ? data : [data];
    const out: Record<string, unknown>[] = [];
    contexts.forEach((context, i) => {
      const inner: Scope = { $root: scope.$root, $data: context !== undefined ? context : scope.$data, $index: Array.isArray(data) ? i : scope.$index };
      const value = one(inner);
      if (value) out.push(value);
    });
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** The template compiled: call it with the card's data (the template's `$root`). */
export function compileTemplate(template: object): (data: object) => Record<string, unknown> {
  const compiled = compileNode(template);
  return (data) => compiled({ $root: data, $data: undefined }) as Record<string, unknown>;
}
