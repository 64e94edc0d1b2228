/**
 * The daemon's side of the wire, independent of transport: it reads the plugin's stdout,
 * checks every line is a JSON object, matches replies to its requests, answers the plugin's
 * own calls (`memory.recall`, `llm.complete`) and records everything for inspection.
 *
 * Used in-process by `PluginTestHost` and over a child process by the development host.
 */
import { buildErrorResponse, buildNotification, buildRequest, buildResponse, isJsonObject, serializeFrame } from "../core/wire/wire";
import type { JsonObject, JsonValue, RequestId } from "../core/wire/wire";

/** A frame the plugin wrote, parsed. */
export type WireFrame = Record<string, unknown>;

/** A line of the plugin's stdout that was not a JSON object: a contract violation. */
export interface StdoutViolation {
  readonly line: string;
  readonly reason: string;
}

/** A reply to a host request: exactly one of `result` or `error` is set. */
export interface HostReply {
  readonly id: RequestId;
  readonly result?: JsonValue;
  readonly error?: { code: number; message: string; data?: JsonValue };
}

/**
 * Answers one of the plugin's requests. Return the `result`; throw a {@link HostRequestError}
 * to answer with an error; return {@link NO_REPLY} to leave the call unanswered. `notify` sends
 * notifications (such as `llm.complete.delta`) before the reply.
 */
export type HostRequestHandler = (
  params: JsonValue,
  request: { id: RequestId; method: string; notify: (method: string, params: JsonValue) => void },
) => unknown;

/** Returned by a {@link HostRequestHandler} that wants the call to stay unanswered. */
export const NO_REPLY: unique symbol = Symbol("nexoai.no-reply");

/** Thrown by a {@link HostRequestHandler} to answer with a JSON-RPC error. */
export class HostRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: JsonValue,
  ) {
    super(message);
    this.name = "HostRequestError";
  }
}

interface Waiter {
  readonly predicate: (frame: WireFrame) => boolean;
  readonly resolve: (frame: WireFrame) => void;
}

/** The host end of one plugin connection. */
export class HostPeer {
  /** Every frame the plugin wrote, in order. */
  readonly frames: WireFrame[] = [];
  /** Lines that were not JSON objects. */
  readonly violations: StdoutViolation[] = [];
  private readonly handlers = new Map<string, HostRequestHandler>();
  private readonly pendingReplies = new Map<RequestId, PendingRequest>();
  private closedBecause: string | undefined;
  private waiters: Waiter[] = [];
  private readonly observers: Array<(frame: WireFrame) => void> = [];
  private readonly violationObservers: Array<(violation: StdoutViolation) => void> = [];
  private readonly unmatchedObservers: Array<(frame: WireFrame) => void> = [];
  private partial = "";
  private nextId = 1;

  /** @param write sends one line to the plugin's stdin. */
  constructor(private readonly write: (line: string) => void) {}

  /** Registers the answer to a plugin request method, replacing any earlier one. */
  handle(method: string, handler: HostRequestHandler): this {
    this.handlers.set(method, handler);
    return this;
  }

  /** Calls `observer` with every frame the plugin writes, before it is routed. */
  onFrame(observer: (frame: WireFrame) => void): this {
    this.observers.push(observer);
    return this;
  }

  /**
   * Calls `observer` with every reply whose id matches no waiting request: a second reply, a
   * reply to an id never sent, or one that came after its request timed out.
   */
  onUnmatchedReply(observer: (frame: WireFrame) => void): this {
    this.unmatchedObservers.push(observer);
    return this;
  }

  /** Calls `observer` with every stdout line that is not a JSON object. */
  onViolation(observer: (violation: StdoutViolation) => void): this {
    this.violationObservers.push(observer);
    return this;
  }

  /** Feeds bytes the plugin wrote to stdout. */
  feed(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.accept(line);
  }

  /**
   * Call at the end of the plugin's stdout: an unterminated last line is a violation, and no
   * request still waiting can be answered any more.
   */
  end(): void {
    if (this.partial) this.violate(this.partial, "unterminated line at end of stdout");
    this.partial = "";
    this.close("the plugin's stdout ended");
  }

