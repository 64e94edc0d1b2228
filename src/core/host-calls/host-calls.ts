/**
 * Calls from the plugin to the host: the plugin's own id space, replies matched by id,
 * per-call timeouts, and streamed `*.delta` notifications.
 *
 * Timers are unref'd so a pending call never keeps the process alive, and every call is
 * settled exactly once: by its reply, its timeout, or {@link HostCalls.abandonAll}.
 */
import { RpcServerError, RpcTimeoutError, RpcTransportError } from "../errors";
import { showValue, type LogSink } from "../log";
import type { RuntimeObservers } from "../runtime/observers";
import { buildRequest, isJsonObject, serializeFrame, type JsonValue } from "../wire/wire";
import { CallSlots } from "./call-slots";

/** Default time a call waits for the host's reply. */
export const DEFAULT_RPC_TIMEOUT_MS = 30_000;

/** Sends one serialized frame line to the host; resolves once it is handed to stdout. */
export type SendLine = (line: string) => Promise<void>;

interface PendingCall {
  readonly id: number;
  readonly method: string;
  readonly timeoutMs: number;
  readonly resolve: (result: JsonValue) => void;
  readonly reject: (error: Error) => void;
  readonly onDelta: ((chunk: unknown) => void) | undefined;
  timer: NodeJS.Timeout;
}

/** The table of calls waiting for the host. */
export class HostCalls {
  private readonly pending = new CallSlots<PendingCall>();
  private nextId = 1;
  private closedReason: string | undefined;

  constructor(
    private readonly send: SendLine,
    private readonly isWriterClosed: () => boolean,
    private readonly log: LogSink,
    private readonly onCallStarted: () => void = () => undefined,
    private readonly observers: RuntimeObservers = {},
  ) {}

  /** Number of calls still waiting. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Sends a request and resolves with the host's `result`. With `onDelta`, streamed chunks for
   * this request are passed to it in order, and each one restarts the timeout.
   */
  call(method: string, params: JsonValue, timeoutMs: number, onDelta?: (chunk: unknown) => void): Promise<JsonValue> {
    if (this.closedReason !== undefined) {
      return Promise.reject(new RpcTransportError(`${method} not sent: ${this.closedReason}`, { method }));
    }
    if (this.isWriterClosed()) {
      return Promise.reject(new RpcTransportError(`${method} not sent: stdout is closed`, { method }));
    }
    const id = this.nextId++;
    let line: string;
    try {
      line = serializeFrame(buildRequest(id, method, params));
    } catch (error) {
      return Promise.reject(new RpcTransportError(`${method} params cannot be serialized`, { method, cause: error }));
    }
    return new Promise<JsonValue>((resolve, reject) => {
      const entry: PendingCall = { id, method, timeoutMs, resolve, reject, onDelta, timer: this.startTimer(id, method, timeoutMs) };
      this.pending.add(entry);
      void this.send(line);
      this.onCallStarted();
    });
  }

  /**
   * Settles the call a response frame answers. Returns false when no call has that id
   * (a late reply after a timeout, or a stray frame); the caller logs it.
   */
  settle(frame: Record<string, unknown>): boolean {
    const id = frame["id"];
    const entry = typeof id === "number" ? this.pending.get(id) : undefined;
    if (!entry) return false;
    this.pending.delete(id as number);
    clearTimeout(entry.timer);
    const error = frame["error"];
    this.observers.hostCallFinished?.(entry.method, error !== undefined ? "error" : "ok");
    if (error !== undefined) {
      entry.reject(toServerError(entry.method, error));
    } else {
      entry.resolve((frame["result"] ?? null) as JsonValue);
    }
    return true;
  }

  /** Passes a streamed chunk to its call. Returns false when the request id is unknown. */
  delta(requestId: unknown, chunk: unknown): boolean {
    const entry = typeof requestId === "number" ? this.pending.get(requestId) : undefined;
    if (!entry?.onDelta) return false;
    clearTimeout(entry.timer);
    entry.timer = this.startTimer(requestId as number, entry.method, entry.timeoutMs);
    entry.onDelta(chunk);
    return true;
  }

  /** Rejects every pending call with a transport error and refuses new ones. */
  abandonAll(reason: string): void {
    this.closedReason = reason;
    const entries = this.pending.takeAll();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      this.observers.hostCallFinished?.(entry.method, "transport");
      entry.reject(new RpcTransportError(`${entry.method} abandoned: ${reason}`, { method: entry.method }));
    }
  }

  private startTimer(id: number, method: string, timeoutMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const entry = this.pending.get(id);
      if (!entry) return;
      this.pending.delete(id);
      this.log(`${method} (id ${id}) timed out after ${timeoutMs} ms; a later reply will be dropped`);
      this.observers.hostCallFinished?.(method, "timeout");
      entry.reject(new RpcTimeoutError(timeoutMs / 1000, { method }));
    }, timeoutMs);
    timer.unref();
    return timer;
  }
}

function toServerError(method: string, error: unknown): RpcServerError {
  if (!isJsonObject(error)) return new RpcServerError(-32603, `malformed error object: ${showValue(error)}`, undefined, { method });
  const code = typeof error["code"] === "number" ? error["code"] : -32603;
  const message = typeof error["message"] === "string" ? error["message"] : "no message";
  return new RpcServerError(code, message, error["data"], { method });
}
