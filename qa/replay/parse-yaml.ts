import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import {
  DEFAULT_LOCALE,
  DEFAULT_NOW,
  parseMatcher,
  ScriptError,
  type Assertion,
  type InputStep,
  type ListSpec,
  type MatcherSpec,
  type Script,
  type Step,
  type TextMatcher,
} from './script.js';

const SCRIPT_KEYS = ['name', 'description', 'locale', 'now', 'user', 'steps'];
const INPUT_KINDS = ['user', 'click', 'upload', 'event', 'join', 'activity'] as const;
const ASSERTION_KEYS = ['says', 'text', 'card', 'attachment', 'suggested', 'none'];
const CARD_KEYS = ['title', 'text', 'actions'];

/**
 * Reads a `*.test.yaml` script. Anything unexpected — bad YAML, an unknown key, a wrong type, an
 * invalid regex, a date that is not one — is a ScriptError naming the file and line.
 */
export function parseYamlScript(source: string, file: string): Script {
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    throw new ScriptError(file, lines.linePos(error.pos[0]).line, `invalid YAML: ${error.message.split('\n')[0]}`);
  }
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const fail = (node: Node | null | undefined, reason: string): never => {
    throw new ScriptError(file, lineOf(node), reason);
  };

  const entries = (node: unknown, allowed: readonly string[], what: string): Map<string, Pair<Scalar, Node>> => {
    if (!isMap(node)) return fail(node as Node, `${what} must be a mapping (key: value)`);
    const found = new Map<string, Pair<Scalar, Node>>();
    for (const pair of (node as YAMLMap<Scalar, Node>).items) {
      const key = String(pair.key?.value);
      if (!allowed.includes(key)) fail(pair.key, `unknown key "${key}" in ${what} (allowed: ${allowed.join(', ')})`);
      found.set(key, pair);
    }
    return found;
  };

  const scalarText = (node: Node | null | undefined, what: string): string => {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') return fail(node, `${what} must be text`);
    return String(node.value);
  };

  const matcherSpec = (node: Node | null | undefined, what: string): MatcherSpec => {
    const parsed = parseMatcher(scalarText(node, what));
    if ('error' in parsed) return fail(node, `${what}: ${parsed.error}`);
    return { matcher: parsed, line: lineOf(node), node: node as Scalar };
  };

  const listSpec = (node: Node | null | undefined, what: string): ListSpec => {
    let mode: ListSpec['mode'] = 'exact';
    let list = node;
    if (isMap(node)) {
      list = entries(node, ['contains'], what).get('contains')?.value ?? fail(node, `${what} needs "contains: [ … ]"`);
      mode = 'contains';
    }
    if (!isSeq(list)) return fail(list, `${what} must be a list of titles, e.g. [ 다음, 처음으로 ] or { contains: [ 다음 ] }`);
    return { mode, items: list.items.map((item) => matcherSpec(item as Node, `${what} item`)), line: lineOf(list), node: list };
  };

  const assertion = (node: Node | null | undefined, what: string): Assertion => {
    const keys = entries(node, ASSERTION_KEYS, what);
    if (keys.size === 0) fail(node, `${what} needs at least one of: ${ASSERTION_KEYS.join(', ')}`);
    const result: Assertion = { line: lineOf(node) };
    const get = (key: string) => keys.get(key)?.value;
    if (keys.has('says')) result.says = matcherSpec(get('says'), 'says');
    if (keys.has('text')) result.text = matcherSpec(get('text'), 'text');
    if (keys.has('attachment')) result.attachment = matcherSpec(get('attachment'), 'attachment');
    if (keys.has('suggested')) result.suggested = listSpec(get('suggested'), 'suggested');
    if (keys.has('none')) {
      const none = get('none');
      if (!isScalar(none) || none.value !== true) fail(none, 'none must be true');
      if (keys.size > 1) fail(node, 'none: true cannot be combined with other assertions');
      result.none = true;
    }
    if (keys.has('card')) {
      const card = entries(get('card'), CARD_KEYS, 'card');
      result.card = {};
      if (card.has('title')) result.card.title = matcherSpec(card.get('title')?.value, 'card.title');
      if (card.has('text')) result.card.text = matcherSpec(card.get('text')?.value, 'card.text');
      if (card.has('actions')) result.card.actions = listSpec(card.get('actions')?.value, 'card.actions');
    }
    return result;
  };

  const step = (node: Node): Step => {
    const keys = entries(node, [...INPUT_KINDS, 'bot', 'expect'], 'step');
    const kinds = [...keys.keys()].filter((key) => key !== 'expect');
    if (kinds.length !== 1) fail(node, `a step needs exactly one of: ${[...INPUT_KINDS, 'bot'].join(', ')}`);
    const kind = kinds[0] as (typeof INPUT_KINDS)[number] | 'bot';
    const value = keys.get(kind)?.value;
    const line = lineOf(node);
    if (kind === 'bot') {
      if (keys.has('expect')) fail(keys.get('expect')?.key, '"expect" belongs to user/click/upload/event steps; a bot step is an assertion itself');
      return { kind: 'bot', line, assertion: assertion(value, 'bot') };
    }
    const expect = keys.has('expect') ? assertion(keys.get('expect')?.value, 'expect') : undefined;
    return { ...inputStep(kind, value, line), ...(expect ? { expect } : {}) } as InputStep;
  };

  let scriptLocale = DEFAULT_LOCALE; // the script's own, set below before any step is read
  const inputStep = (kind: (typeof INPUT_KINDS)[number], value: Node | null | undefined, line: number): InputStep => {
    switch (kind) {
      case 'user':
        return { kind, line, text: scalarText(value, 'user') };
      case 'click': {
        const title: TextMatcher = matcherSpec(value, 'click').matcher;
        return { kind, line, title };
      }
      case 'upload': {
        const shownPath = scalarText(value, 'upload');
        return { kind, line, shownPath, path: path.resolve(path.dirname(file), shownPath) };
      }
      case 'event': {
        const event = entries(value, ['name', 'value'], 'event');
        const name = scalarText(event.get('name')?.value ?? fail(value, 'event needs a name'), 'event name');
        const payload = event.get('value')?.value;
        return { kind, line, name, ...(payload ? { value: payload.toJSON() } : {}) };
      }
      case 'join':
        if (!isScalar(value) || value.value !== true) fail(value, 'join must be true');
        return { kind, line };
      case 'activity': {
        // Any activity as a client would post it, e.g. a Botium-style click { type: event, name: 문제 해결 }.
        if (!isMap(value)) return fail(value, 'activity must be a mapping, e.g. { type: message, value: 문제 해결 }');
        const activity = value.toJSON() as Record<string, unknown>;
        if (typeof activity.type !== 'string' || activity.type === '') fail(value, 'activity needs a type');
        return { kind: 'send', line, activity: { locale: scriptLocale, ...activity } };
      }
    }
  };

  const root = entries(document.contents, SCRIPT_KEYS, 'script');
  scriptLocale = root.has('locale') ? scalarText(root.get('locale')?.value, 'locale') : DEFAULT_LOCALE;
  const stepsNode = root.get('steps')?.value;
  if (!isSeq(stepsNode) || stepsNode.items.length === 0) fail(stepsNode ?? document.contents, 'steps must be a non-empty list');
  const nowText = root.has('now') ? scalarText(root.get('now')?.value, 'now') : undefined;
  const now = nowText ? new Date(nowText) : DEFAULT_NOW;
  if (Number.isNaN(now.getTime())) fail(root.get('now')?.value, `now: "${nowText}" is not a date-time (e.g. 2026-11-25T09:00:00+09:00)`);

  return {
    name: root.has('name') ? scalarText(root.get('name')?.value, 'name') : path.basename(file).replace(/\.test\.ya?ml$/, ''),
    file,
    locale: scriptLocale,
    now,
    ...(root.has('user') ? { user: scalarText(root.get('user')?.value, 'user') } : {}),
    steps: (stepsNode as { items: Node[] }).items.map(step),
    document,
  };
}
