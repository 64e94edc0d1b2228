/**
 * The payloads of pairing (SERVICES.md section 3): the daemon's three adapter calls, the
 * trigger's start and cancel, and the events a plugin publishes while pairing. Fields carry
 * the wire's names, so a value can be published or compared as it is.
 */
import type { RequestContext } from "../../broker/request-reply/request-route";

/** `<broker_topic_prefix>.pairing.normalize_sender`: a sender as the channel saw it. */
export interface PairingNormalizeRequest {
  /** The sender's address as received (a phone number with spaces, a handle with `@`, ...). */
  raw: string;
}

/** The sender in its canonical form, or `null` to reject it (the daemon caches either answer). */
export type PairingNormalizeResult = string | null;

/** `….pairing.send_reply`: send a text (the pairing challenge) to someone. */
export interface PairingSendReplyRequest {
  /** The account (instance) to send from. */
  account: string;
  /** The recipient. */
  to: string;
  /** The text to send. */
  text: string;
}

/** `….pairing.send_qr_image`: send a QR image to someone. */
export interface PairingSendQrImageRequest {
  /** The account (instance) to send from. */
  account: string;
  /** The recipient. */
  to: string;
  /** The PNG image, standard base64. */
  png_base64: string;
}

/**
 * What a send returns: nothing or `true` (sent), `false` (not sent), or `{ok, error?}`. The
 * daemon reads a missing `ok` as a failure.
 */
export type PairingSendResult = void | boolean | { ok: boolean; error?: string };

/** The params of the trigger's start method. */
export interface PairingStartParams {
  /** The pairing's id, carried by the `pairing.qr` and `pairing.state` events. */
  challenge_id: string;
  /** The agent the channel is being paired with. */
  agent_id: string;
  /** The instance (account) to pair. */
  instance: string;
}

/** The params of the trigger's cancel method. */
export interface PairingCancelParams {
  /** The pairing to cancel. */
  challenge_id: string;
}

/** Where a pairing stands, as `pairing.state` reports it. */
export type PairingStateName = "pending" | "qr_ready" | "awaiting_user" | "linked" | "expired" | "cancelled";

/** The states of {@link PairingStateName}, as a list. */
export const PAIRING_STATES: readonly PairingStateName[] = ["pending", "qr_ready", "awaiting_user", "linked", "expired", "cancelled"];

/** `plugin.inbound.<channel>.<instance>.pairing.qr`: a QR code to show the operator. */
export interface PairingQrEvent {
  challenge_id: string;
  /** The QR code as a PNG, standard base64. */
  png_base64: string;
  /** The QR code drawn in text, for a terminal. */
  ascii: string;
  /** When the code stops working, in milliseconds since the epoch. */
  expires_at_ms: number;
}

/** `plugin.inbound.<channel>.<instance>.pairing.state`: the pairing moved on. */
export interface PairingStateEvent {
  challenge_id: string;
  state: PairingStateName;
  /** The linked device, once `linked`. */
  device_jid?: string;
  /** Why it failed, when it did. */
  error?: string;
}

/** Serves one of the adapter's calls. */
export type PairingHandler<Request, Result> = (request: Request, context: RequestContext) => Result | Promise<Result>;

/** The handlers of `[plugin.pairing.adapter]`; a call without one is not served. */
export interface PairingAdapterHandlers {
  normalizeSender?: PairingHandler<PairingNormalizeRequest, PairingNormalizeResult>;
  sendReply?: PairingHandler<PairingSendReplyRequest, PairingSendResult>;
  sendQrImage?: PairingHandler<PairingSendQrImageRequest, PairingSendResult>;
}

/** The three adapter calls, by handler key, with their topic suffixes. */
export const PAIRING_ADAPTER_CALLS = {
  normalizeSender: "pairing.normalize_sender",
  sendReply: "pairing.send_reply",
  sendQrImage: "pairing.send_qr_image",
} as const;
