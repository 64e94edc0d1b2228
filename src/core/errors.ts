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

/** Base class of the failures of a call from the plugin to the host. */
export class HostCallError extends PluginError {
  /** The host method that was called, such as `memory.recall`. */
  readonly method: string;

  constructor(method: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.method = method;
  }
}

/** The host answered the call with a JSON-RPC error. */
export class HostError extends HostCallError {
  /** The JSON-RPC error code the host sent. */
  readonly code: number;
  /** The host's `error.data`, when it sent one. */
  readonly data: unknown;

  constructor(method: string, code: number, message: string, data?: unknown) {
    super(method, `${method} failed with ${code}: ${message}`);
    this.code = code;
    this.data = data;
  }
}

/** The host did not answer within the call's timeout. */
export class HostTimeoutError extends HostCallError {
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  constructor(method: string, timeoutMs: number) {
    super(method, `${method} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The call could not complete: the plugin is shutting down, the host went away, or the write failed. */
export class HostTransportError extends HostCallError {}

/** The host's reply did not have the shape the contract promises. */
export class HostDecodeError extends HostCallError {}