  /**
   * Rejects every request still waiting, and any later one, with an error naming the request
   * and `reason`: the plugin is gone (its stdout ended, or it could not be started).
   */
  close(reason: string): void {
    this.closedBecause ??= reason;
    for (const [id, pending] of this.pendingReplies) pending.fail(new Error(`no reply to ${pending.method} (id ${id}): ${reason}`));
    this.pendingReplies.clear();
  }

  /** Sends a request and resolves with its reply; rejects on timeout or once the peer is closed. */
  request(method: string, params?: JsonValue, timeoutMs = 5000): Promise<HostReply> {
    const id = this.nextId++;
    if (this.closedBecause !== undefined) {
      return Promise.reject(new Error(`no reply to ${method} (id ${id}): ${this.closedBecause}`));
    }
    return new Promise<HostReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingReplies.delete(id);
        reject(new Error(`no reply to ${method} (id ${id}) within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref?.();
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        outcome();
      };
      this.pendingReplies.set(id, {
        method,
        answer: (reply) => settle(() => resolve(reply)),
        fail: (error) => settle(() => reject(error)),
      });
      this.write(serializeFrame(buildRequest(id, method, params)));
    });
  }

  /** Sends a notification. */
  notify(method: string, params?: JsonValue): void {
    this.write(serializeFrame(buildNotification(method, params)));
  }

  /** Resolves with the first frame (already received or future) that satisfies `predicate`. */
  waitForFrame(predicate: (frame: WireFrame) => boolean, timeoutMs = 5000, what = "frame"): Promise<WireFrame> {
    const seen = this.frames.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise<WireFrame>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref?.();
      this.waiters.push(waiter);
    });
  }

  /** The `params` of every `broker.publish` so far. */
  get published(): JsonObject[] {
    return this.frames.filter((f) => f["method"] === "broker.publish").map((f) => f["params"] as JsonObject);
  }

  private accept(line: string): void {
    if (line.trim() === "") {
      this.violate(line, "blank line");
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(line);
    } catch {
      this.violate(line, "not JSON");
      return;
    }
    if (!isJsonObject(frame)) {
      this.violate(line, "not a JSON object");
      return;
    }
    this.frames.push(frame);
    for (const observer of this.observers) observer(frame);
    this.route(frame);
    for (const waiter of this.waiters.filter((w) => w.predicate(frame))) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(frame);
    }
  }

  private violate(line: string, reason: string): void {
    const violation = { line, reason };
    this.violations.push(violation);
    for (const observer of this.violationObservers) observer(violation);
  }

  private route(frame: WireFrame): void {
    const method = frame["method"];
    const id = frame["id"] as RequestId | undefined;
    if (typeof method === "string") {
      if (id !== undefined) void this.answer(id, method, (frame["params"] ?? null) as JsonValue);
      return;
    }
    if (id === undefined) return;
    const pending = this.pendingReplies.get(id);
    if (pending === undefined) {
      for (const observer of this.unmatchedObservers) observer(frame);
      return;
    }
    this.pendingReplies.delete(id);
    pending.answer(frame as unknown as HostReply);
  }

  private async answer(id: RequestId, method: string, params: JsonValue): Promise<void> {
    const handler = this.handlers.get(method);
    if (!handler) {
      this.write(serializeFrame(buildErrorResponse(id, -32601, `method not found: ${method}`)));
      return;
    }
    const notify = (m: string, p: JsonValue): void => this.notify(m, p);
    try {
      const result = await handler(params, { id, method, notify });
      if (result === NO_REPLY) return;
      this.write(serializeFrame(buildResponse(id, result)));
    } catch (error) {
      const code = error instanceof HostRequestError ? error.code : -32603;
      const data = error instanceof HostRequestError ? error.data : undefined;
      const message = error instanceof Error ? error.message : String(error);
      this.write(serializeFrame(buildErrorResponse(id, code, message, data)));
    }
  }
}

/** A request of the host's that waits for its reply. */
interface PendingRequest {
  readonly method: string;
  answer(reply: HostReply): void;
  fail(error: Error): void;
}
