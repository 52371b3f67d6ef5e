import { z } from 'zod';

/**
 * Everything a card button can send back. Buttons carry data, never free text, so a click is
 * unambiguous; a typed button title is mapped back to the same data (see ButtonMemory).
 */
export const ActionDataSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('menu'), topic: z.string() }),
  z.object({ action: z.literal('topic'), intent: z.string() }),
  z.object({
    action: z.literal('nav'),
    move: z.enum(['prev', 'next', 'trouble', 'home', 'start', 'change_institution', 'resume', 'explain', 'return']),
    /** The card the button was on (a procedure and its step, -1 = overview): an old card's button acts on that step. */
    at: z
      .object({
        procedureId: z.string().max(100),
        index: z.number().int().min(-1).max(100),
        /** On a card an agent sent from the console: the guide opens there even if the customer was in another one. */
        byAgent: z.literal(true).optional(),
      })
      .optional(),
  }),
  z.object({ action: z.literal('choose'), field: z.enum(['certType', 'institution', 'channel']), value: z.string() }),
  z.object({ action: z.literal('feedback'), helpful: z.boolean(), procedureId: z.string() }),
  z.object({ action: z.literal('faq'), id: z.string() }),
  z.object({ action: z.literal('check'), mode: z.enum(['upload', 'local']) }),
  /** An answer on a troubleshooting card; `tree`/`from` say which card, so an old card's answer still means what it said. */
  z.object({
    action: z.literal('trouble'),
    next: z.string(),
    failed: z.boolean().optional(),
    tree: z.string().max(40).optional(),
    from: z.string().max(60).optional(),
  }),
  /**
   * Outside business hours: the callback form (its inputs arrive beside the data). From Direct Line,
   * `phone` is already masked and `phoneRef` names the number held in memory (bot/held-secrets.ts).
   */
  z.object({
    action: z.literal('callback'),
    phone: z.string().max(40).optional(),
    phoneRef: z.string().max(64).optional(),
    time: z.string().max(100).optional(),
  }),
  /** An agent's buttons on a handoff ticket card in Teams. */
  z.object({ action: z.literal('handoff'), op: z.enum(['accept', 'close']), ticketId: z.string() }),
  /** A waiting customer's buttons on the queue card: where am I, stop waiting. */
  z.object({ action: z.literal('queue'), op: z.enum(['status', 'cancel']) }),
  /** The customer's satisfaction after a handoff. */
  z.object({ action: z.literal('rate'), ticketId: z.string(), score: z.number().int().min(1).max(5) }),
]);
export type ActionData = z.infer<typeof ActionDataSchema>;

export interface CardAction {
  title: string;
  data: ActionData;
}

/** A button that opens something in the page instead of sending data (e.g. the local check panel). */
export interface CardLink {
  title: string;
  url: string;
}

/** The address of the web page's "check safely on my device" panel (see web/check.js). */
export const LOCAL_CHECK_URL = '#local-check';

/** The card data a click delivered, when it is one of ours; anything else is ignored. */
export function actionDataOf(value: unknown): ActionData | undefined {
  const parsed = ActionDataSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export const normaliseTyped = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s!?.~,'"`]+/g, '');
