/**
 * What flows through a channel: the outbound message union of `channel.send_outbound`, the
 * delivery receipt it is answered with, and the inbound topic a channel publishes to.
 */
import { showValue } from "../../log";
import type { JsonObject } from "../../wire/wire";
import { readObject, readOptionalString, readString, type Fields } from "../params";
import { ChannelUnsupportedFeatureError } from "./channel-errors";

/** A text message. */
export interface OutboundText {
  readonly kind: "text";
  /** The recipient, as the channel addresses it. */
  readonly to: string;
  readonly body: string;
}

/** A media message: a URL, with an optional caption. */
export interface OutboundMedia {
  readonly kind: "media";
  readonly to: string;
  readonly url: string;
  readonly caption?: string;
}

/** An adapter-specific message: every field the daemon sent besides `kind`. */
export interface OutboundCustom {
  readonly kind: "custom";
  readonly fields: JsonObject;
}

/** One message to deliver, tagged by `kind`. */
export type OutboundMessage = OutboundText | OutboundMedia | OutboundCustom;

/** What a send handler reports about a delivered message. */
export interface DeliveryReceipt {
  /** The service's id of the delivered message. */
  messageId: string;
  /** When it was sent: a `Date`, or whole Unix seconds. Default: now. */
  sentAt?: Date | number;
}

/**
 * Decodes `params.msg`. A `kind` the SDK does not know is the channel's unsupported feature.
 *
 * @throws RpcReplyError `-32602` naming the field; ChannelUnsupportedFeatureError for an unknown kind.
 */
export function decodeOutboundMessage(value: unknown): OutboundMessage {
  const msg = readObject(value, "params.msg");
  const kind = readString(msg["kind"], "params.msg.kind");
  switch (kind) {
    case "text":
      return { kind, to: readString(msg["to"], "params.msg.to"), body: readString(msg["body"], "params.msg.body") };
    case "media":
      return media(msg);
    case "custom": {
      const { kind: _kind, ...fields } = msg;
      return { kind, fields: fields as JsonObject };
    }
    default:
      throw new ChannelUnsupportedFeatureError(`${kind} messages`, `unsupported feature: messages of kind ${showValue(kind)}`);
  }
}

function media(msg: Fields): OutboundMedia {
  const caption = readOptionalString(msg["caption"], "params.msg.caption");
  const decoded = { kind: "media" as const, to: readString(msg["to"], "params.msg.to"), url: readString(msg["url"], "params.msg.url") };
  return caption === undefined ? decoded : { ...decoded, caption };
}

/**
 * The `channel.send_outbound` result: `{message_id, sent_at_unix}`.
 *
 * @throws TypeError naming what is wrong with a receipt the daemon could not read.
 */
export function encodeReceipt(kind: string, receipt: unknown): JsonObject {
  const fail = (problem: string): never => {
    throw new TypeError(`the send handler of channel kind ${showValue(kind)} ${problem}`);
  };
  if (typeof receipt !== "object" || receipt === null) fail(`must return { messageId, sentAt? }, got ${showValue(receipt)}`);
  const { messageId, sentAt } = receipt as Partial<DeliveryReceipt>;
  if (typeof messageId !== "string" || messageId.length === 0) fail(`returned messageId ${showValue(messageId)}, not a non-empty string`);
  let sentAtUnix: number;
  if (sentAt === undefined) sentAtUnix = Math.floor(Date.now() / 1000);
  else if (sentAt instanceof Date && !Number.isNaN(sentAt.getTime())) sentAtUnix = Math.floor(sentAt.getTime() / 1000);
  else if (typeof sentAt === "number" && Number.isSafeInteger(sentAt)) sentAtUnix = sentAt;
  else return fail(`returned sentAt ${showValue(sentAt)}, neither a valid Date nor whole Unix seconds`);
  return { message_id: messageId as string, sent_at_unix: sentAtUnix };
}

/** `plugin.inbound.<kind>`, or `plugin.inbound.<kind>.<instance>` for a named instance. */
export function inboundTopic(kind: string, instance?: string | null): string {
  return instance ? `plugin.inbound.${kind}.${instance}` : `plugin.inbound.${kind}`;
}
