/**
 * The shutdown drain's two clocks: a capped wait for in-flight handlers, and a bounded hold on
 * the event loop for the whole teardown.
 */
import type { InFlight } from "./in-flight";

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
