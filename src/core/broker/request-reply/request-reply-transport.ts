/**
 * The seam between the request/reply core and the broker connection. Everything that answers
 * a daemon request (HTTP routes, admin calls, metrics scrapes, pairing, `@OnRequest`) replies
 * through one {@link RequestReplyTransport}, and `broker.request()` asks through it too, so a
 * broker mode is one implementation of this interface (the plugin's own `broker.request()` goes
 * through the broker transport, src/core/broker/transport):
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
   * The request gets no reply (its handler failed without a failure reply, or flow control
   * dropped it), so a transport holding the request open can let it go; the requester times out.
   */
  noReply?(request: InboundRequest): void;
}

/**
 * A request the plugin accepted but will not answer with its handler's result: it is shutting
 * down, or the shutdown drain ran out before the handler finished. Services turn it into their
 * failure reply (HTTP 503, admin `{ok: false}`), so the daemon still gets exactly one reply.
 */
export class RequestAbandonedError extends PluginError {}
