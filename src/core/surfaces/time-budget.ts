/**
 * The daemon waits a fixed time for some requests (5 s for `plugin.configure`, 1 s for
 * `plugin.credentials.issue`); past it, it has given up and the reply only lands in its log.
 * The plugin cannot change that, but it can say so on stderr, where the author looks first.
 */
import type { LogSink } from "../log";

/**
 * Runs `work` and logs one line when it is still running after `budgetMs`, or, for work that
 * blocked the event loop so that no timer could fire, once it returns past the budget.
 */
export function withinBudget<T>(work: () => T | Promise<T>, budgetMs: number, what: () => string, log: LogSink): Promise<T> {
  const started = performance.now();
  let reported = false;
  const report = (state: string): void => {
    reported = true;
    log(`${what()} ${state} the daemon's ${budgetMs} ms budget; the daemon has stopped waiting for the reply`);
  };
  const timer = setTimeout(() => report("is still running after"), budgetMs);
  timer.unref();
  return Promise.resolve()
    .then(work)
    .finally(() => {
      clearTimeout(timer);
      const elapsed = performance.now() - started;
      if (!reported && elapsed >= budgetMs) report(`took ${Math.round(elapsed)} ms, past`);
    });
}
