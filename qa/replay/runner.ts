// Over ~250 lines on purpose: one script's run in one place (inputs, the strict and loose checks of
// replies, button lookup and --update), because each step's failure report needs all of them.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Activity, CardAction } from 'botbuilder';
import { isScalar, type Scalar, type YAMLSeq } from 'yaml';
import { cardActions } from '../../cards/walk.js';
import { checkReply, type Mismatch, type Update } from './check.js';
import { viewReply, type ReplyView } from './reply-view.js';
import { matches, showMatcher, type Assertion, type InputStep, type Script, type Step, type TextMatcher } from './script.js';
import { contentTypeFor, type Conversation, type Target, type TurnOutcome, type UploadFile } from './target.js';

export interface RunOptions {
  /** A turn that takes longer fails the script (a bot that never answers must not hang the run). */
  turnTimeoutMs?: number;
}

export interface StepFailure {
  line: number;
  /** Which step, readably: `bot — reply 1 to user "안녕하세요"`. */
  label: string;
  /** Why it failed when it is not an assertion (timeout, missing fixture, button not found…). */
  reason?: string;
  mismatches: Mismatch[];
  /** The replies to show under the diff. */
  actual: ReplyView[];
}

export interface ScriptResult {
  name: string;
  file: string;
  passed: boolean;
  failures: StepFailure[];
  durationMs: number;
  /** Exact-text expectations that `--update` can rewrite from what the bot did. */
  updates: Update[];
}

export const DEFAULT_TURN_TIMEOUT_MS = 5000;

class StepAbort extends Error {}

/** A button the user can press: an Adaptive Card Action.Submit or a suggested action. */
export interface Clickable {
  title: string;
  /** The button's own data (card data, or the suggested action's value). */
  data: unknown;
  /** What pressing it sends. */
  activity: Partial<Activity>;
}

