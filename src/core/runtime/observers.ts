/**
 * Observer callbacks the runtime calls at the points metrics are taken. Every field starts
 * unset and the hot paths test it before doing any work (reading a clock included), so a plugin
 * without metrics pays one property read per event, call or publish.
 */

/** Why an event reached no handler. */
export type EventDropReason = "invalid_event" | "shutting_down" | "overloaded" | "no_route" | "invalid_payload";

/** How a call ended, as metrics label it. */
export type CallOutcome = string;

/** The runtime's observation points; the metrics surface fills them in when metrics are on. */
export interface RuntimeObservers {
  /** An `@OnEvent` pattern matched an event and its method was started. */
  eventReceived?(pattern: string): void;
  /** An event reached no handler; `pattern` is the `@OnEvent` pattern involved, or `""`. */
  eventDropped?(pattern: string, reason: EventDropReason): void;
  /** A handler method (`Class.method`) finished; `failed` when it threw or rejected. */
  handlerFinished?(handler: string, seconds: number, failed: boolean): void;
  /** A `tool.invoke` was answered: `ok`, or the failure (`not_found`, `invalid_argument`, ...). */
  toolCallFinished?(tool: string, outcome: CallOutcome, seconds: number): void;
  /** A call to the host settled: `ok`, `error` (a JSON-RPC error reply), `timeout` or `transport`. */
  hostCallFinished?(method: string, outcome: CallOutcome): void;
  /** An event was handed to the writer by `broker.publish`. */
  published?(): void;
  /** Stdout refused more data, so frames wait for it to drain. */
  stdoutBackpressure?(): void;
  /** A broker request was answered (`ok`, `failed`, `abandoned`) or dropped (`dropped`). */
  requestFinished?(service: string, outcome: CallOutcome, seconds: number): void;
}

/** Seconds since `startedAt` (a `performance.now()` reading). */
export function secondsSince(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}
