import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { localeOf } from '../content/texts.js';
import type { TroubleId, TroubleTree } from '../content/schema.js';
import type { CardAction } from '../cards/actions.js';
import { sendCheckResult } from './check-result.js';
import type { DialogDeps } from './deps.js';
import { choiceCardData, homeAction, topicAction } from '../cards/card-data.js';
import { pickerFor } from '../content/texts.js';
import { splitButtons, troubleActionButton } from './trouble-actions.js';
import { inputOf } from './turn-input.js';
import { noteTurnFacts } from '../lib/turn-facts.js';
import { sayMissed, sayStale } from './way-on.js';

export type { TroubleId };

export interface TroubleOptions {
  trouble: TroubleId;
  certType?: 'joint' | 'financial';
  /** Set when opened from a step's 잘 안 돼요: offers the way back to that step. */
  fromProcedure?: string;
  /** Start at this node instead of the tree's start (an older card's answer, taken up again). */
  node?: string;
  /** The answer given on that node's card. */
  next?: string;
}

interface TroubleState extends TroubleOptions {
  topic: TroubleId;
  node: string;
}

const FAILURES_BEFORE_AGENT = 2;
/** The node every tree ends at when the customer says it worked (content/troubles/*.yaml): the `fixed` outcome. */
const SOLVED = 'solved';

/**
 * Diagnoses a trouble by walking its decision tree (content/troubles/*.yaml): each node is a card
 * with things to check, answers that lead on, and ways out (a procedure, a file check, a person).
 * A certificate check that arrives meanwhile is answered with its diagnosis and fixes.
 */
export class TroubleDialog extends Dialog<TroubleOptions> {
  static readonly id = 'trouble';

  constructor(private readonly deps: DialogDeps) {
    super(TroubleDialog.id);
  }

  async beginDialog(dc: DialogContext, options?: TroubleOptions): Promise<DialogTurnResult> {
    const trouble = options?.trouble ?? 'trouble_unrecognized';
    const tree = this.tree(trouble);
    const { node, next, ...rest } = options ?? { trouble };
    const state: TroubleState = { ...rest, trouble, topic: trouble, node: tree.start };
    dc.activeDialog!.state = state;
    noteTurnFacts(dc.context, { trouble: { id: trouble } });
    if (node && tree.nodes[node]) {
      state.node = node;
      const option = next ? tree.nodes[node].options.find((o) => o.next === next) : undefined;
      if (option) await this.follow(dc.context, state, option);
      await this.show(dc.context, state);
      return Dialog.EndOfTurn;
    }
    // When the certificate type is already known, skip the question that only asks for it.
    const known = state.certType ?? (await this.deps.profile.get(dc.context, {})).certType;
    const skip = known && tree.nodes[tree.start].options.find((o) => o.set?.certType === known);
    if (skip && tree.nodes[tree.start].options.every((o) => o.set?.certType)) state.node = skip.next;
    await this.show(dc.context, state);
    return Dialog.EndOfTurn;
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as TroubleState;
    const input = inputOf(dc.context);
    if (input.check) {
      await sendCheckResult(dc.context, this.deps, input.check);
      return Dialog.EndOfTurn;
    }
    const action = input.action;
    if (action?.action === 'nav' && action.move === 'resume') return dc.endDialog();
    if (action?.action === 'trouble') {
      // An answer from an older card of this tree still means what it said on that card.
      const tree = this.tree(state.trouble);
      const from = action.from && (!action.tree || action.tree === state.trouble) && tree.nodes[action.from] ? action.from : state.node;
      const option = tree.nodes[from]?.options.find((o) => o.next === action.next);
      if (option) {
        state.node = from;
        await this.follow(dc.context, state, option);
      } else await sayStale(dc.context, this.deps);
    } else if (action) await sayStale(dc.context, this.deps);
    else if (input.recognition) await sayMissed(dc.context, this.deps);
    await this.show(dc.context, state);
    return Dialog.EndOfTurn;
  }

  private async follow(context: TurnContext, state: TroubleState, option: TroubleTree['nodes'][string]['options'][number]): Promise<void> {
    state.node = option.next;
    noteTurnFacts(context, { trouble: option.next === SOLVED ? { id: state.trouble, outcome: 'fixed' } : { id: state.trouble } });
    const profile = await this.deps.profile.get(context, {});
    if (option.set?.certType) state.certType = option.set.certType;
    await this.deps.profile.set(context, {
      ...profile,
      certType: option.set?.certType ?? profile.certType,
      troubleFailures: (profile.troubleFailures ?? 0) + (option.failed ? 1 : 0),
    });
  }

  /** After an interruption such as 도움말: show the same node again. */
  async repromptDialog(context: TurnContext, instance: DialogInstance<TroubleState>): Promise<void> {
    await this.show(context, instance.state);
  }

  private async failures(context: TurnContext): Promise<number> {
    return (await this.deps.profile.get(context, {})).troubleFailures ?? 0;
  }

  private tree(trouble: TroubleId): TroubleTree {
    const tree = this.deps.content.troubles.find((t) => t.id === trouble);
    if (!tree) throw new Error(`no troubleshooting tree for ${trouble}`);
    return tree;
  }

  private async show(context: TurnContext, state: TroubleState): Promise<void> {
    const { texts, content } = this.deps;
    const locale = localeOf(context.activity.locale);
    const pick = pickerFor(locale);
    const node = this.tree(state.trouble).nodes[state.node];
    const answers: CardAction[] = node.options.map((o) => ({
      title: pick(o.label),
      data: { action: 'trouble', next: o.next, failed: o.failed || undefined, tree: state.trouble, from: state.node },
    }));
    const exits = splitButtons(node.actions.map((a) => troubleActionButton(a, texts, content, locale)));
    const agent = topicAction('agent', texts, locale);
    const stuck = (await this.failures(context)) >= FAILURES_BEFORE_AGENT;
    const resume: CardAction[] = state.fromProcedure ? [{ title: texts.get('nav.resume', locale), data: { action: 'nav', move: 'resume' } }] : [];
    const actions = [...answers, ...exits.actions, ...resume, homeAction(texts, locale)].filter((a) => !stuck || a.title !== agent.title);
    await this.deps.cards.send(
      context,
      'choice',
      choiceCardData({
        title: pick(node.title),
        text: [node.text ? pick(node.text) : '', stuck ? texts.get('trouble.failed_twice', locale) : ''].filter(Boolean).join('\n\n'),
        items: node.checklist.map(pick),
        lead: stuck ? agent : undefined,
        links: exits.links,
        actions: splitButtons(actions).actions,
      }),
    );
  }
}
