/**
 * The broker's request/reply envelope (SERVICES.md section 3):
 * `{"id": uuid, "topic": string, "reply_to": string | null, "payload": any}`, always written
 * with all four keys. It is called `BrokerMessage` here because `Message` is already the
 * package's name for an LLM chat message.
 */
import { isJsonObject, type JsonValue } from "../../wire/wire";
import { randomUuid } from "./uuid";

/** A request or reply travelling over the broker. */
export interface BrokerMessage<P = JsonValue> {
  /** The message's UUID. */
  readonly id: string;
  /** The topic the message was sent on. */
  readonly topic: string;
  /** Where the reply goes (the stdio bridge: `_inbox.<uuid>`); `null` on a reply or a one-way message. */
  readonly reply_to: string | null;
  /** The request or reply itself. */
  readonly payload: P;
}

/** Builds a message with a fresh id; `replyTo` defaults to `null` (a reply). */
export function buildBrokerMessage<P>(topic: string, payload: P, replyTo: string | null = null): BrokerMessage<P> {
  return { id: randomUuid(), topic, reply_to: replyTo, payload };
}

/**
 * Reads a broker message. `id` and `topic` read as `""` when absent (hosts other than the daemon
 * may leave them out); `payload` as `null`. Returns the message, or what is wrong with it.
 */
export function parseBrokerMessage(value: unknown): BrokerMessage | string {
  if (!isJsonObject(value)) return "it is not a broker message (an object with id, topic, reply_to and payload)";
  const { id, topic } = value;
  const replyTo = value["reply_to"];
  if (id !== undefined && typeof id !== "string") return "its id is not a string";
  if (topic !== undefined && typeof topic !== "string") return "its topic is not a string";
  if (replyTo !== undefined && replyTo !== null && typeof replyTo !== "string") return "its reply_to is neither a string nor null";
  return {
    id: id ?? "",
    topic: topic ?? "",
    reply_to: replyTo === undefined || replyTo === "" ? null : replyTo,
    payload: (value["payload"] ?? null) as JsonValue,
  };
}
