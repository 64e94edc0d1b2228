/**
 * One request of the plugin on NATS: a native request carrying a bare Message, its reply read
 * as a Message (bare or wrapped in an Event), and the client's failures as typed errors.
 */
import type { Msg, NatsConnection } from "@nats-io/nats-core/lib/core";
import { reasonOf } from "../../log";
import type { JsonValue } from "../../wire/wire";
import { BrokerNoResponderError, BrokerReplyError, BrokerRequestTimeoutError, BrokerUnavailableError } from "./broker-errors";
import { parseBody, readMessage } from "./message";

/**
 * Sends `body` on `topic` and resolves with the reply Message's payload, waiting `leftMs`
 * (what is left of the caller's `timeoutMs`, which the errors name).
 */
export async function natsRequest(connection: NatsConnection, topic: string, body: string, timeoutMs: number, leftMs: number): Promise<JsonValue> {
  let reply: Msg;
  try {
    reply = await connection.request(topic, body, { timeout: leftMs });
  } catch (error) {
    throw requestFailure(topic, timeoutMs, error);
  }
  const parsed = parseBody(reply.string());
  if ("problem" in parsed) throw new BrokerReplyError(topic, parsed.problem);
  const message = readMessage(parsed.value);
  if (typeof message === "string") throw new BrokerReplyError(topic, message);
  return message.payload;
}

/** The client's own errors, read by name: its classes live in a package loaded only in NATS mode. */
function requestFailure(topic: string, timeoutMs: number, error: unknown): Error {
  if (error instanceof Error && error.name === "TimeoutError") return new BrokerRequestTimeoutError(topic, timeoutMs, { cause: error });
  const noResponders = (error as { isNoResponders?: () => boolean } | null)?.isNoResponders;
  if (typeof noResponders === "function" && noResponders.call(error)) return new BrokerNoResponderError(topic, { cause: error });
  return new BrokerUnavailableError(topic, `request on ${topic} failed: ${reasonOf(error)}`, { cause: error });
}

/** `promise`, or a rejection after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
