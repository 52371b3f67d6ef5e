import { TestAdapter, type Activity, type Storage, type StoreItems } from 'botbuilder';
import pino from 'pino';
import { CertAssistant } from '../../bot/assistant.js';
import { createAssistant, type AssistantResources } from '../../bot/create-assistant.js';
import { cardView, type CardView } from './bot.js';

/** Storage whose whole content can be copied and put back: one conversation, forked at every state. */
class ForkableStorage implements Storage {
  items = new Map<string, string>();

  async read(keys: string[]): Promise<StoreItems> {
    const found: StoreItems = {};
    for (const key of keys) {
      const json = this.items.get(key);
      if (json !== undefined) found[key] = JSON.parse(json);
    }
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    // Feedback records pile up and mean nothing to the flow: not kept.
    for (const [key, value] of Object.entries(changes)) if (!key.startsWith('feedback/')) this.items.set(key, JSON.stringify({ ...value, eTag: '*' }));
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }
}

export type WalkInput = { text: string } | { value: unknown; title: string };

export interface WalkProblem {
  path: string[];
  input: string;
  problem: string;
  replies: string[];
}

export interface WalkOptions {
  locale: 'ko-KR' | 'en-US';
  /** Where walks start: each is a list of inputs from a fresh conversation. */
  starts: WalkInput[][];
  /** Typed at every state (checked, not walked further). */
  interruptions: string[];
  /** Buttons deep at most (states further away are not expanded). */
  maxDepth: number;
  /** The "not sure" card's title: no button may lead there. */
  unsureTitle: string;
  /** The error message's opening words: never shown. */
  errorText: string;
  /** Cards that may be shown again by their own 처음으로 (the menu). */
  homeTitle: string;
}

export interface WalkResult {
  states: number;
  turns: number;
  problems: WalkProblem[];
}

interface State {
  snapshot: Map<string, string>;
  card?: CardView;
  path: string[];
}

const describeReply = (activity: Partial<Activity>): string => {
  const card = cardView(activity);
  if (card) return `[card] ${card.title ?? ''} [${card.actions.map((a) => a.title).join(' | ')}]`;
  const suggested = activity.suggestedActions?.actions?.map((a) => a.title) ?? [];
  return `${activity.text ?? `(${activity.type})`}${suggested.length ? ` [${suggested.join(' | ')}]` : ''}`;
};

const sameCard = (a: CardView | undefined, b: CardView | undefined) =>
  !!a && !!b && JSON.stringify([a.texts, a.actions]) === JSON.stringify([b.texts, b.actions]);

/**
 * Walks the dialog graph through the real assistant, breadth first: from each start, every button
 * of every card, deduplicated by the conversation's state (dialog stack, last buttons, what the
 * profile remembers), plus typed interruptions at every state. Reports every turn that errs,
 * leaves the user without a button, shows the same card again to a different input without a
 * word, or leads from a button to "not sure".
 */
