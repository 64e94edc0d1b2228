/**
 * Turns a method's outcome into exactly one reply frame. A request whose method is still
 * running is owed its reply; the shutdown drain is capped, so the ledger decides which of the
 * two possible replies (the method's, or the drain's failure) is the one that goes out.
 */
import { describeError, reasonOf, showValue, type LogSink } from "../log";
import { buildErrorResponse, ErrorCode, serializeFrame, serializeResultJson, type JsonValue, type RequestId } from "../wire/wire";
import { isThenable, type InFlight } from "./in-flight";
import { RpcReplyError, type HostRequest, type MethodDefinition } from "./method-table";

/** A result that JSON cannot represent (a BigInt, a cycle, a function). */
export class ResultNotSerializableError extends Error {
  constructor(reason: string) {
    super(`result is not JSON-serializable (${reason})`);
    this.name = "ResultNotSerializableError";
  }
}

interface Pending {
  readonly request: HostRequest;
  readonly definition: MethodDefinition;
}

/** Writes the replies of host requests. */
export class RequestAnswerer {
  private readonly pending = new Set<Pending>();

  /**
   * @param write queues one line for stdout; resolves once stdout has taken it.
   */
  constructor(
    private readonly write: (line: string) => Promise<void>,
    private readonly inFlight: InFlight,
    private readonly log: LogSink,
  ) {}

  /** Runs `definition` for `request` and sends its one reply. */
  answer(request: HostRequest, definition: MethodDefinition): void {
    let outcome: unknown;
    try {
      outcome = definition.handle(request);
    } catch (error) {
      this.send(request, definition, this.failureLine(request, definition, error));
      return;
    }
    if (!isThenable(outcome)) {
      this.send(request, definition, this.resultLine(request, definition, outcome));
      return;
    }
    const entry: Pending = { request, definition };
    const settled = Promise.resolve(outcome).then(
      (result) => this.settle(entry, () => this.resultLine(request, definition, result)),
      (error: unknown) => this.settle(entry, () => this.failureLine(request, definition, error)),
    );
    if (definition.untracked) return;
    this.pending.add(entry);
    this.inFlight.track(labelOf(entry), settled);
  }

  /** Sends the refusal `code` / `message` to `request` at once. */
  refuse(id: RequestId | null, code: number, message: string): Promise<void> {
    return this.tracked(serializeFrame(buildErrorResponse(id, code, message)));
  }

  /**
   * Answers every request still running with its drain failure; their methods' later
   * settlements write nothing.
   */
  expireAll(limitMs: number): void {
    const owed = [...this.pending];
    this.pending.clear();
    for (const { request, definition } of owed) {
      const failure =
        definition.drainExpired?.(request, limitMs) ??
        new RpcReplyError(ErrorCode.InternalError, `${request.method} did not finish within the ${limitMs} ms shutdown drain`);
      this.send(request, definition, this.failureLine(request, definition, failure));
    }
  }

  private settle(entry: Pending, line: () => string): Promise<void> | undefined {
    if (entry.definition.untracked || this.pending.delete(entry)) return this.send(entry.request, entry.definition, line());
    this.log(`${labelOf(entry)} finished after the shutdown drain; request ${showValue(entry.request.id)} was already answered`);
    return undefined;
  }

  private send(request: HostRequest, definition: MethodDefinition, line: string): Promise<void> {
    const written = this.tracked(line);
    if (definition.onReplied) {
      const onReplied = definition.onReplied.bind(definition);
      this.inFlight.track(`${request.method} reply`, written.then(() => onReplied(request)));
    }
    return written;
  }

  /**
   * Until stdout takes a reply it counts as in flight: a host that pipelines requests but stops
   * reading replies then pauses stdin instead of growing the write queue.
   */
  private tracked(line: string): Promise<void> {
    const written = this.write(line);
    this.inFlight.track("reply", written);
    return written;
  }

  private resultLine(request: HostRequest, definition: MethodDefinition, result: unknown): string {
    let json: string | undefined;
    try {
      json = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      return this.failureLine(request, definition, new ResultNotSerializableError(reasonOf(error)));
    }
    // JSON renders a function, a symbol or a toJSON() returning undefined as nothing at all: inside
    // the frame the `result` key would silently vanish, leaving a reply with neither result nor error.
    if (json === undefined) {
      return this.failureLine(request, definition, new ResultNotSerializableError(`a ${typeof result} has no JSON representation`));
    }
    return serializeResultJson(request.id, json);
  }

  private failureLine(request: HostRequest, definition: MethodDefinition, error: unknown): string {
    const reply = error instanceof RpcReplyError ? error : this.encode(request, definition, error);
    try {
      return serializeFrame(buildErrorResponse(request.id, reply.code, reply.message, reply.data as JsonValue));
    } catch {
      // Data that cannot be serialized is dropped; the code and message still go out.
      return serializeFrame(buildErrorResponse(request.id, reply.code, reply.message));
    }
  }

  private encode(request: HostRequest, definition: MethodDefinition, error: unknown): RpcReplyError {
    if (definition.encodeError) return definition.encodeError(error, request);
    this.log(`${request.method} failed: ${describeError(error)}`);
    return new RpcReplyError(ErrorCode.InternalError, `internal error: ${reasonOf(error)}`);
  }
}

function labelOf({ request, definition }: Pending): string {
  return definition.label?.(request) ?? request.method;
}
