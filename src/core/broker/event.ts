/**
 * Broker events: parsing the envelope of an inbound `broker.event` and building the envelope
 * of an outbound `broker.publish`, in the daemon's full shape or the older minimal one.
 */
import { WireError } from "../errors";
import { isJsonObject, type JsonObject, type JsonValue } from "../wire/wire";
import { randomUuid } from "./uuid";

/**
 * Which envelope published events use: `full` (the daemon's six keys, the default) or
 * `minimal` (`topic`, `source`, `payload`, plus `correlation_id` / `metadata` when set).
 */
export type EventEnvelope = "full" | "minimal";

/**
 * A broker event: one received by the plugin, or one it builds with {@link Event.new} to
 * publish with `broker.publish(topic, event)`. The fields are camelCase; the wire's snake_case
 * names (`session_id`, `correlation_id`) read the same values, as in the other nexo SDKs.
 */
export class Event<P = JsonValue> {
  /** The topic the event was routed on (`params.topic`). */
  readonly topic: string;
  /** Who published the event. */
  readonly source: string;
  /** The event's data. */
  readonly payload: P;
  /** The event's UUID; absent when the host sent the minimal envelope. */
  readonly id: string | undefined;
  /** RFC 3339 timestamp; absent when the host sent the minimal envelope. */
  readonly timestamp: string | undefined;
  /** The agent session the event belongs to, or `null`. */
  readonly sessionId: string | null;
  /** Correlation id, when the publisher set one. */
  readonly correlationId: string | undefined;
  /** Free-form metadata, when the publisher set some. */
  readonly metadata: JsonObject | undefined;

  /** Builds an event; normally done by the SDK from a `broker.event` frame. */
  constructor(fields: EventFields<P>) {
    this.topic = fields.topic;
    this.source = fields.source;
    this.payload = fields.payload;
    this.id = fields.id;
    this.timestamp = fields.timestamp;
    this.sessionId = fields.sessionId ?? null;
    this.correlationId = fields.correlationId;
    this.metadata = fields.metadata;
  }

  /**
   * Builds an event to publish. The envelope's `id`, `timestamp` and `session_id` are filled
   * in when it is published (the session of the event being handled, if any).
   */
  static new<P>(topic: string, source: string, payload: P): Event<P> {
    return new Event<P>({ topic, source, payload });
  }

  /**
   * Reads a wire event object (all six keys, or only `topic`, `source`, `payload`).
   *
   * @throws WireError naming the key when it is not an object or lacks a string `topic` or `source`.
   */
  static fromJSON(value: unknown): Event {
    const event = parseEventObject(value, "event");
    if (typeof event === "string") throw new WireError(`cannot read an event: ${event}`);
    return event;
  }

  /** The same as {@link Event.fromJSON}, under the other SDKs' spelling. */
  static fromJson(value: unknown): Event {
    return Event.fromJSON(value);
  }

  /** The same as `event.toJSON()`, under the other SDKs' spelling. */
  static toJson(event: Event<unknown>): JsonObject {
    return event.toJSON();
  }

  /** The wire object: the keys this event has, snake_case, as `JSON.stringify` writes it. */
  toJSON(): JsonObject {
    const out: JsonObject = {};
    if (this.id !== undefined) out["id"] = this.id;
    if (this.timestamp !== undefined) out["timestamp"] = this.timestamp;
    out["topic"] = this.topic;
    out["source"] = this.source;
    if (this.id !== undefined || this.sessionId !== null) out["session_id"] = this.sessionId;
    out["payload"] = (this.payload ?? null) as JsonValue;
    if (this.correlationId !== undefined) out["correlation_id"] = this.correlationId;
    if (this.metadata !== undefined) out["metadata"] = this.metadata;
    return out;
  }

  /** {@link sessionId} under its wire name. */
  get session_id(): string | null {
    return this.sessionId;
  }

  /** {@link correlationId} under its wire name. */
  get correlation_id(): string | undefined {
    return this.correlationId;
  }

  /** The same event carrying another payload (a validated DTO instance, say). */
  withPayload<Q>(payload: Q): Event<Q> {
    return new Event<Q>({
      topic: this.topic,
      source: this.source,
      payload,
      id: this.id,
      timestamp: this.timestamp,
      sessionId: this.sessionId,
      correlationId: this.correlationId,
      metadata: this.metadata,
    });
  }
}

/** The fields of an {@link Event}. */
export interface EventFields<P = JsonValue> {
  topic: string;
  source: string;
  payload: P;
  id?: string;
  timestamp?: string;
  sessionId?: string | null;
  correlationId?: string;
  metadata?: JsonObject;
}

/**
 * Reads the params of a `broker.event` notification. Returns the event, or a message saying
 * which part of the params is invalid.
 */
