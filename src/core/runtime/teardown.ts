/**
 * The teardown in the contract's order (abandon host calls, drain in-flight handlers, run the
 * shutdown hooks) and its two clocks: a capped wait for in-flight handlers, and a bounded hold on
 * the event loop for the whole teardown.
 */
import type { HostCalls } from "../host-calls/host-calls";
import { describeError, type LogSink } from "../log";
import type { InFlight } from "./in-flight";
import type { RequestAnswerer } from "./request-answerer";

/** What the teardown works on. */
export interface TeardownDeps {
  readonly calls: HostCalls;
  readonly inFlight: InFlight;
  readonly answerer: RequestAnswerer;
  readonly drainLimitMs: number;
  readonly shutdownHooks: ReadonlyArray<() => unknown>;
  readonly log: LogSink;
}

/**
 * Abandons the pending host calls (with `why` in their transport errors), awaits in-flight
 * handlers no longer than the drain limit, answers the requests still running with their drain
 * failure, then runs the shutdown hooks in order, logging a hook that fails.
 */
export async function tearDown(deps: TeardownDeps, why: string): Promise<void> {
  const { inFlight, drainLimitMs, log } = deps;
  deps.calls.abandonAll(why);
  if (await drainWithin(inFlight, drainLimitMs)) {
    log(`${inFlight.count} handler(s) still running after ${drainLimitMs} ms of shutdown drain; stopping without them`);
    // The host still waits for these replies; after the ack nothing more would reach it.
    deps.answerer.expireAll(drainLimitMs);
  }
  for (const hook of deps.shutdownHooks) {
    try {
      await hook();
    } catch (error) {
      log(`shutdown hook failed: ${describeError(error)}`);
    }
  }
}

/**
 * Awaits in-flight handlers, but not past `limitMs`: the daemon waits 5 s for the ack, then
 * kills the plugin and reports a crash, so a handler that never settles must not cost the clean
 * stop of everything else. Resolves true when the limit expired first.
 */
export async function drainWithin(inFlight: InFlight, limitMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), limitMs);
    timer.unref();
  });
  const timedOut = await Promise.race([inFlight.idle().then(() => false), expired]);
  clearTimeout(timer);
  return timedOut;
}

/**
 * Keeps Node's event loop alive for at most `ms`, until the returned function is called. Once
 * stdin has ended, a handler or shutdown hook awaiting only unref'd work (a library's timer,
 * say) would otherwise let Node exit in the middle of the teardown, losing that work's frames
 * and the ack. The bound keeps a hook that never settles from holding an orphan open.
 */
export function holdEventLoop(ms: number): () => void {
  const timer = setTimeout(() => undefined, ms);
  return () => clearTimeout(timer);
}
