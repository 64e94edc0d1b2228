/**
 * Process-level wiring used when a plugin owns the real process: termination signals, and a
 * last-resort exit once the plugin has stopped.
 */

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** Calls `onSignal` on SIGTERM or SIGINT; returns a function that removes the listeners. */
export function onTerminationSignal(onSignal: (signal: NodeJS.Signals) => void): () => void {
  const listener = (signal: NodeJS.Signals): void => onSignal(signal);
  for (const signal of SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of SIGNALS) process.removeListener(signal, listener);
  };
}

/**
 * Ends the process with `code` if something the plugin left behind (an interval, a socket)
 * still holds the event loop `graceMs` after the plugin stopped. The timer is unref'd, so a
 * process with nothing left exits on its own first and this never fires.
 */
export function exitIfStillAlive(code: number, graceMs: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), graceMs).unref();
}
