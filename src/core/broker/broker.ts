/**
 * `BrokerSender`: everything a handler can send to the host — events on the broker, and the
 * `memory.recall` and `llm.complete` calls.
 */
import { Event, type EventEnvelope, type PublishOptions } from "./event";
import type { HostCalls } from "../host-calls/host-calls";
import { decodeCompletion, decodeMemoryEntries, encodeCompletionParams } from "../host-calls/host-payloads";
import type { LlmCompleteOptions, LlmCompleteResult, MemoryEntry } from "../host-calls/host-payloads";
import type { JsonValue } from "../wire/wire";
import { ChunkQueue, type ChunkStream } from "../host-calls/llm-stream";
import { showValue } from "../log";
import { isValidTopic } from "./topics";
import type { BrokerTransport } from "./transport/transport";

/** Per-call options of a host call. */
export interface HostCallOptions {
  /** How long to wait for the host's reply, in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/** Limits of a `memory.recall` given with the positional form. */
export interface MemoryRecallLimits extends HostCallOptions {
  /** Most entries to return (default 10; the host caps it at 1000). */
  limit?: number;
}

/** The request of {@link BrokerSender.memoryRecall}, as one object. */
export interface MemoryRecallOptions extends MemoryRecallLimits {
  /** The agent whose memory is searched. */
  agentId: string;
  /** What to look for. */
  query: string;
}

/** A streamed completion: the text chunks in order, then the final result with `content: null`. */
export type LlmStream = ChunkStream<LlmCompleteResult>;

/** What every {@link BrokerSender} of one plugin shares. */
export interface BrokerLink {
  /** Carries the broker traffic: the stdio bridge or NATS. */
  readonly transport: BrokerTransport;
  /** The plugin's pending calls to the host. */
  readonly calls: HostCalls;
  /** Default `source` of published events: the plugin id. */
  readonly source: string;
  /** Envelope of published events. */
  readonly envelope: EventEnvelope;
  /** Default host-call timeout in milliseconds. */
  readonly callTimeoutMs: number;
  /** Sees every published topic first (the allowlist check). */
  readonly onPublish?: (topic: string) => void;
}

const DEFAULT_RECALL_LIMIT = 10;

/**
 * Sends events and host calls on behalf of a plugin. A handler receives one scoped to the event
 * it handles, so published events carry that event's `session_id`.
 */
export class BrokerSender {
  /** The session published events belong to unless a publish says otherwise. */
  readonly sessionId: string | null;
  private readonly link: BrokerLink;

  /** Created by the SDK; plugins receive instances rather than build them. */
  constructor(link: BrokerLink, sessionId: string | null = null) {
    this.link = link;
    this.sessionId = sessionId;
  }

  /** The same sender, with published events attributed to `sessionId`. */
  withSession(sessionId: string | null): BrokerSender {
    return sessionId === this.sessionId ? this : new BrokerSender(this.link, sessionId);
  }

  /**
   * Publishes an event on the broker. Resolves when the frame has been handed to stdout; while
   * the host is not reading, it waits, so awaiting it paces a fast producer.
   *
   * Give either a payload (and options), or an {@link Event} built with `Event.new`, whose
   * source, correlation id and metadata are used; its session, when it has none, is the one of
   * the event being handled.
   *
   * @throws TypeError (as a rejected promise) when the topic is invalid, the payload or an option
   * is not JSON-serializable, or (full envelope) `sessionId` is neither a UUID string nor null.
   */
  publish(topic: string, event: Event<unknown>): Promise<void>;
  publish(topic: string, payload: unknown, options?: PublishOptions): Promise<void>;
  publish(topic: string, payloadOrEvent: unknown, publishOptions?: PublishOptions): Promise<void> {
    let payload = payloadOrEvent;
    let options = publishOptions;
    if (payloadOrEvent instanceof Event && publishOptions === undefined) {
      payload = payloadOrEvent.payload;
      options = eventPublishOptions(payloadOrEvent);
    }
    if (typeof topic !== "string" || !isValidTopic(topic)) {
      return Promise.reject(new TypeError(`cannot publish on ${showValue(topic)}: a topic is non-empty dot-separated segments`));
    }
    const link = this.link;
    const explicitSession = options?.sessionId;
    // Only the full envelope carries session_id, so only there can it make the daemon drop the event.
    if (link.envelope === "full" && explicitSession !== undefined && explicitSession !== null && !isUuid(explicitSession)) {
      return Promise.reject(
        new TypeError(`publish option sessionId must be a UUID string or null, got ${showValue(explicitSession)}: the daemon drops such an event`),
      );
    }
    link.onPublish?.(topic);
    const source = options?.source ?? link.source;
    const sessionId = explicitSession !== undefined ? explicitSession : this.sessionId;
    return link.transport.publish(topic, source, sessionId, payload, options);
  }

