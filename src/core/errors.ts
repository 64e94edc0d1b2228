/**
 * The SDK's error hierarchy. Every error the SDK throws is a {@link PluginError}, so
 * `catch (e) { if (e instanceof PluginError) ... }` separates SDK failures from the rest.
 */

/** Base class of every error the SDK throws. */
export class PluginError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The manifest is missing, not TOML, or breaks a rule; `field` names the offending key. */
export class ManifestError extends PluginError {
  /** Dotted path of the offending field, such as `plugin.id`; empty for a whole-file problem. */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(field ? `${field}: ${message}` : message, options);
    this.field = field;
  }
}

/** Misuse of the wire or the adapter: a frame that cannot be written, `run()` called twice. */
export class WireError extends PluginError {}

/** Where a failed call to the host was going. */
export interface RpcErrorOptions {
  /** The host method that was called, such as `memory.recall`. */
  method?: string;
  /** The underlying failure. */
  cause?: unknown;
}

/** Base class of the failures of a call from the plugin to the host (`memory.recall`, `llm.complete`). */
export class RpcError extends PluginError {
  /** The host method that was called, such as `memory.recall`; `undefined` when not known. */
  readonly method: string | undefined;

  constructor(message: string, options?: RpcErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.method = options?.method;
  }
}

/** The host answered the call with a JSON-RPC error; the message reads `rpc error <code>: <host message>`. */
export class RpcServerError extends RpcError {
  /** The JSON-RPC error code the host sent. */
  readonly code: number;
  /** The host's `error.data`, when it sent one. */
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown, options?: RpcErrorOptions) {
    super(`rpc error ${code}: ${message}`, options);
    this.code = code;
    this.data = data;
  }
}

/** The host did not answer within the call's timeout. */
export class RpcTimeoutError extends RpcError {
  /** The timeout that expired, in seconds. */
  readonly seconds: number;

  constructor(seconds: number, options?: RpcErrorOptions) {
    super(`no host reply${options?.method ? ` to ${options.method}` : ""} within ${seconds}s`, options);
    this.seconds = seconds;
  }
}

/** The call could not complete: the plugin is shutting down, the host went away, or the write failed. */
export class RpcTransportError extends RpcError {}

/** The host's reply did not have the shape the contract promises. */
export class RpcDecodeError extends RpcError {}
