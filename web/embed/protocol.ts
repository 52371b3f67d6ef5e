// The messages between the launcher (the bank's page) and the panel (our page in an iframe).
// Neither side sends anything secret: the token never leaves our page's origin.

export const MESSAGE_TAG = 'cert-helper';

export type ToFrame = { tag: typeof MESSAGE_TAG; type: 'send'; text: string } | { tag: typeof MESSAGE_TAG; type: 'focus' };
export type ToLauncher = { tag: typeof MESSAGE_TAG; type: 'ready' | 'escape' };

/** Longest text the host page may send through send(text); Web Chat's own box has no such limit, the API does. */
export const MAX_SEND_LENGTH = 2000;

export function isMessage<T extends { tag: string; type: string }>(data: unknown): data is T {
  return typeof data === 'object' && data !== null && (data as { tag?: unknown }).tag === MESSAGE_TAG && typeof (data as { type?: unknown }).type === 'string';
}

/** An institution id as the page passes it on (embed.js data-institution, ?institution=): lower-case letters, digits, '-'. */
export const INSTITUTION_ID = /^[a-z][a-z0-9-]{1,31}$/;