/** Every button of a bot activity, in the order a user sees them (card body, card actions, suggestions). */
export function clickablesOf(activity: Partial<Activity>): Clickable[] {
  const found: Clickable[] = [];
  for (const attachment of activity.attachments ?? []) {
    for (const action of cardActions(attachment.content) as { type?: string; title?: string; data?: unknown }[]) {
      if (action.type === 'Action.Submit' && typeof action.title === 'string') {
        // Web Chat posts string data as a typed message and object data as the activity's value.
        found.push({
          title: action.title,
          data: action.data,
          activity: typeof action.data === 'string' ? { text: action.data } : { value: action.data ?? {} },
        });
      }
    }
  }
  for (const action of (activity.suggestedActions?.actions ?? []) as CardAction[]) {
    const title = action.title ?? String(action.value);
    found.push({
      title,
      data: action.value,
      activity: action.type === 'messageBack' ? { text: action.text, value: action.value } : { text: String(action.value) },
    });
  }
  return found;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepAbort(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeInput(step: InputStep): string {
  switch (step.kind) {
    case 'user':
      return `user ${JSON.stringify(step.text)}`;
    case 'click':
      return `click ${showMatcher(step.title)}`;
    case 'upload':
      return `upload ${step.shownPath}`;
    case 'event':
      return `event ${step.name}`;
    case 'join':
      return 'join';
    case 'send': {
      const { type, text, value, name } = step.activity;
      const what =
        text !== undefined ? JSON.stringify(text) : typeof name === 'string' ? name : name || value !== undefined ? JSON.stringify(name ?? value) : '';
      return `user ${type === 'message' ? '' : `${type} `}${what}`.trim();
    }
  }
}

/**
 * Runs one script against one conversation. Assertion failures are collected and the script goes
 * on (the conversation is still meaningful); an input that cannot be performed stops it.
 */
export async function runScript(script: Script, target: Target, options: RunOptions = {}): Promise<ScriptResult> {
  const started = performance.now();
  const timeoutMs = options.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS;
  const failures: StepFailure[] = [];
  let conversation: Conversation | undefined;
  try {
    conversation = await withTimeout(target.open(script), timeoutMs, `could not open a conversation within ${timeoutMs} ms`);
    await runSteps(script, conversation, timeoutMs, failures);
  } catch (error) {
    if (!(error instanceof StepAbort)) failures.push({ line: 0, label: 'script', reason: (error as Error).message, mismatches: [], actual: [] });
  } finally {
    await conversation?.close().catch(() => undefined);
  }
  failures.sort((a, b) => a.line - b.line); // stable: a step's own failures keep their order
  const updates = failures.flatMap((failure) => failure.mismatches.flatMap((m) => (m.update ? [m.update] : [])));
  return { name: script.name, file: script.file, passed: failures.length === 0, failures, durationMs: performance.now() - started, updates };
}

async function runSteps(script: Script, conversation: Conversation, timeoutMs: number, failures: StepFailure[]): Promise<void> {
  let turn: { label: string; line: number; pending: ReplyView[]; replied: number; loose: boolean } | undefined;
  let history: Partial<Activity>[] = [];

  const closeTurn = () => {
    if (turn && !turn.loose && turn.pending.length > 0) {
      const count = turn.pending.length;
      failures.push({
        line: turn.line,
        label: turn.label,
        reason: `${count} ${count === 1 ? 'reply was' : 'replies were'} not asserted (add bot steps, or use expect: for a loose check)`,
        mismatches: [],
        actual: turn.pending,
      });
    }
  };

  const abort = (step: Step, label: string, reason: string): never => {
    failures.push({ line: step.line, label, reason, mismatches: [], actual: [] });
    throw new StepAbort(reason);
  };

  for (const step of script.steps) {
    if (step.kind === 'bot') {
      const label = turn ? `bot — reply ${turn.replied + 1} to ${turn.label}` : 'bot';
      if (!turn) abort(step, label, 'a bot step needs a user, click, upload, event or join step before it');
      checkStrict(step.assertion, step.line, label, turn!, failures);
      continue;
    }
    closeTurn();
    const label = describeInput(step);
    const { activity, files } = await inputFor(step, script, history, (reason) => abort(step, label, reason));
    const outcome: TurnOutcome = await withTimeout(
      conversation.send(activity, files),
      timeoutMs,
      `the bot did not finish the turn within ${timeoutMs} ms`,
    ).catch((error: Error) => abort(step, label, error instanceof StepAbort ? error.message : `sending failed: ${error.message}`));
    const views = outcome.replies.map(viewReply);
    history = [...history, ...outcome.replies];
    if (outcome.errors.length > 0) {
      failures.push({ line: step.line, label, reason: `the bot threw: ${outcome.errors.map((e) => e.message).join('; ')}`, mismatches: [], actual: views });
    }
    turn = { label, line: step.line, pending: [...views], replied: 0, loose: step.expect !== undefined };
    if (step.expect) checkLoose(step.expect, step.line, label, views, failures);
  }
  closeTurn();
}

function checkStrict(assertion: Assertion, line: number, label: string, turn: { pending: ReplyView[]; replied: number }, failures: StepFailure[]) {
  if (assertion.none) {
    if (turn.pending.length > 0) {
      failures.push({ line, label, mismatches: [{ path: 'none', expected: 'no reply', actual: `${turn.pending.length} more` }], actual: turn.pending });
      turn.pending = [];
    }
    return;
  }
  const reply = turn.pending.shift();
  if (!reply) {
    failures.push({ line, label, mismatches: [{ path: 'reply', expected: 'a reply', actual: '(no more replies in this turn)' }], actual: [] });
    return;
  }
  turn.replied++;
  const mismatches = checkReply(assertion, reply);
  if (mismatches.length > 0) failures.push({ line, label, mismatches, actual: [reply] });
}

function checkLoose(assertion: Assertion, line: number, label: string, replies: ReplyView[], failures: StepFailure[]) {
  const where = `${label} (expect: any reply)`;
  if (assertion.none) {
    if (replies.length > 0)
      failures.push({ line, label: where, mismatches: [{ path: 'none', expected: 'no reply', actual: `${replies.length} replies` }], actual: replies });
    return;
  }
  if (replies.length === 0) {
    failures.push({ line, label: where, mismatches: [{ path: 'reply', expected: 'a reply', actual: '(no reply)' }], actual: [] });
    return;
  }
  const results = replies.map((reply) => checkReply(assertion, reply));
  if (results.some((mismatches) => mismatches.length === 0)) return;
  // Report against the reply that came closest: the fewest failed assertions.
  const best = results.reduce((a, b) => (b.length < a.length ? b : a));
  failures.push({ line, label: where, mismatches: best, actual: replies });
}

async function inputFor(
  step: InputStep,
  script: Script,
  history: Partial<Activity>[],
  fail: (reason: string) => never,
): Promise<{ activity: Partial<Activity>; files?: UploadFile[] }> {
  const base = { locale: script.locale };
  switch (step.kind) {
    case 'user':
      return { activity: { ...base, type: 'message', text: step.text } };
    case 'join':
      return { activity: { ...base, type: 'conversationUpdate' } };
    case 'event':
      return { activity: { ...base, type: 'event', name: step.name, ...(step.value !== undefined ? { value: step.value } : {}) } };
    case 'click':
      return { activity: { ...base, type: 'message', ...findButton(step.title, history, fail).activity } };
    case 'upload': {
      const bytes = await readFile(step.path).catch(() => fail(`fixture not found: ${step.shownPath} (looked at ${step.path})`));
      const name = path.basename(step.path);
      return { activity: { ...base, type: 'message' }, files: [{ name, contentType: contentTypeFor(name), bytes }] };
    }
    case 'send': {
      if (step.missingFile) fail(`the transcript has an upload whose bytes were never recorded; put the file at ${step.missingFile} to replay it`);
      const files: UploadFile[] = [];
      const attachments = [];
      for (const attachment of step.activity.attachments ?? []) {
        if (attachment.contentUrl?.startsWith('file://')) {
          const file = attachment.contentUrl.slice('file://'.length);
          files.push({ name: attachment.name ?? path.basename(file), contentType: attachment.contentType, bytes: await readFile(file) });
        } else attachments.push(attachment);
      }
      const activity = { ...step.activity, ...(attachments.length ? { attachments } : { attachments: undefined }) };
      if (!attachments.length) delete activity.attachments;
      return { activity, ...(files.length ? { files } : {}) };
    }
  }
}

/** The most recent button with that title: Web Chat lets people press buttons of earlier cards too. */
function findButton(title: TextMatcher, history: Partial<Activity>[], fail: (reason: string) => never): Clickable {
  for (let i = history.length - 1; i >= 0; i--) {
    const button = clickablesOf(history[i]).find((candidate) => matches(title, candidate.title, 'equals'));
    if (button) return button;
  }
  const latest =
    [...history]
      .reverse()
      .map(clickablesOf)
      .find((buttons) => buttons.length > 0) ?? [];
  return fail(`no button ${showMatcher(title)}; the last buttons shown: ${latest.length ? latest.map((b) => `[${b.title}]`).join(' ') : '(none)'}`);
}

/** Rewrites the script's exact-text expectations (regex ones are never touched); keeps comments. */
export async function applyUpdates(script: Script, updates: Update[]): Promise<number> {
  if (!script.document || updates.length === 0) return 0;
  for (const update of updates) {
    if (isScalar(update.node)) (update.node as Scalar).value = update.value;
    else (update.node as YAMLSeq).items = (update.value as string[]).map((title) => script.document!.createNode(title));
  }
  await writeFile(script.file, script.document.toString({ lineWidth: 0 }));
  return updates.length;
}
