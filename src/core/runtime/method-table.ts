/**
 * The one table of host -> child request methods. Every surface (the lifecycle, tools,
 * configuration, credentials, ...) is a module that registers its methods here; the dispatch
 * loop only looks methods up, so a new surface never edits it.
 */
import { PluginError, WireError } from "../errors";
import type { JsonValue, RequestId } from "../wire/wire";

/** One request from the host, as a method sees it. */
export interface HostRequest {
  /** The host's id, echoed verbatim in the reply. */
  readonly id: RequestId;
  /** The method name, such as `plugin.configure`. */
  readonly method: string;
  /** The params exactly as sent; `undefined` when the key was absent. */
  readonly params: unknown;
}

/**
 * An error reply: throw one from a method to answer with exactly this `code`, `message` and
 * `data`. Anything else a method throws is encoded by its {@link MethodDefinition.encodeError}.
 */
export class RpcReplyError extends PluginError {
  /** The JSON-RPC error code. */
  readonly code: number;
  /** `error.data` of the reply, when there is one. */
  readonly data: JsonValue | undefined;

  constructor(code: number, message: string, data?: JsonValue) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

/** What a method can do on the wire while it answers one request, besides replying. */
export interface MethodContext {
  /**
   * Sends a child -> host notification ahead of this request's reply (the deltas of a streamed
   * `llm.chat`, say). Frames leave in the order they are queued, so every notification sent
   * before the method settles precedes its reply. Resolves once stdout has taken the frame;
   * await it to respect backpressure.
   *
   * @returns a promise rejecting with a WireError when `params` cannot be serialized, or when the
   *   reply is already out (the shutdown drain expired): the host would not know the request.
   */
  notify(method: string, params?: JsonValue): Promise<void>;
}

/** How a method answers its requests. */
export interface MethodDefinition {
  /**
   * Answers one request. The returned value (or the value a returned promise settles with) is
   * the result; `undefined` becomes `null`. A thrown or rejected {@link RpcReplyError} is sent as
   * it is; any other failure goes through {@link encodeError}.
   */
  handle(request: HostRequest, context: MethodContext): unknown;
  /**
   * Turns a failure other than an {@link RpcReplyError} into the error reply. Default: `-32603`
   * `internal error: <message>`, with the failure logged.
   */
  encodeError?(error: unknown, request: HostRequest): RpcReplyError;
  /**
   * The failure owed to a request still running when the shutdown drain expires; it goes through
   * the same encoding as a thrown one. Default: a `-32603` naming the method and the limit.
   */
  drainExpired?(request: HostRequest, limitMs: number): unknown;
  /** Names the request in log lines (default: the method name), such as `tool notes_add`. */
  label?(request: HostRequest): string;
  /** Runs once the reply has been handed to stdout. */
  onReplied?(request: HostRequest): void;
  /** Answered while the plugin is stopping; other methods are then refused with `-32603`. Default false. */
  readonly duringShutdown?: boolean;
  /** Not counted as in flight, so the shutdown drain does not wait for it (the `shutdown` method itself). */
  readonly untracked?: boolean;
}

/** The methods the plugin answers, by name. */
export class MethodTable {
  private readonly methods = new Map<string, MethodDefinition>();
  private readonly absent = new Map<string, string>();

  /**
   * Registers `name`.
   *
   * @throws WireError when the method is already registered: two surfaces must not answer one method.
   */
  register(name: string, definition: MethodDefinition): void {
    if (this.methods.has(name)) throw new WireError(`method ${name} is already registered`);
    this.methods.set(name, definition);
  }

  /** Whether `name` is answered. */
  has(name: string): boolean {
    return this.methods.has(name);
  }

  /** The definition of `name`, or `undefined`. */
  lookup(name: string): MethodDefinition | undefined {
    return this.methods.get(name);
  }

  /**
   * Says why a known method is not answered by this plugin; the reason is appended to its
   * `-32601` message, so the host's log explains what to declare.
   */
  explainAbsence(name: string, reason: string): void {
    this.absent.set(name, reason);
  }

  /** The `-32601` message for a method nobody registered. */
  notFoundMessage(name: string): string {
    const reason = this.absent.get(name);
    return reason === undefined ? `method not found: ${name}` : `method not found: ${name} (${reason})`;
  }
}
