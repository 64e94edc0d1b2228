/**
 * Broker events: parsing the envelope of an inbound `broker.event` and building the envelope
 * of an outbound `broker.publish`, in the daemon's full shape or the older minimal one.
 */
import { isJsonObject, type JsonObject, type JsonValue } from "../wire/wire";
import { randomUuid } from "./uuid";

/**
 * Which envelope published events use: `full` (the daemon's six keys, the default) or
 * `minimal` (`topic`, `source`, `payload`, plus `correlation_id` / `metadata` when set).
 */
export type EventEnvelope = "full" | "minimal";

/** A broker event received by the plugin. */
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
  const raw = params["event"];
  if (!isJsonObject(raw)) return "params.event is not an object";
  const eventTopic = raw["topic"];
  const source = raw["source"];
  if (typeof eventTopic !== "string" || eventTopic.length === 0) return "params.event.topic is not a non-empty string";
  if (typeof source !== "string" || source.length === 0) return "params.event.source is not a non-empty string";
  const sessionId = raw["session_id"];
  const metadata = raw["metadata"];
  return new Event({
    topic,
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
