import { isScalar, visit, type Document, type LineCounter } from 'yaml';

/** A problem with one text in a content file, where it is. */
export interface CutText {
  path: string;
  line?: number;
  reason: string;
}

/**
 * Texts that YAML syntax cut short: in a plain (unquoted) scalar, " #" starts a comment, so
 * "특수문자(!, @, # 등)" arrives as "특수문자(!, @,". Found two ways: a comment after a plain value on
 * the same line, and a text that ends where no sentence ends (an open bracket, a dangling comma) or
 * whose brackets do not close.
 */
export function cutTexts(doc: Document, lineCounter: LineCounter): CutText[] {
  const found: CutText[] = [];
  visit(doc, {
    Scalar(_key, node, path) {
      if (typeof node.value !== 'string') return;
      const keys = path.flatMap((p) => ('key' in p && isScalar(p.key) ? [String(p.key.value)] : []));
      const where = { path: keys.join('.'), line: node.range ? lineCounter.linePos(node.range[0]).line : undefined };
      if (node.type === 'PLAIN' && node.comment) {
        found.push({ ...where, reason: `a "#" after this text starts a YAML comment, so the text is cut to "${node.value}": quote the whole text` });
        return;
      }
      const text = node.value.trim();
      if (/[([{,·]$/.test(text)) found.push({ ...where, reason: `the text ends with "${text.slice(-1)}", as if cut short: "${text.slice(-30)}"` });
      else if (count(text, '(') !== count(text, ')')) found.push({ ...where, reason: `unbalanced parentheses in "${text.slice(0, 40)}…": was it cut short?` });
    },
  });
  return found;
}

const count = (text: string, char: string) => text.split(char).length - 1;
