import type pg from 'pg';
import { pendingMigrations } from './migrate.js';

/** What a health route answers: an HTTP status and a small JSON body for the load balancer. */
export interface HealthAnswer {
  status: 200 | 503;
  body: { ok: boolean; reason?: string };
}

/** GET /healthz: the process is alive and answering (no dependency is checked: a restart would not help). */
export function healthz(): HealthAnswer {
  return { status: 200, body: { ok: true } };
}

export interface ReadinessOptions {
  /** True once SIGTERM drain began: the load balancer should send nothing new here. */
  draining?: () => boolean;
  /** A database slower than this counts as unreachable. */
  timeoutMs?: number;
}

/** GET /readyz: send traffic here only if the database answers and has every migration of this version. */
export async function readyz(db: Pick<pg.Pool, 'query'>, options: ReadinessOptions = {}): Promise<HealthAnswer> {
  if (options.draining?.()) return { status: 503, body: { ok: false, reason: 'draining' } };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), options.timeoutMs ?? 2_000);
  });
  try {
    const pending = await Promise.race([pendingMigrations(db), timeout]);
    if (pending.length > 0) return { status: 503, body: { ok: false, reason: `migrations pending: ${pending.join(', ')}` } };
    return { status: 200, body: { ok: true } };
  } catch {
    return { status: 503, body: { ok: false, reason: 'database unreachable' } };
  } finally {
    clearTimeout(timer);
  }
}
