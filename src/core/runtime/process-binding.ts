/**
 * What a running adapter does to the process it runs in: the stdout guard, when it writes to
 * the real stdout, and the termination signals, when it owns the process's stdio.
 */
import type { Writable } from "node:stream";
import { installStdoutGuard, isStdoutGuardInstalled, uninstallStdoutGuard } from "../wire/stdout-guard";
import { onTerminationSignal } from "./process-signals";

/** How the adapter is placed in the process. */
export interface ProcessBindingOptions {
  /** The adapter writes frames to `process.stdout`. */
  readonly writesRealStdout: boolean;
  /** The adapter reads `process.stdin` and writes `process.stdout`: it owns the process. */
  readonly ownsProcess: boolean;
  readonly enableStdoutGuard: boolean;
  readonly handleProcessSignals: boolean;
  readonly stderr: Writable;
  readonly onSignal: (signal: NodeJS.Signals) => void;
}

/** Binds the adapter to the process; returns the function that releases it at the end of the run. */
export function bindProcess(options: ProcessBindingOptions): () => void {
  const guard = options.enableStdoutGuard && options.writesRealStdout && !isStdoutGuardInstalled();
  if (guard) installStdoutGuard({ stdout: process.stdout, stderr: options.stderr });
  const removeSignals = options.ownsProcess && options.handleProcessSignals ? onTerminationSignal(options.onSignal) : undefined;
  return () => {
    if (options.ownsProcess) {
      // The process is ending, but handles the plugin left open may hold it for a grace period.
      // Until it exits, stdout is still the host's, so the guard stays (it is removed on exit,
      // flushing a partial line), and the signal listeners stay too: a signal now joins the
      // finished teardown instead of killing the process, which the daemon would report as a crash.
      if (guard) process.once("exit", () => uninstallStdoutGuard());
      return;
    }
    removeSignals?.();
    if (guard) uninstallStdoutGuard();
  };
}