  /**
   * Sends a request on the broker and resolves with the reply's payload: a native NATS request
   * whose body is a bare Message (SERVICES.md section 3). Only NATS mode has a request path.
   *
   * @throws TypeError (as a rejection) when the topic is invalid or the payload not JSON-serializable.
   * @throws BrokerRequestUnsupportedError, BrokerRequestTimeoutError, BrokerNoResponderError,
   * BrokerReplyError or BrokerUnavailableError (as a rejection): see {@link BrokerTransport.request}.
   */
  request(topic: string, payload: unknown, options: HostCallOptions = {}): Promise<JsonValue> {
    if (typeof topic !== "string" || !isValidTopic(topic)) {
      return Promise.reject(new TypeError(`cannot send a request on ${showValue(topic)}: a topic is non-empty dot-separated segments`));
    }
    try {
      return this.link.transport.request(topic, payload, this.timeout(options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Asks the host's memory for entries relevant to `query`, on behalf of `agentId`: as one
   * object `{ agentId, query, limit?, timeoutMs? }`, or positionally.
   */
  memoryRecall(request: MemoryRecallOptions): Promise<MemoryEntry[]>;
  memoryRecall(agentId: string, query: string, options?: MemoryRecallLimits): Promise<MemoryEntry[]>;
  async memoryRecall(first: MemoryRecallOptions | string, query?: string, limits?: MemoryRecallLimits): Promise<MemoryEntry[]> {
    const request = typeof first === "object" && first !== null ? first : { ...limits, agentId: first, query: query as string };
    const params = { agent_id: request.agentId, query: request.query, limit: request.limit ?? DEFAULT_RECALL_LIMIT };
    const result = await this.link.calls.call("memory.recall", params, this.timeout(request));
    return decodeMemoryEntries(result);
  }

  /** Asks the host's LLM for a completion and waits for the whole reply. */
  async llmComplete(request: LlmCompleteOptions): Promise<LlmCompleteResult> {
    const result = await this.link.calls.call("llm.complete", encodeCompletionParams(request, false), this.timeout(request));
    return decodeCompletion(result, false);
  }

  /**
   * Asks the host's LLM for a streamed completion. Chunks are yielded as they arrive; each one
   * restarts the timeout, so it bounds silence rather than the whole stream.
   */
  llmCompleteStream(request: LlmCompleteOptions): LlmStream {
    let queue!: ChunkQueue<LlmCompleteResult>;
    const onDelta = (chunk: unknown): void => {
      // Chunks are text by contract; anything else is passed on as its JSON rendering.
      queue.push(typeof chunk === "string" ? chunk : chunk == null ? "" : showValue(chunk, Number.MAX_SAFE_INTEGER));
    };
    const result = this.link.calls
      .call("llm.complete", encodeCompletionParams(request, true), this.timeout(request), onDelta)
      .then((raw) => decodeCompletion(raw, true));
    queue = new ChunkQueue(result);
    return queue;
  }

  private timeout(options: HostCallOptions): number {
    const timeoutMs = options.timeoutMs ?? this.link.callTimeoutMs;
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new RangeError(`timeoutMs must be a positive finite number, got ${String(timeoutMs)}`);
    }
    return timeoutMs;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The daemon reads `session_id` as a UUID: any other string fails its parse of the event. */
function isUuid(value: unknown): boolean {
  return typeof value === "string" && UUID.test(value);
}

/** How an {@link Event} given to `publish` shapes its envelope. */
function eventPublishOptions(event: Event<unknown>): PublishOptions {
  const options: PublishOptions = { source: event.source };
  if (event.sessionId !== null) options.sessionId = event.sessionId;
  if (event.correlationId !== undefined) options.correlationId = event.correlationId;
  if (event.metadata !== undefined) options.metadata = event.metadata;
  return options;
}
