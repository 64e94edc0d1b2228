/**
 * Typed channel failures (`-33001..-33005`). Throw one from a channel handler: it is answered
 * with its code, message and `data` exactly as the daemon reads them.
 */
import { RpcReplyError } from "../../runtime/method-table";
import { retryAfterData } from "../retry-after";

/** The channel error codes. */
export const ChannelErrorCode = {
  ConnectionFailed: -33001,
  AuthenticationFailed: -33002,
  RecipientInvalid: -33003,
  RateLimited: -33004,
  UnsupportedFeature: -33005,
} as const;

/** Base class of the typed channel failures. */
export class ChannelError extends RpcReplyError {}

/** The channel could not reach its service (`-33001`). */
export class ChannelConnectionFailedError extends ChannelError {
  constructor(message = "connection failed") {
    super(ChannelErrorCode.ConnectionFailed, message);
  }
}

/** The service refused the channel's credentials (`-33002`). */
export class ChannelAuthenticationFailedError extends ChannelError {
  constructor(message = "authentication failed") {
    super(ChannelErrorCode.AuthenticationFailed, message);
  }
}

/** The recipient does not exist or cannot receive (`-33003`); `data` is `{recipient, reason}`. */
export class ChannelRecipientInvalidError extends ChannelError {
  declare readonly data: { recipient: string; reason: string };
  /** The recipient as the message named it. */
  readonly recipient: string;
  /** Why it was refused. */
  readonly reason: string;

  constructor(recipient: string, reason: string, message = `recipient invalid: ${recipient}: ${reason}`) {
    super(ChannelErrorCode.RecipientInvalid, message, { recipient, reason });
    this.recipient = recipient;
    this.reason = reason;
  }
}

/** The service is throttling the channel (`-33004`); `data` is `{retry_after_secs}`. */
export class ChannelRateLimitedError extends ChannelError {
  declare readonly data: { retry_after_secs: number };
  /** When the daemon may try again, in whole seconds. */
  readonly retryAfterSecs: number;

  /** @throws RangeError when `retryAfterSecs` is not a non-negative integer (the daemon reads an integer). */
  constructor(retryAfterSecs: number, message = `rate limited: retry after ${retryAfterSecs} s`) {
    super(ChannelErrorCode.RateLimited, message, retryAfterData(retryAfterSecs));
    this.retryAfterSecs = retryAfterSecs;
  }
}

/** The channel cannot do what the message asks, such as media (`-33005`); `data` is `{feature}`. */
export class ChannelUnsupportedFeatureError extends ChannelError {
  declare readonly data: { feature: string };
  /** The feature that is missing. */
  readonly feature: string;

  constructor(feature: string, message = `unsupported feature: ${feature}`) {
    super(ChannelErrorCode.UnsupportedFeature, message, { feature });
    this.feature = feature;
  }
}

