/**
 * Classifies each inbound object: a request is looked up in the method table and answered once,
 * a notification is delivered, and anything without a method settles one of the plugin's own
 * calls to the host.
 */
import type { HostCalls } from "../host-calls/host-calls";
import { showValue, type LogSink } from "../log";
import { ErrorCode, isJsonObject, type RequestId } from "../wire/wire";
import type { MethodTable } from "./method-table";
import type { RequestAnswerer } from "./request-answerer";

/** What the dispatch needs from the adapter. */
export interface FrameDispatchDeps {
  readonly methods: MethodTable;
  readonly answerer: RequestAnswerer;
  readonly calls: HostCalls;
  /** Takes each `broker.event` notification: the broker transport's stdio side. */
  readonly brokerEvent: (params: unknown) => void;
  readonly log: LogSink;
  /** False once the plugin is stopping: only methods marked `duringShutdown` are then answered. */
  readonly running: () => boolean;
}

/** The frame handler the reader calls for every inbound object. */
export function createFrameDispatch(deps: FrameDispatchDeps): (frame: Record<string, unknown>) => void {
  const { methods, answerer, calls, log } = deps;

  const handleRequest = (rawId: unknown, method: string, params: unknown): void => {
    const id = validId(rawId);
    if (id === null) {
      void answerer.refuse(null, ErrorCode.InvalidRequest, `invalid request: id must be an integer or a string, got ${showValue(rawId)}`);
      return;
    }
    const definition = methods.lookup(method);
    // Method not found is answered the same at any time; only known methods are refused while stopping.
    if (!definition) {
      void answerer.refuse(id, ErrorCode.MethodNotFound, methods.notFoundMessage(method));
    } else if (!deps.running() && !definition.duringShutdown) {
      void answerer.refuse(id, ErrorCode.InternalError, `${method} refused: the plugin is shutting down`);
    } else {
      answerer.answer({ id, method, params }, definition);
    }
  };

  const handleNotification = (method: string, params: unknown): void => {
    if (method === "broker.event") {
      deps.brokerEvent(params);
    } else if (method === "llm.complete.delta") {
      const requestId = isJsonObject(params) ? params["request_id"] : undefined;
      const chunk = isJsonObject(params) ? params["chunk"] : undefined;
      if (!calls.delta(requestId, chunk)) log(`llm.complete.delta for unknown request id ${showValue(requestId ?? null)} dropped`);
    } else if (methods.has(method)) {
      // A request method sent without an id cannot be answered; unknown notifications are
      // ignored by contract (newer daemons may send more).
      log(`${method} without an id dropped: it must be a request`);
    }
  };

  return (frame) => {
    const method = frame["method"];
    const hasId = frame["id"] !== undefined;
    if (typeof method === "string") {
      if (hasId) handleRequest(frame["id"], method, frame["params"]);
      else handleNotification(method, frame["params"]);
    } else if (method === undefined) {
      if (!calls.settle(frame)) log(`response for unknown id ${showValue(frame["id"] ?? null)} dropped`);
    } else if (hasId) {
      void answerer.refuse(validId(frame["id"]), ErrorCode.InvalidRequest, "invalid request: method must be a string");
    } else {
      log(`notification with a non-string method dropped: ${showValue(method)}`);
    }
  };
}

/**
 * A host request id as the contract allows it (an integer or a string), or `null`. Integers past
 * 2^53 are refused too: JSON.parse has already rounded them, so they could not be echoed verbatim.
 */
function validId(id: unknown): RequestId | null {
  if (typeof id === "string") return id;
  if (typeof id === "number" && Number.isSafeInteger(id)) return id;
  return null;
}
