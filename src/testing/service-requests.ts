/**
 * Builds the daemon's broker requests and reads their replies, for test hosts and the
 * development host: the `broker.event` that carries a request message, the HTTP request
 * payload, the admin topic of a method, and an HTTP reply decoded back into bytes.
 */
import { randomUUID } from "node:crypto";
import type { JsonObject, JsonValue, Manifest } from "../index";
import { adminTopic, httpRequestTopic, metricsScrapeTopic } from "../index";

/** A request as the daemon builds it: the `broker.event` params and the topic its reply comes on. */
export interface BuiltRequest {
  readonly params: JsonObject;
  readonly replyTo: string;
}

/**
 * The params of the `broker.event` that carries a request: an event whose payload is the
 * message `{id, topic, reply_to: "_inbox.<uuid>", payload}`.
 */
export function brokerRequestEvent(topic: string, payload: JsonValue, sessionId: string | null = null): BuiltRequest {
  const replyTo = `_inbox.${randomUUID()}`;
  const event: JsonObject = {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    topic,
    source: "nexo.daemon",
    session_id: sessionId,
    payload: { id: randomUUID(), topic, reply_to: replyTo, payload },
  };
  return { params: { topic, event }, replyTo };
}

/** The payload of a reply publish (`params.event.payload.payload`), or `undefined` when it is not a message. */
export function replyPayload(publishParams: JsonObject): JsonValue | undefined {
  const event = publishParams["event"];
  const message = isObject(event) ? event["payload"] : undefined;
  return isObject(message) && "payload" in message ? message["payload"] : undefined;
}

/** An HTTP request to send to a plugin, as a client would make it. */
export interface TestHttpRequest {
  /** Default `GET`. */
  method?: string;
  /** The whole path, mount prefix included, optionally with `?query`. */
  path: string;
  headers?: Record<string, string> | Array<[string, string]>;
  /** A string (UTF-8), bytes, or any other JSON value (serialized, with `content-type: application/json`). */
  body?: string | Uint8Array | JsonValue;
}

/** The daemon's HTTP request payload. */
export interface HttpRequestPayload {
  method: string;
  /** The whole path, mount prefix included, without the query. */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  headers: Array<[string, string]>;
  body_base64: string;
}

/** The daemon's request payload `{method, path, query, headers: [[k, v]], body_base64}` and its topic. */
export function httpRequestPayload(manifest: Manifest, request: TestHttpRequest): { topic: string; payload: HttpRequestPayload } {
  const [path, query = ""] = request.path.split(/\?(.*)/s);
  const headers: Array<[string, string]> = Array.isArray(request.headers) ? [...request.headers] : Object.entries(request.headers ?? {});
  let body = Buffer.alloc(0);
  if (typeof request.body === "string") body = Buffer.from(request.body, "utf8");
  else if (request.body instanceof Uint8Array) body = Buffer.from(request.body);
  else if (request.body !== undefined) {
    body = Buffer.from(JSON.stringify(request.body), "utf8");
    if (!headers.some(([name]) => name.toLowerCase() === "content-type")) headers.push(["content-type", "application/json"]);
  }
  const payload: HttpRequestPayload = { method: request.method ?? "GET", path: path!, query, headers, body_base64: body.toString("base64") };
  return { topic: httpRequestTopic(manifest.plugin.id), payload };
}

/** An HTTP reply, decoded. */
export interface TestHttpReply {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  /** The first value of header `name` (any case). */
  header(name: string): string | undefined;
  text(): string;
  json(): unknown;
}

/**
 * Decodes the reply payload `{status, headers: [[k, v]], body_base64}`.
 *
 * @throws Error naming the key when the payload does not have the shape the daemon requires.
 */
export function decodeHttpReply(payload: JsonValue | undefined): TestHttpReply {
  if (!isObject(payload)) throw new Error(`an HTTP reply must be an object, got ${JSON.stringify(payload)}`);
  const { status, headers, body_base64: encoded } = payload;
  if (typeof status !== "number" || !Number.isInteger(status)) throw new Error(`an HTTP reply needs an integer status, got ${JSON.stringify(status)}`);
  if (!Array.isArray(headers) || !headers.every((h) => Array.isArray(h) && h.length === 2 && h.every((x) => typeof x === "string"))) {
    throw new Error(`an HTTP reply's headers must be a list of [name, value] pairs, got ${JSON.stringify(headers)}`);
  }
  const pairs = headers as Array<[string, string]>;
  const body = Buffer.from(typeof encoded === "string" ? encoded : "", "base64");
  return {
    status,
    headers: pairs,
    body,
    header: (name) => pairs.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
    text: () => body.toString("utf8"),
    json: () => JSON.parse(body.toString("utf8")) as unknown,
  };
}

/**
 * The topic and payload `{method, params}` of the admin call `<method_prefix><name>`.
 *
 * @throws Error when the manifest has no `[plugin.admin]`.
 */
export function adminRequestPayload(manifest: Manifest, name: string, params: JsonValue = null): { topic: string; payload: JsonObject } {
  const admin = manifest.plugin.admin;
  if (!admin) throw new Error("the manifest has no [plugin.admin]: the daemon makes no admin calls to this plugin");
  return { topic: adminTopic(admin.broker_topic_prefix, name), payload: { method: admin.method_prefix + name, params } };
}

/**
 * The scrape topic.
 *
 * @throws Error when the manifest does not switch metrics on.
 */
export function scrapeTopic(manifest: Manifest): string {
  const topic = metricsScrapeTopic(manifest);
  if (!topic) throw new Error("the manifest does not set [plugin.metrics] prometheus = true with a broker_topic_prefix: the daemon never scrapes");
  return topic;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
