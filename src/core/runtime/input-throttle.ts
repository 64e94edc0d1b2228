/**
 * Bounds the work a plugin accepts: while too many handlers are in flight, stop reading stdin,
 * so the daemon's bounded queue (and its at-most-once drop of events) absorbs the overload
 * instead of the plugin's memory.
 *
 * Reading must go on while a handler waits for a host reply, or that handler could never
 * finish; events that arrive then beyond twice the limit are dropped and counted on stderr.
 *
 * Reading resumes in the async context the throttle was created in, never in the caller's: the
 * caller is often a handler (its host call starts, stdout drains after its write), and the
 * frames buffered while paused are dispatched synchronously from the resume, so they would
 * otherwise run inside that handler's context and, say, see its event's session.
 */
import { AsyncResource } from "node:async_hooks";
import type { Readable } from "node:stream";
import type { LogSink } from "../log";

/** Default number of handlers in flight before stdin is paused. */
export const DEFAULT_MAX_IN_FLIGHT = 1024;

/** Pauses and resumes the input as the number of running handlers crosses the limit. */
export class InputThrottle {
  private paused = false;
  private stopped = false;
  private dropped = 0;
  private readonly resumeInput: () => void;

  constructor(
    private readonly input: Readable,
    private readonly limit: number,
    private readonly log: LogSink,
  ) {
    this.resumeInput = AsyncResource.bind(() => void input.resume());
  }

  /**
   * Re-evaluates after the number of running handlers, the pending host calls or the state of
   * stdout changed. While stdout refuses data (`outputBacklogged`), reading more input would only
   * queue more output, so input waits for the drain too.
   */
  update(running: number, pendingCalls: number, outputBacklogged: boolean): void {
    if (this.stopped) return;
    if (!this.paused) {
      if ((running >= this.limit || outputBacklogged) && pendingCalls === 0) {
        this.paused = true;
        this.input.pause();
      }
    } else if ((running <= this.limit >> 1 && !outputBacklogged) || pendingCalls > 0) {
      this.paused = false;
      this.resumeInput();
    }
    if (this.dropped > 0 && running <= this.limit >> 1) {
      this.log(`dropped ${this.dropped} broker.event(s) while ${this.limit}+ handlers were in flight`);
      this.dropped = 0;
    }
  }

  /**
   * Whether an arriving event may start a handler now; a refusal is counted for the log. Only
   * events read because a host reply is awaited are refused: once stdin is paused, the rest of
   * the chunk already read still runs, which a chunk's size bounds.
   */
  admit(running: number, pendingCalls: number): boolean {
    if (running < this.limit * 2 || pendingCalls === 0) return true;
    if (this.dropped++ === 0) this.log(`overloaded: ${running} handlers in flight, dropping broker.events until they drain`);
    return false;
  }

  /** Stops for good (teardown). */
  stop(): void {
    this.stopped = true;
    this.paused = true;
    this.input.pause();
  }
}
