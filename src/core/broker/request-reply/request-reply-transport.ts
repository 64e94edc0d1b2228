/**
 * The seam between the request/reply core and the broker connection. Everything that answers
 * a daemon request (HTTP routes, admin calls, metrics scrapes, pairing, `@OnRequest`) replies
 * through one {@link RequestReplyTransport}, and `broker.request()` asks through it too, so a
 * broker mode is one implementation of this interface:
 *
 * - the stdio bridge ({@link StdioBridgeTransport}, the default and today the only one):
 *   requests arrive as `broker.event`s whose payload is a {@link BrokerMessage} with
 *   `reply_to = "_inbox.<uuid>"`, and a reply is a `broker.publish` on that topic carrying the
 *   full event envelope; there is no request path for the plugin's own requests;
 * - NATS (SERVICES.md section 5): requests arrive on the subjects the plugin subscribes (the
 *   patterns `BrokerRequests.patterns()` lists), each with NATS's own reply subject as its
 *   {@link InboundRequest.replyTarget}, are handed to `BrokerRequests.deliver()`, and the reply
 *   is a bare message on that subject; `request()` is a native NATS request.
 */
import type { Event } from "../event";
import { PluginError } from "../../errors";
import type { JsonValue } from "../../wire/wire";
import type { BrokerMessage } from "./broker-message";

/** One request as the transport received it. */
export interface InboundRequest {
  /** The topic (subject) it arrived on, which picks the route that answers it. */
  readonly topic: string;
  /** The request envelope; its `payload` is what the handler gets. */
  readonly message: BrokerMessage;
  /**
   * Where the reply goes, in the transport's terms: the stdio bridge's `reply_to` topic, or the
   * NATS reply subject.
   */
  readonly replyTarget: string;
  /** The session of the event that carried the request, or `null`. */
  readonly sessionId: string | null;
  /** The event that carried the request, when the transport has one (the stdio bridge). */
  readonly event: Event | undefined;
}

/** Per-request options of `broker.request()`. */
export interface BrokerRequestOptions {
  /** How long to wait for the reply, in milliseconds (default: the plugin's call timeout, 30 s). */
  timeoutMs?: number;
}

/** How replies, and the plugin's own requests, travel in one broker mode. */
export interface RequestReplyTransport {
  /** The broker mode, for messages: `"stdio bridge"`, `"NATS"`. */
  readonly name: string;
  /**
   * Whether a reply is a publish the daemon checks against the manifest's publish allowlist
   * (the stdio bridge: yes, so `_inbox.>` must be allowed; NATS: no).
   */
  readonly repliesNeedPublishAllowlist: boolean;
  /**
   * Sends `payload` as the reply to `request`. Resolves once the reply is handed to the broker
   * connection; rejects with a `TypeError` when the payload has no JSON representation.
   */
  sendReply(request: InboundRequest, payload: unknown): Promise<void>;
  /**
   * Sends a request on `topic` and resolves with the reply's payload.
   *
   * @throws BrokerRequestUnsupportedError (as a rejection) where the mode has no request path.
   */
  request(topic: string, payload: unknown, timeoutMs: number): Promise<JsonValue>;
}

/** `broker.request()` was called in a broker mode that has no request path (the stdio bridge). */
export class BrokerRequestUnsupportedError extends PluginError {
  /** The topic the request was for. */
  readonly topic: string;

  constructor(topic: string, reason: string) {
    super(`broker.request("${topic}") cannot be sent: ${reason}`);
    this.topic = topic;
  }
}

/**
 * A request the plugin accepted but will not answer with its handler's result: it is shutting
 * down, or the shutdown drain ran out before the handler finished. Services turn it into their
 * failure reply (HTTP 503, admin `{ok: false}`), so the daemon still gets exactly one reply.
 */
export class RequestAbandonedError extends PluginError {}