export async function walkDialogGraph(resources: AssistantResources, options: WalkOptions): Promise<WalkResult> {
  const storage = new ForkableStorage();
  const logger = pino({ level: 'silent' });
  const bot = createAssistant(resources, {
    storage,
    attachments: { read: async () => ({ ok: false, reason: 'unavailable' }) },
    logger,
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
  let failed: Error | undefined;
  const adapter = new TestAdapter((context) => bot.run(context));
  adapter.onTurnError = async (context, error) => {
    failed = error;
    await CertAssistant.onTurnError(context, error, resources.texts, logger);
  };

  let turns = 0;
  const problems: WalkProblem[] = [];
  const send = async (state: State, input: WalkInput) => {
    storage.items = new Map(state.snapshot);
    failed = undefined;
    turns += 1;
    const activity: Partial<Activity> =
      'text' in input ? { type: 'message', text: input.text, locale: options.locale } : { type: 'message', value: input.value, locale: options.locale };
    await adapter.receiveActivity(activity);
    const replies = adapter.activeQueue.splice(0);
    const cards = replies.map(cardView).filter((c): c is CardView => c !== undefined);
    return { replies, card: cards.at(-1), snapshot: new Map(storage.items), error: failed as Error | undefined };
  };

  const label = (input: WalkInput) => ('text' in input ? `"${input.text}"` : `[${input.title}]`);
  const check = (state: State, input: WalkInput, outcome: Awaited<ReturnType<typeof send>>) => {
    const report = (problem: string) => problems.push({ path: state.path, input: label(input), problem, replies: outcome.replies.map(describeReply) });
    if (outcome.error || outcome.replies.some((r) => (r.text ?? '').startsWith(options.errorText)))
      report(`error: ${outcome.error?.message ?? 'error text shown'}`);
    const hasWayOn = outcome.replies.some((r) => (cardView(r)?.actions.length ?? 0) > 0 || (r.suggestedActions?.actions?.length ?? 0) > 0);
    if (!hasWayOn) report('no way on (no button in the reply)');
    const onlyTheCard = outcome.replies.length === 1 && outcome.card;
    const home = 'value' in input && (input.value as { move?: string }).move === 'home';
    if (onlyTheCard && sameCard(outcome.card, state.card) && !(home && outcome.card?.title === options.homeTitle))
      report('the same card again, without a word');
    if ('value' in input && outcome.card?.title === options.unsureTitle) report('a button leads to "not sure"');
  };

  // What identifies a state: the open dialog where it matters (which procedure step, which question,
  // which troubleshooting node) and the card's buttons. What lies beneath (the step a troubleshooting
  // tree was opened from) and what the profile remembers (type, institution: they only skip questions)
  // are left out, or every tree would be walked again from every step of every procedure.
  const keyOf = (snapshot: Map<string, string>) => {
    const conversation = [...snapshot.entries()].find(([key]) => key.includes('/conversations/'))?.[1];
    if (!conversation) return '';
    const { dialogState, lastButtons } = JSON.parse(conversation) as {
      dialogState?: { dialogStack?: { id: string; state: Record<string, unknown> }[] };
      lastButtons?: { title: string }[];
    };
    const stack = dialogState?.dialogStack ?? [];
    const top = stack.at(-1);
    const focus = top && {
      id: top.id,
      depth: stack.length,
      ...(top.id === 'procedure'
        ? {
            procedure: top.state.procedureId,
            index: top.state.index,
            asking: top.state.asking,
            kind: top.state.kind,
            certType: top.state.asking && top.state.certType,
          }
        : top.id === 'trouble'
          ? { tree: top.state.trouble, node: top.state.node, fromProcedure: Boolean(top.state.fromProcedure) }
          : { shown: top.state.shown }),
    };
    return JSON.stringify([focus, (lastButtons ?? []).map((b) => b.title)]);
  };

  const seen = new Set<string>();
  let frontier: State[] = [];
  for (const start of options.starts) {
    let state: State = { snapshot: new Map(), path: [] };
    for (const input of start) {
      const outcome = await send(state, input);
      check(state, input, outcome);
      state = { snapshot: outcome.snapshot, card: outcome.card, path: [...state.path, label(input)] };
    }
    const key = keyOf(state.snapshot);
    if (!seen.has(key)) {
      seen.add(key);
      frontier.push(state);
    }
  }
  for (let depth = 0; depth < options.maxDepth && frontier.length > 0; depth++) {
    const next: State[] = [];
    for (const state of frontier) {
      const buttons: WalkInput[] = (state.card?.actions ?? []).filter((a) => !(a.data as { url?: string }).url).map((a) => ({ value: a.data, title: a.title }));
      for (const input of [...buttons, ...options.interruptions.map((text) => ({ text }))]) {
        const outcome = await send(state, input);
        check(state, input, outcome);
        if ('text' in input) continue;
        const key = keyOf(outcome.snapshot);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push({ snapshot: outcome.snapshot, card: outcome.card, path: [...state.path, label(input)] });
      }
    }
    frontier = next;
  }
  return { states: seen.size, turns, problems };
}
