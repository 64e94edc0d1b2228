/**
 * The `tool.invoke` method: checks the params and the catalog, runs the plugin's one tool
 * handler, and encodes its failures in the tool band `-33401..-33405`.
 */
import type { BrokerSender } from "../../broker/broker";
import { reasonOf } from "../../log";
import { RpcReplyError, type HostRequest, type MethodDefinition, type MethodTable } from "../../runtime/method-table";
import { ErrorCode } from "../../wire/wire";
import { ToolError, ToolExecutionFailedError, ToolNotFoundError } from "./tool-errors";
import { parseToolInvocation, type ToolContext, type ToolHandlerWithContext, type ToolInvocation } from "./tools";

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
}

/** Registers `tool.invoke` in `table`. */
export function registerToolMethod(table: MethodTable, options: ToolMethodOptions): void {
  table.register("tool.invoke", toolMethod(options));
}

function toolMethod(options: ToolMethodOptions): MethodDefinition {
  const invocations = new WeakMap<HostRequest, ToolInvocation>();
  return {
    handle(request) {
      const invocation = parseToolInvocation(request.params, options.pluginId);
      if (typeof invocation === "string") throw new RpcReplyError(ErrorCode.InvalidParams, `invalid params: ${invocation}`);
      const catalog = options.catalog();
      if (catalog.size > 0 && !catalog.has(invocation.toolName)) throw new ToolNotFoundError(invocation.toolName);
      invocations.set(request, invocation);
      const context: ToolContext = {
        broker: options.broker,
        pluginId: options.pluginId,
        agentId: invocation.agentId,
        invocation,
      };
      return options.handler(invocation, context);
    },
    encodeError: encodeToolError,
    label: (request) => `tool ${invocations.get(request)?.toolName ?? "call"}`,
    drainExpired(request, limitMs) {
      const toolName = invocations.get(request)?.toolName ?? "the tool";
      return new ToolExecutionFailedError(`${toolName} did not finish within the ${limitMs} ms shutdown drain`);
    },
  };
}

/** A typed tool failure keeps its code and data; anything else thrown is `-33403`. */
function encodeToolError(error: unknown): RpcReplyError {
  if (error instanceof ToolError) return new RpcReplyError(error.code, error.message, error.errorData());
  return new RpcReplyError(ErrorCode.ToolExecutionFailed, `execution failed: ${reasonOf(error)}`);
}
