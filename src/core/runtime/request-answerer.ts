/**
 * Turns a method's outcome into exactly one reply frame. A request whose method is still
 * running is owed its reply; the shutdown drain is capped, so the ledger decides which of the
 * two possible replies (the method's, or the drain's failure) is the one that goes out.
 */
import { WireError } from "../errors";
import { describeError, reasonOf, showValue, type LogSink } from "../log";
import {
  buildErrorResponse,
  buildNotification,
  ErrorCode,
  serializeFrame,
  serializeResultJson,
  type JsonValue,
  type RequestId,
} from "../wire/wire";
import { isThenable, type InFlight } from "./in-flight";
import { OwedList, type OwedLinks } from "./owed-list";
import { RpcReplyError, type HostRequest, type MethodContext, type MethodDefinition } from "./method-table";

/** A result that JSON cannot represent (a BigInt, a cycle, a function). */
export class ResultNotSerializableError extends Error {
  constructor(reason: string) {
    super(`result is not JSON-serializable (${reason})`);
    this.name = "ResultNotSerializableError";
  }
}

/**
 * One request between its arrival and its reply. It is also the method's context, so a request
 * costs one object however its method settles.
 */
class PendingRequest implements MethodContext, OwedLinks<PendingRequest> {
  /** Set once the reply line is queued; nothing more may be written for the request. */
  replied = false;
  owedPrev: PendingRequest | undefined = undefined;
  owedNext: PendingRequest | undefined = undefined;

  constructor(
    private readonly answerer: RequestAnswerer,
    readonly request: HostRequest,
    readonly definition: MethodDefinition,
    /** Counted as in flight until it settles (every method but `shutdown`). */
    readonly tracked: boolean,
  ) {}

  private boundNotify: MethodContext["notify"] | undefined;

  /**
   * Bound to its request, so a method may hand it on apart from the context. Made on first
   * read: a closure per request costs every request (on Node 24 it doubled the young
   * generation of pipelined tool calls), and few methods notify.
   */
  get notify(): MethodContext["notify"] {
    return (this.boundNotify ??= (method, params) => this.answerer.notifyFor(this, method, params));
  }
}

/** Writes the replies of host requests. */
export class RequestAnswerer {
  private readonly pending = new OwedList<PendingRequest>();

  /**
   * @param write queues one line for stdout; resolves once stdout has taken it. Flow control
   *   watches the writer itself, so a queued reply needs no tracking here.
   */
  constructor(
    private readonly write: (line: string) => Promise<void>,
    private readonly inFlight: InFlight,
    private readonly log: LogSink,
  ) {}

  /** Runs `definition` for `request` and sends its one reply. */
  answer(request: HostRequest, definition: MethodDefinition): void {
    const entry = new PendingRequest(this, request, definition, definition.untracked !== true);
    let outcome: unknown;
    try {
      outcome = definition.handle(request, entry);
    } catch (error) {
      this.send(entry, this.failureLine(request, definition, error));
      return;
    }
    if (!isThenable(outcome)) {
      this.send(entry, this.resultLine(request, definition, outcome));
      return;
    }
    try {
      Promise.resolve(outcome).then(
        (result) => this.settle(entry, result, false),
        (error: unknown) => this.settle(entry, error, true),
      );
    } catch (error) {
      // A promise whose `constructor` getter throws cannot even be adopted.
      this.send(entry, this.failureLine(request, definition, error));
      return;
    }
    // Counted once the settlement is attached, which runs no earlier than the next microtask.
    if (entry.tracked) {
      this.pending.add(entry);
      this.inFlight.begin();
    }
  }

  /** Sends the refusal `code` / `message` to `request` at once. */
  refuse(id: RequestId | null, code: number, message: string): Promise<void> {
    return this.write(serializeFrame(buildErrorResponse(id, code, message)));
  }

  /**
   * Answers every request still running with its drain failure; their methods' later
   * settlements write nothing.
   */
  expireAll(limitMs: number): void {
    const owed = this.pending.takeAll();
    for (const entry of owed) {
      const { request, definition } = entry;
      let failure: unknown;
      try {
        failure = definition.drainExpired?.(request, limitMs);
      } catch (error) {
        failure = error;
      }
      failure ??= new RpcReplyError(ErrorCode.InternalError, `${request.method} did not finish within the ${limitMs} ms shutdown drain`);
      this.send(entry, this.failureLine(request, definition, failure));
    }
  }

  private settle(entry: PendingRequest, value: unknown, failed: boolean): void {
    const { request, definition } = entry;
    try {
      if (entry.tracked) this.pending.delete(entry);
      if (entry.replied) {
        this.log(`${labelOf(entry)} finished after the shutdown drain; request ${showValue(request.id)} was already answered`);
      } else {
        this.send(entry, failed ? this.failureLine(request, definition, value) : this.resultLine(request, definition, value));
      }
    } catch (error) {
      // Nothing above throws by design (a failing encodeError is caught in encode); were it to,
      // the failure is logged here instead of vanishing in a rejected promise.
      this.log(`${labelOf(entry)} failed: ${describeError(error)}`);
    } finally {
      if (entry.tracked) this.inFlight.end();
    }
  }

  /** Queues a notification for `entry`, unless its reply is already out. */
  notifyFor(entry: PendingRequest, method: string, params: JsonValue | undefined): Promise<void> {
    if (entry.replied) {
      const problem = `${method} for request ${showValue(entry.request.id)} dropped: its reply was already sent`;
      this.log(problem);
      return Promise.reject(new WireError(problem));
    }
    let line: string;
    try {
      line = serializeFrame(buildNotification(method, params));
    } catch (error) {
      return Promise.reject(new WireError(`${method} params are not JSON-serializable (${reasonOf(error)})`));
    }
    return this.write(line);
  }

  private send(entry: PendingRequest, line: string): void {
    const { request, definition } = entry;
    entry.replied = true;
    const written = this.write(line);
    if (definition.onReplied) {
      const onReplied = definition.onReplied.bind(definition);
      this.inFlight.track(`${request.method} reply`, written.then(() => onReplied(request)));
    }
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
    if (definition.encodeError) {
      try {
        return definition.encodeError(error, request);
      } catch (encodeFailure) {
        // The request is still owed its one reply: it gets the default one.
        this.log(`${request.method}: encoding its failure failed: ${describeError(encodeFailure)}`);
      }
    }
    this.log(`${request.method} failed: ${describeError(error)}`);
    return new RpcReplyError(ErrorCode.InternalError, `internal error: ${reasonOf(error)}`);
  }
}

function labelOf({ request, definition }: PendingRequest): string {
  return definition.label?.(request) ?? request.method;
}
