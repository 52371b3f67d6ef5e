import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { localeOf } from '../bot/i18n.js';
import type { CardAction } from './actions.js';
import type { DialogDeps } from './deps.js';
import { choiceCardData, homeAction, topicAction } from './menu.js';
import { inputOf } from './turn-input.js';

export type TroubleId = 'trouble_password' | 'trouble_expired' | 'trouble_unrecognized';

export interface TroubleOptions {
  trouble: TroubleId;
  certType?: string;
  /** Set when opened from a step's 잘 안 돼요: offers the way back to that step. */
  fromProcedure?: string;
}

/** The procedures that usually fix each trouble. */
const NEXT_STEPS: Record<TroubleId, string[]> = {
  trouble_password: ['reissue'],
  trouble_expired: ['reissue', 'renew'],
  trouble_unrecognized: ['copy_cert', 'register_other'],
};

/** The first answer to a trouble: the likely causes and the way forward. */
export class TroubleDialog extends Dialog<TroubleOptions> {
  static readonly id = 'trouble';

  constructor(private readonly deps: DialogDeps) {
    super(TroubleDialog.id);
  }

  async beginDialog(dc: DialogContext, options?: TroubleOptions): Promise<DialogTurnResult> {
    const state = { ...(options ?? { trouble: 'trouble_unrecognized' }), topic: options?.trouble ?? 'trouble_unrecognized' };
    dc.activeDialog!.state = state;
    await this.show(dc, state);
    return Dialog.EndOfTurn;
  }

  async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as TroubleOptions;
    const action = inputOf(dc.context).action;
    if (action?.action === 'nav' && action.move === 'resume') return dc.endDialog();
    await this.show(dc, state);
    return Dialog.EndOfTurn;
  }

  private async show(dc: DialogContext, state: TroubleOptions): Promise<void> {
    const { texts } = this.deps;
    const locale = localeOf(dc.context.activity.locale);
    const actions: CardAction[] = [
      ...NEXT_STEPS[state.trouble].map((intent) => topicAction(intent, texts, locale)),
      ...(state.fromProcedure ? [{ title: texts.get('nav.resume', locale), data: { action: 'nav', move: 'resume' } } as CardAction] : []),
      topicAction('agent', texts, locale),
      homeAction(texts, locale),
    ];
    await this.deps.cards.send(dc.context, 'choice', choiceCardData({
      title: texts.get(`trouble.${state.trouble}`, locale),
      text: texts.get(`trouble.${state.trouble}.body`, locale),
      actions,
    }));
  }
}
