/**
 * What answers broker requests: a route per topic pattern, the handler it calls and the reply
 * it owes when the handler cannot answer.
 */
import type { BrokerSender } from "../broker";
import type { Event } from "../event";
import type { JsonValue } from "../../wire/wire";
import type { BrokerMessage } from "./broker-message";

/** What a request handler gets besides the request's payload. */
export interface RequestContext {
  /** The topic the request arrived on. */
  readonly topic: string;
  /** The route's pattern that matched it. */
  readonly pattern: string;
  /** The segments the pattern's wildcards matched: one per `*`, then the `>` remainder joined by `.`. */
  readonly captures: readonly string[];
  /** The request envelope (`id`, `topic`, `reply_to`, `payload`). */
  readonly message: BrokerMessage;
  /** The event that carried the request (stdio bridge), when there is one. */
  readonly event: Event | undefined;
  /** The broker, scoped to the request's session. */
  readonly broker: BrokerSender;
  /** The plugin id from the manifest. */
  readonly pluginId: string;
}

/** Answers one request: returns (or resolves with) the reply's payload. */
export type RequestHandler = (payload: JsonValue, context: RequestContext) => unknown;

/** A topic a route serves and what serves it, for the manifest coverage warnings. */
export interface ServedTopic {
  /** A topic or a pattern. */
  readonly topic: string;
  /** What serves it, such as `Notes.status` or `@OnRequest on Notes.echo`. */
  readonly label: string;
}

/** One route of {@link BrokerRequests}. */
export interface RequestRoute {
  /** The topic pattern it serves (`*` one segment, `>` the rest). */
  readonly pattern: string;
  /** Names the route in log lines and metrics. */
  readonly label: string;
  /** Answers a request; the value is the reply's payload (`undefined` becomes `null`). */
  readonly handle: RequestHandler;
  /**
   * The reply owed when `handle` throws or rejects, or when the request is abandoned (a
   * {@link RequestAbandonedError}). Without it, or when it returns `undefined`, the failure is
   * logged and no reply is sent: the requester times out.
   */
  readonly failure?: (error: unknown, context: RequestContext) => unknown;
  /** The topics behind the pattern, for the coverage warnings; default the pattern itself, under `label`. */
  readonly serves?: readonly ServedTopic[];
}

/** Options of `PluginAdapter.onRequest`. */
export interface OnRequestOptions {
  /** Names the handler in log lines and metrics; default `onRequest(<pattern>)`. */
  label?: string;
  /** The reply owed when the handler throws; without it the failure is logged and nothing is sent. */
  failure?: (error: unknown, context: RequestContext) => unknown;
}