export function parseBrokerEventParams(params: unknown): Event | string {
  if (!isJsonObject(params)) return "params is not an object";
  const topic = params["topic"];
  if (typeof topic !== "string" || topic.length === 0) return "params.topic is not a non-empty string";
  return parseEventObject(params["event"], "params.event", topic);
}

/**
 * Reads a wire event object, routed on `topic` (default: its own); returns the event or what
 * is invalid, naming the key from `where`.
 */
function parseEventObject(raw: unknown, where: string, topic?: string): Event | string {
  if (!isJsonObject(raw)) return `${where} is not an object`;
  const eventTopic = raw["topic"];
  const source = raw["source"];
  if (typeof eventTopic !== "string" || eventTopic.length === 0) return `${where}.topic is not a non-empty string`;
  if (typeof source !== "string" || source.length === 0) return `${where}.source is not a non-empty string`;
  const sessionId = raw["session_id"];
  const metadata = raw["metadata"];
  return new Event({
    topic: topic ?? eventTopic,
    source,
    payload: (raw["payload"] ?? null) as JsonValue,
    id: stringOrUndefined(raw["id"]),
    timestamp: stringOrUndefined(raw["timestamp"]),
    sessionId: typeof sessionId === "string" ? sessionId : null,
    correlationId: stringOrUndefined(raw["correlation_id"]),
    metadata: isJsonObject(metadata) ? (metadata as JsonObject) : undefined,
  });
}

/** Optional parts of a published event. */
export interface PublishOptions {
  /** Overrides the source (default: the plugin id). */
  source?: string;
  /** Overrides the session id: a UUID string or `null` (default: the session of the event being handled, else `null`). */
  sessionId?: string | null;
  /** Correlation id carried in the envelope. */
  correlationId?: string;
  /** Metadata carried in the envelope. */
  metadata?: JsonObject;
}

/**
 * Serializes a whole `broker.publish` frame line. It is written as text rather than built as
 * an object and stringified, because this runs once per published event: the output is exactly
 * what `JSON.stringify` gives for the same frame, key order included.
 *
 * @throws TypeError when the payload (or metadata) has no JSON representation.
 */
export function serializePublishLine(
  envelope: EventEnvelope,
  topic: string,
  source: string,
  sessionId: string | null,
  payload: unknown,
  options?: PublishOptions,
): string {
  const payloadJson = jsonOf(payload ?? null, "payload");
  const topicJson = topicJsonMemo.of(topic);
  let event =
    envelope === "full"
      ? `{"id":"${randomUuid()}","timestamp":"${isoNow()}","topic":${topicJson},"source":${sourceJsonMemo.of(source)},` +
        `"session_id":${sessionId === null ? "null" : sessionJsonMemo.of(sessionId)},"payload":${payloadJson}`
      : `{"topic":${topicJson},"source":${sourceJsonMemo.of(source)},"payload":${payloadJson}`;
  if (options?.correlationId !== undefined) event += `,"correlation_id":${jsonOf(options.correlationId, "correlationId")}`;
  if (options?.metadata !== undefined) event += `,"metadata":${jsonOf(options.metadata, "metadata")}`;
  return `{"jsonrpc":"2.0","method":"broker.publish","params":{"topic":${topicJson},"event":${event}}}}\n`;
}

/**
 * The JSON of the last few strings seen in one role (topic, source, session id): a plugin
 * publishes on a handful of topics from one source, so most publishes serialize only their
 * payload. Bounded, since topics and sessions may embed ids.
 */
class JsonStringMemo {
  private readonly memo = new Map<string, string>();

  constructor(
    private readonly what: string,
    private readonly limit: number,
  ) {}

  /** @throws TypeError, as `jsonOf`, when a caller got past the types with a value JSON cannot render. */
  of(value: string): string {
    let json = this.memo.get(value);
    if (json === undefined) {
      json = jsonOf(value, this.what);
      if (this.memo.size >= this.limit) this.memo.clear();
      this.memo.set(value, json);
    }
    return json;
  }
}

const topicJsonMemo = new JsonStringMemo("topic", 256);
const sourceJsonMemo = new JsonStringMemo("source", 16);
const sessionJsonMemo = new JsonStringMemo("sessionId", 256);

/**
 * `JSON.stringify`, refusing what it would render as nothing (a function, a symbol, `undefined`
 * from `toJSON`): spliced into the frame text, that would put a non-JSON line on stdout.
 */
function jsonOf(value: unknown, what: string): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError(`the ${what} of a published event has no JSON representation (${typeof value})`);
  return json;
}

let lastMs = -1;
let lastIso = "";

/** `new Date().toISOString()`, formatted once per millisecond however many events share it. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
