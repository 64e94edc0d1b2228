/**
 * Typed tool failures. Throw one from a tool handler to answer `tool.invoke` with its code;
 * any other thrown value becomes `-33403 execution failed`.
 */
import { PluginError } from "../../errors";
import { ErrorCode, type JsonObject } from "../../wire/wire";

/** Base class of the typed tool failures; `code` and `data` go on the wire as they are. */
export abstract class ToolError extends PluginError {
  /** The JSON-RPC error code, in the tool band `-33401..-33405`. */
  abstract readonly code: number;
  /** The wire message prefix for this kind of failure. */
  abstract readonly prefix: string;

  /** `error.data` for the reply, or `undefined` when this failure carries none. */
  wireData(): JsonObject | undefined {
    return undefined;
  }

  /** `error.message` for the reply: the prefix and the detail. */
  wireMessage(): string {
    return this.prefix + this.message;
  }
}

/** The tool is not known to the plugin (`-33401`). */
export class ToolNotFoundError extends ToolError {
  readonly code = ErrorCode.ToolNotFound;
  readonly prefix = "tool not found: ";
}

/** The arguments were rejected (`-33402`); `details` is sent as `error.data.details` when given. */
export class ToolArgumentError extends ToolError {
  readonly code = ErrorCode.ToolArgumentInvalid;
  readonly prefix = "invalid argument: ";
  /** Structured detail of what was invalid. */
  readonly details: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.details = details;
  }

  override wireData(): JsonObject | undefined {
    return this.details === undefined ? undefined : ({ details: this.details } as JsonObject);
  }
}

/** The tool ran and failed (`-33403`). */
export class ToolExecutionError extends ToolError {
  readonly code = ErrorCode.ToolExecutionFailed;
  readonly prefix = "execution failed: ";
}

/** The tool cannot run now (`-33404`); `retryAfterMs` is sent as `error.data.retry_after_ms` when given. */
export class ToolUnavailableError extends ToolError {
  readonly code = ErrorCode.ToolUnavailable;
  readonly prefix = "unavailable: ";
  /** When the caller may try again, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options?: { retryAfterMs?: number }) {
    super(message);
    const retry = options?.retryAfterMs;
    if (retry !== undefined && !(Number.isInteger(retry) && retry >= 0)) {
      throw new RangeError(`retryAfterMs must be a non-negative integer, got ${String(retry)}`);
    }
    this.retryAfterMs = retry;
  }

  override wireData(): JsonObject | undefined {
    return this.retryAfterMs === undefined ? undefined : { retry_after_ms: this.retryAfterMs };
  }
}

/** The caller may not run the tool (`-33405`). */
export class ToolDeniedError extends ToolError {
  readonly code = ErrorCode.ToolDenied;
  readonly prefix = "denied: ";
}
