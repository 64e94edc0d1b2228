/**
 * The `tool.invoke` method: checks the params and the catalog, runs the plugin's one tool
 * handler, and encodes its failures in the tool band `-33401..-33405`.
 */
import type { BrokerSender } from "../../broker/broker";
import { reasonOf } from "../../log";
import { RpcReplyError, type HostRequest, type MethodDefinition, type MethodTable } from "../../runtime/method-table";
import type { RuntimeObservers } from "../../runtime/observers";
import { observeToolCall } from "./tool-call-outcome";
import { ErrorCode } from "../../wire/wire";
import { ToolError, ToolExecutionFailedError, ToolNotFoundError } from "./tool-errors";
import { parseToolInvocation, type ToolContext, type ToolHandlerWithContext } from "./tools";

/** What `tool.invoke` needs from the adapter. */
export interface ToolMethodOptions {
  /** The manifest id, the fallback of `params.plugin_id`. */
  readonly pluginId: string;
  /** The broker handed to tools. */
  readonly broker: BrokerSender;
  /** The advertised tool names; when empty, every name reaches the handler. */
  readonly catalog: () => ReadonlySet<string>;
  /** The plugin's tool handler. */
  readonly handler: ToolHandlerWithContext;
  /** Told how each call ended (metrics). */
  readonly observers?: RuntimeObservers;
}

/** Registers `tool.invoke` in `table`. */
export function registerToolMethod(table: MethodTable, options: ToolMethodOptions): void {
  table.register("tool.invoke", toolMethod(options));
}

function toolMethod(options: ToolMethodOptions): MethodDefinition {
  return {
    handle(request) {
      const invocation = parseToolInvocation(request.params, options.pluginId);
      if (typeof invocation === "string") throw new RpcReplyError(ErrorCode.InvalidParams, `invalid params: ${invocation}`);
      const call = (): unknown => {
        const catalog = options.catalog();
        if (catalog.size > 0 && !catalog.has(invocation.toolName)) throw new ToolNotFoundError(invocation.toolName);
        const context: ToolContext = {
          broker: options.broker,
          pluginId: options.pluginId,
          agentId: invocation.agentId,
          invocation,
        };
        return options.handler(invocation, context);
      };
      const observe = options.observers?.toolCallFinished;
      return observe ? observeToolCall(invocation.toolName, observe, call) : call();
    },
    encodeError: encodeToolError,
    label: (request) => `tool ${toolNameOf(request) ?? "call"}`,
    drainExpired(request, limitMs) {
      const toolName = toolNameOf(request) ?? "the tool";
      return new ToolExecutionFailedError(`${toolName} did not finish within the ${limitMs} ms shutdown drain`);
    },
  };
}

/** A typed tool failure keeps its code and data; anything else thrown is `-33403`. */
function encodeToolError(error: unknown): RpcReplyError {
  if (error instanceof ToolError) return new RpcReplyError(error.code, error.message, error.errorData());
  return new RpcReplyError(ErrorCode.ToolExecutionFailed, `execution failed: ${reasonOf(error)}`);
}

/**
 * The tool a request names, read again from its params when a log line or the drain needs it,
 * rather than kept per request (a side table per call would cost every call for the rare one).
 */
function toolNameOf(request: HostRequest): string | undefined {
  const params = request.params;
  const name = typeof params === "object" && params !== null ? (params as { tool_name?: unknown }).tool_name : undefined;
  return typeof name === "string" ? name : undefined;
}
