/**
 * Typed tool failures, under the names of the other nexo SDKs. Throw one from a tool handler
 * to answer `tool.invoke` with its code; any other thrown value becomes `-33403 execution
 * failed`. Each message starts with the prefix the daemon greps for.
 */
import { PluginError } from "../../errors";
import { ErrorCode, type JsonObject } from "../../wire/wire";

/** Base class of the typed tool failures; `code`, `message` and {@link errorData} go on the wire as they are. */
export class ToolError extends PluginError {
  /** The JSON-RPC error code, in the tool band `-33401..-33405`. */
  readonly code: number = ErrorCode.ToolExecutionFailed;

  /** `error.data` for the reply, or `undefined` when this failure carries none. */
  errorData(): JsonObject | undefined {
    return undefined;
  }
}

/** The Rust SDK's name for {@link ToolError}. */
export const ToolInvocationError = ToolError;
/** The Rust SDK's name for {@link ToolError}. */
export type ToolInvocationError = ToolError;

/** The tool is not known to the plugin (`-33401`): drift between the catalog and the handler. */
export class ToolNotFoundError extends ToolError {
  override readonly code = ErrorCode.ToolNotFound;
  /** The tool that was asked for. */
  readonly toolName: string;

  constructor(toolName: string) {
    super(`tool not found: ${toolName}`);
    this.toolName = toolName;
  }
}

/** The arguments were rejected (`-33402`); `details` is sent as `error.data.details` when given. */
export class ToolArgumentInvalidError extends ToolError {
  override readonly code = ErrorCode.ToolArgumentInvalid;
  /** Structured detail of what was invalid. */
  readonly details: unknown;

  constructor(message: string, details?: unknown) {
    super(`invalid argument: ${message}`);
    this.details = details;
  }

  override errorData(): JsonObject | undefined {
    return this.details === undefined ? undefined : ({ details: this.details } as JsonObject);
  }
}

/** The tool ran and failed (`-33403`); also what any other thrown value becomes. */
export class ToolExecutionFailedError extends ToolError {
  override readonly code = ErrorCode.ToolExecutionFailed;

  constructor(message: string) {
    super(`execution failed: ${message}`);
  }
}

/** The tool cannot run now (`-33404`); `retryAfterMs` is sent as `error.data.retry_after_ms` when given. */
export class ToolUnavailableError extends ToolError {
  override readonly code = ErrorCode.ToolUnavailable;
  /** When the caller may try again, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  /** @throws RangeError when `retryAfterMs` is not a non-negative integer. */
  constructor(message: string, retryAfterMs?: number) {
    super(`unavailable: ${message}`);
    if (retryAfterMs !== undefined && !(Number.isInteger(retryAfterMs) && retryAfterMs >= 0)) {
      throw new RangeError(`retryAfterMs must be a non-negative integer, got ${String(retryAfterMs)}`);
    }
    this.retryAfterMs = retryAfterMs;
  }

  override errorData(): JsonObject | undefined {
    return this.retryAfterMs === undefined ? undefined : { retry_after_ms: this.retryAfterMs };
  }
}

/** The caller may not run the tool (`-33405`). */
export class ToolDeniedError extends ToolError {
  override readonly code = ErrorCode.ToolDenied;

  constructor(message: string) {
    super(`denied: ${message}`);
  }
}
