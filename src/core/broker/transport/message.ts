/**
 * The bodies of broker traffic outside the JSON-RPC frames: the compact Event JSON that NATS
 * carries, and the request/reply Message of SERVICES.md section 3, read bare or wrapped in an
 * Event as some peers send it.
 */
import type { PublishOptions } from "../event";
import { isJsonObject, type JsonValue } from "../../wire/wire";
import type { BrokerMessage } from "./transport";

let uuid: (() => string) | undefined;

/** A UUID v4; node:crypto is loaded on first use, never at start-up in stdio mode. */
export function newUuid(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  uuid ??= (require("node:crypto") as typeof import("node:crypto")).randomUUID;
  return uuid();
}

/**
 * The full Event JSON, compact, with the daemon's six keys in its order (plus
 * `correlation_id` and `metadata` when the publisher set them): what a NATS body always is,
 * whatever envelope the plugin uses on stdio.
 *
 * @throws TypeError when the payload (or metadata) has no JSON representation.
 */
export function eventBody(topic: string, source: string, sessionId: string | null, payload: unknown, options?: PublishOptions): string {
  let body =
    `{"id":"${newUuid()}","timestamp":"${new Date().toISOString()}","topic":${JSON.stringify(topic)},` +
    `"source":${jsonOf(source, "source")},"session_id":${sessionId === null ? "null" : JSON.stringify(sessionId)},` +
    `"payload":${jsonOf(payload ?? null, "payload")}`;
  if (options?.correlationId !== undefined) body += `,"correlation_id":${jsonOf(options.correlationId, "correlationId")}`;
  if (options?.metadata !== undefined) body += `,"metadata":${jsonOf(options.metadata, "metadata")}`;
  return body + "}";
}

/**
 * A Message body with all four keys: a request (`replyTo` as the stdio bridge sets it, `null`
 * on NATS) or a reply (always `null`).
 *
 * @throws TypeError when the payload has no JSON representation.
 */
export function messageBody(topic: string, payload: unknown, replyTo: string | null = null): string {
  const payloadJson = jsonOf(payload ?? null, "payload");
  return `{"id":"${newUuid()}","topic":${JSON.stringify(topic)},"reply_to":${replyTo === null ? "null" : JSON.stringify(replyTo)},"payload":${payloadJson}}`;
}

/**
 * Reads a request or reply: a bare Message (`topic`, `payload`, no `source`), or an Event whose
 * payload is one. Returns the Message, or what is wrong with the value.
 */
export function readMessage(value: unknown): BrokerMessage | string {
  if (!isJsonObject(value)) return "it is not a JSON object";
  if (typeof value["source"] === "string") {
    const inner = value["payload"];
    if (isMessageShape(inner)) return toMessage(inner);
    return "it is an Event whose payload is not a Message";
  }
  if (isMessageShape(value)) return toMessage(value);
  return `a Message has a string topic and a payload, got keys ${Object.keys(value).join(", ") || "(none)"}`;
}

/** Reads a NATS body as JSON, or says why it is not. */
export function parseBody(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { problem: "the body is not JSON" };
  }
}

/** `JSON.stringify`, refusing what it renders as nothing: spliced into a body, that would not be JSON. */
function jsonOf(value: unknown, what: string): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError(`the ${what} of a published event has no JSON representation (${typeof value})`);
  return json;
}

function isMessageShape(value: unknown): value is Record<string, JsonValue> {
  return isJsonObject(value) && typeof value["topic"] === "string" && "payload" in value && !("source" in value);
}

function toMessage(raw: Record<string, JsonValue>): BrokerMessage {
  const id = raw["id"];
  const replyTo = raw["reply_to"];
  return {
    id: typeof id === "string" ? id : "",
    topic: raw["topic"] as string,
    reply_to: typeof replyTo === "string" && replyTo !== "" ? replyTo : null,
    payload: raw["payload"] ?? null,
  };
}
