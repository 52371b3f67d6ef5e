/**
 * What a waiting customer wants, from a button on the queue card or typed words. The recogniser
 * does not know the queue ("아직 기다려야 하나요?" is `none` to it, "how much longer do I have to
 * wait?" looks like a certificate question), so while a ticket waits these words mean the wait.
 */
export type WaitingWish = 'cancel' | 'status';

/** Words about the wait itself (Korean stems and English), matched only while a ticket waits. */
const STATUS_WORDS = /기다려|기다리|대기|순서|몇\s*번째|얼마나\s*더|언제\s*(연결|와|오|돼|되)|wait|how\s+long|queue|my\s+(turn|place)/i;

export function customerWish(value: unknown, text: string, isCancel: (text: string) => boolean): WaitingWish | undefined {
  const data = value as { action?: unknown; op?: unknown } | undefined;
  if (data?.action === 'queue' && (data.op === 'cancel' || data.op === 'status')) return data.op;
  if (!text) return undefined;
  if (isCancel(text)) return 'cancel';
  return STATUS_WORDS.test(text) ? 'status' : undefined;
}
