import type { Server } from 'node:http';

export interface DrainOptions {
  /** The HTTP server: stops accepting connections when the drain begins. */
  server: Pick<Server, 'close' | 'closeIdleConnections'>;
  /** Closes long-lived connections (WebSockets with 1012 "service restart", so clients reconnect elsewhere). */
  closeConnections?: () => void | Promise<void>;
  /** Work still unfinished after this long is abandoned (the load balancer's deadline is shorter than SIGKILL's). */
  timeoutMs: number;
  /**
   * For this long after the drain begins the instance still accepts and answers, /readyz saying 503,
   * so the balancer's readiness probe takes it out of rotation before the listener closes (a refused
   * connection is an error to whoever the balancer sent; a 503 on /readyz is not). Default 0.
   */
  noticeMs?: number;
}

export interface DrainResult {
  /** Tracked work still running when the drain gave up waiting. */
  unfinished: number;
}

/**
 * Graceful shutdown for an instance behind a load balancer. Turns in flight are tracked
 * (`track`); `drain` reports not-ready for the notice period, then stops new connections, closes long-lived ones, and waits for the tracked
 * work to finish before the caller closes the database and exits. `draining` is what /readyz
 * reports, so the balancer stops sending requests as soon as the drain begins.
 */
export class Drain {
  private inFlight = 0;
  private started = false;
  private waiters: (() => void)[] = [];

  get draining(): boolean {
    return this.started;
  }

  get running(): number {
    return this.inFlight;
  }

  /** Counts `work` as in flight until it settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  async drain(options: DrainOptions): Promise<DrainResult> {
    this.started = true;
    if (options.noticeMs) await new Promise((resolve) => setTimeout(resolve, options.noticeMs));
    options.server.close();
    options.server.closeIdleConnections();
    await options.closeConnections?.();
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, options.timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    options.server.closeIdleConnections();
    return { unfinished: this.inFlight };
  }
}

/** Runs `onSignal` once on the first SIGTERM (a second one is left to the default: exit now). */
export function onFirstSigterm(onSignal: () => Promise<void>): void {
  process.once('SIGTERM', () => {
    void onSignal();
  });
}
