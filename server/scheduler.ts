/**
 * Runs `work` about every `everyMs`; returns a stop function. Timers that act on shared records
 * (ticket expiry, idle customers, retention purge) go through a Scheduler so that with several
 * instances each period's work is claimed by ONE of them (server/postgres.ts), while a single
 * process simply runs it on an interval.
 */
export type Scheduler = (job: string, everyMs: number, work: () => Promise<void>, onError: (error: Error) => void) => () => void;

/** One process: a plain interval (never keeps the process alive); the first run comes right away when asked. */
export function localScheduler(options: { runAtStart?: boolean } = {}): Scheduler {
  return (_job, everyMs, work, onError) => {
    const run = () => void work().catch(onError);
    if (options.runAtStart) run();
    const timer = setInterval(run, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  };
}
