/**
 * Typed LLM provider failures (`-33101..-33105`). Throw one from an `llm.chat` handler, before
 * or during a stream: it is answered with its code, message and `data` as the daemon reads them.
 */
import { RpcReplyError } from "../../runtime/method-table";
import { retryAfterData } from "../retry-after";

/** The LLM provider error codes. */
export const LlmErrorCode = {
  ConnectionFailed: -33101,
  AuthenticationFailed: -33102,
  RateLimited: -33103,
  ModelNotFound: -33104,
  ContextOverflow: -33105,
} as const;

/** Base class of the typed LLM provider failures. */
export class LlmProviderError extends RpcReplyError {}

/** The provider's API could not be reached (`-33101`). */
export class LlmConnectionFailedError extends LlmProviderError {
  constructor(message = "connection failed") {
    super(LlmErrorCode.ConnectionFailed, message);
  }
}

/** The provider refused the credentials (`-33102`). */
export class LlmAuthenticationFailedError extends LlmProviderError {
  constructor(message = "authentication failed") {
    super(LlmErrorCode.AuthenticationFailed, message);
  }
}

/** The provider is throttling (`-33103`); `data` is `{retry_after_secs}`. */
export class LlmRateLimitedError extends LlmProviderError {
  declare readonly data: { retry_after_secs: number };
  /** When the daemon may try again, in whole seconds. */
  readonly retryAfterSecs: number;

  /** @throws RangeError when `retryAfterSecs` is not a non-negative integer. */
  constructor(retryAfterSecs: number, message = `rate limited: retry after ${retryAfterSecs} s`) {
    super(LlmErrorCode.RateLimited, message, retryAfterData(retryAfterSecs));
    this.retryAfterSecs = retryAfterSecs;
  }
}

/** The provider has no such model (`-33104`). */
export class LlmModelNotFoundError extends LlmProviderError {
  /** The model that was asked for. */
  readonly model: string;

  constructor(model: string, message = `model not found: ${model}`) {
    super(LlmErrorCode.ModelNotFound, message);
    this.model = model;
  }
}

/** The conversation does not fit the model's context window (`-33105`). */
export class LlmContextOverflowError extends LlmProviderError {
  constructor(message = "context overflow") {
    super(LlmErrorCode.ContextOverflow, message);
  }
}
