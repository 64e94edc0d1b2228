/**
 * `BrokerSender`: everything a handler can send to the host — events on the broker, and the
 * `memory.recall` and `llm.complete` calls.
 */
import { serializePublishLine, type EventEnvelope, type PublishOptions } from "./event";
import type { HostCalls, SendLine } from "../host-calls/host-calls";
import { decodeCompletion, decodeMemoryEntries, encodeCompletionParams } from "../host-calls/host-payloads";
import type { LlmCompleteRequest, LlmCompletion, MemoryEntry } from "../host-calls/host-payloads";
import { ChunkQueue, type ChunkStream } from "../host-calls/llm-stream";
import { showValue } from "../log";
import { isValidTopic } from "./topics";

/** Per-call options of a host call. */
export interface HostCallOptions {
  /** How long to wait for the host's reply, in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/** Options of {@link BrokerSender.memoryRecall}. */
export interface MemoryRecallOptions extends HostCallOptions {
  /** Most entries to return (default 10; the host caps it at 1000). */
  limit?: number;
}

/** A streamed completion: the text chunks in order, then the final result with `content: null`. */
export type LlmStream = ChunkStream<LlmCompletion>;

/** What every {@link BrokerSender} of one plugin shares. */
export interface BrokerLink {
  /** Writes one frame line to stdout. */
  readonly send: SendLine;
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
   * @throws TypeError (as a rejected promise) when the topic is invalid, the payload or an option
   * is not JSON-serializable, or (full envelope) `sessionId` is neither a UUID string nor null.
   */
  publish(topic: string, payload: unknown, options?: PublishOptions): Promise<void> {
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
    let line: string;
    try {
      // A payload JSON renders as nothing is refused: the daemon requires the `payload` key.
      line = serializePublishLine(link.envelope, topic, source, sessionId, payload, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return link.send(line);
  }

  /** Asks the host's memory for entries relevant to `query`, on behalf of `agentId`. */
  async memoryRecall(agentId: string, query: string, options?: MemoryRecallOptions): Promise<MemoryEntry[]> {
    const params = { agent_id: agentId, query, limit: options?.limit ?? DEFAULT_RECALL_LIMIT };
    const result = await this.link.calls.call("memory.recall", params, this.timeout(options));
    return decodeMemoryEntries(result);
  }

  /** Asks the host's LLM for a completion and waits for the whole reply. */
  async llmComplete(request: LlmCompleteRequest, options?: HostCallOptions): Promise<LlmCompletion> {
    const result = await this.link.calls.call("llm.complete", encodeCompletionParams(request, false), this.timeout(options));
    return decodeCompletion(result, false);
  }

  /**
   * Asks the host's LLM for a streamed completion. Chunks are yielded as they arrive; each one
   * restarts the timeout, so it bounds silence rather than the whole stream.
   */
  llmCompleteStream(request: LlmCompleteRequest, options?: HostCallOptions): LlmStream {
    let queue!: ChunkQueue<LlmCompletion>;
    const onDelta = (chunk: unknown): void => {
      // Chunks are text by contract; anything else is passed on as its JSON rendering.
      queue.push(typeof chunk === "string" ? chunk : chunk == null ? "" : showValue(chunk, Number.MAX_SAFE_INTEGER));
    };
    const result = this.link.calls
      .call("llm.complete", encodeCompletionParams(request, true), this.timeout(options), onDelta)
      .then((raw) => decodeCompletion(raw, true));
    queue = new ChunkQueue(result);
    return queue;
  }

  private timeout(options: HostCallOptions | undefined): number {
    const timeoutMs = options?.timeoutMs ?? this.link.callTimeoutMs;
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
