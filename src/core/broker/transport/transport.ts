/**
 * The broker transport seam: every piece of broker traffic of a plugin (events in, publishes
 * out, the plugin's own requests, and answers to requests it serves) goes through one
 * {@link BrokerTransport}. Two implementations exist: the stdio bridge (`broker.event` and
 * `broker.publish` frames on the plugin's stdio, the default) and NATS (SERVICES.md section 5).
 * The JSON-RPC lifecycle, tools, configuration and credentials stay on stdio in both modes.
 */
import type { Event, PublishOptions } from "../event";
import type { LogSink } from "../../log";
import type { JsonValue } from "../../wire/wire";

/** Which transport carries broker traffic. */
export type BrokerKind = "stdio" | "nats";

/** A broker request or reply as the daemon exchanges them (SERVICES.md section 3). */
export type { BrokerMessage } from "../request-reply/broker-message";
import type { BrokerMessage } from "../request-reply/broker-message";

/**
 * Answers one request: receives the request Message and returns (or resolves with) the reply
 * payload, which the transport wraps in a reply Message. A responder that throws sends no
 * reply (the requester times out) and the failure is logged naming the topic.
 */
export type BrokerResponder = (request: BrokerMessage) => unknown;

/** What a transport needs from the runtime it serves. */
export interface TransportContext {
  /** The plugin's stderr log. */
  readonly log: LogSink;
  /** Hands an inbound event to the plugin's event handlers. */
  readonly deliver: (event: Event) => void;
  /** Runs a responder's work as an in-flight handler, so that shutdown waits for it. */
  readonly run: (label: string, body: () => unknown) => void;
}

/**
 * One transport of broker traffic.
 *
 * Order of use: {@link subscribe} and {@link respond} declare what the plugin serves,
 * {@link start} begins delivery (the adapter calls it from `run()`), {@link stopInbound} stops
 * it when teardown begins, and {@link close} is awaited after the shutdown hooks and before
 * the shutdown ack, so that every publish made until then reaches the broker.
 */
export interface BrokerTransport {
  /** Which transport this is. */
  readonly kind: BrokerKind;

  /**
   * Declares a topic pattern whose events the plugin handles. NATS subscribes it (the same
   * wildcards as the daemon's matcher); the stdio bridge has nothing to do, since the daemon
   * routes events by the manifest's subscribe patterns.
   *
   * @throws TopicPatternError when the pattern is invalid.
   */
  subscribe(pattern: string): void;

  /**
   * Serves requests on a topic pattern: each request is handed to `responder` and its result
   * sent back as the reply Message. On NATS this is a subscription answered with NATS's native
   * reply (the request body is a bare Message, or an Event whose payload is one); on the stdio
   * bridge, a `broker.event` on a matching topic whose payload is a Message with a `reply_to`
   * is answered by a publish on `reply_to` (SERVICES.md section 3), and is not delivered to
   * the event handlers.
   *
   * @throws TopicPatternError when the pattern is invalid.
   */
  respond(pattern: string, responder: BrokerResponder): void;

  /** Begins delivering events and requests. Returns at once; a connection is made in the background. */
  start(): void;

  /** A `broker.event` notification arrived on stdin, with these params. */
  stdioEvent(params: unknown): void;

  /**
   * Publishes one event, built from these parts. Resolves once the event has been handed over
   * (to stdout, to the NATS client, or to the SDK's bounded buffer while NATS is disconnected).
   *
   * @throws TypeError (as a rejection) when the payload or an option has no JSON representation.
   * @throws BrokerBufferFullError (as a rejection) when NATS is disconnected and the buffer is full.
   * @throws BrokerUnavailableError (as a rejection) when NATS could not be reached or is closed.
   */
  publish(topic: string, source: string, sessionId: string | null, payload: unknown, options: PublishOptions | undefined): Promise<void>;

  /**
   * Sends a request and resolves with the reply Message's payload.
   *
   * @throws BrokerRequestUnsupportedError (as a rejection) on the stdio bridge, which has no request path.
   * @throws BrokerRequestTimeoutError (as a rejection) when no reply came within `timeoutMs`.
   * @throws BrokerNoResponderError (as a rejection) when NATS knows nobody serves the topic.
   * @throws BrokerReplyError (as a rejection) when the reply is not a Message.
   */
  request(topic: string, payload: unknown, timeoutMs: number): Promise<JsonValue>;

  /** Teardown has begun: no more events or requests are taken. */
  stopInbound(): void;

  /** Hands every publish made so far to the broker (NATS `drain()`), then lets go of the connection. */
  close(): Promise<void>;
}
