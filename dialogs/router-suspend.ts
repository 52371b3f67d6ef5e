import type { DialogContext } from 'botbuilder-dialogs';
import { localeOf } from '../content/texts.js';
import { offerOnNextCard } from './card-sender.js';
import type { DialogDeps } from './deps.js';
import { ProcedureDialog } from './procedure-dialog.js';
import { noteLeaving } from './turn-notes.js';

/** A guide the user leaves for another question is kept, and the new topic's first card offers the way back to it. */

/**
 * Leaves whatever the user was doing for a new topic. A guide left at a step (not while it asks a
 * question) is remembered, and the way back is offered on the next card of this turn.
 */
export async function leaveForNewTopic(dc: DialogContext, deps: DialogDeps): Promise<void> {
  const guide = dc.stack.find((instance) => instance.id === ProcedureDialog.id)?.state as { procedureId?: string; index?: number; asking?: string } | undefined;
  noteLeaving(dc, deps.content.procedures);
  await dc.cancelAllDialogs();
  if (!guide?.procedureId || guide.asking) return;
  const profile = await deps.profile.get(dc.context, {});
  await deps.profile.set(dc.context, { ...profile, suspended: { procedureId: guide.procedureId, index: guide.index ?? -1 } });
  offerOnNextCard(dc.context, { title: deps.texts.get('nav.return', localeOf(dc.context.activity.locale)), data: { action: 'nav', move: 'return' } });
}

/** Back to the guide the user left, at the card they were on. False (with every dialog ended) when there is none to go back to. */
export async function resumeLeftGuide(dc: DialogContext, deps: DialogDeps): Promise<boolean> {
  const profile = await deps.profile.get(dc.context, {});
  const suspended = profile.suspended;
  await deps.profile.set(dc.context, { ...profile, suspended: undefined });
  await dc.cancelAllDialogs();
  if (!suspended || !deps.content.procedures.some((p) => p.id === suspended.procedureId)) return false;
  await dc.beginDialog(ProcedureDialog.id, suspended);
  return true;
}
