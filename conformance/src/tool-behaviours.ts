/**
 * What a fixture tool does, chosen by its behaviour string (FIXTURE.md, "Tool behaviours").
 */
import {
  textResult,
  ToolArgumentInvalidError,
  ToolDeniedError,
  ToolExecutionFailedError,
  ToolNotFoundError,
  ToolUnavailableError,
  type BrokerSender,
  type ToolInvocation,
} from "../../dist";

/** What a behaviour can reach: the invocation, and the broker and plugin id it was given. */
export interface ToolScope {
  readonly invocation: ToolInvocation;
  readonly broker: BrokerSender;
  /** The context's plugin id with `use_tool_context`, else the invocation's. */
  readonly pluginId: string;
  /** The plugin's current configuration, `null` before the first. */
  readonly config: unknown;
}

/** Runs `behaviour` (or fails as not found when the tool has none). */
export async function runToolBehaviour(behaviour: string | undefined, scope: ToolScope): Promise<unknown> {
  const { invocation } = scope;
  if (behaviour === undefined) throw new ToolNotFoundError(invocation.toolName);
  if (behaviour === "config") return { config: scope.config ?? null };
  if (behaviour === "echo") return { echoed: invocation.args, agent: invocation.agentId, plugin: scope.pluginId };
  if (behaviour.startsWith("text:")) return textResult(behaviour.slice("text:".length));
  if (behaviour === "recall_then_return") {
    const entries = await scope.broker.memoryRecall(invocation.agentId ?? "", String(argument(invocation, "q") ?? ""));
    return { recalled: entries.map((e) => e.content), plugin_id: scope.pluginId };
  }
  if (behaviour.startsWith("slow:")) {
    await delay(Number(behaviour.slice("slow:".length)));
    return textResult("done");
  }
  if (behaviour === "raise_generic") throw new Error(`tool ${invocation.toolName} raised`);
  if (behaviour === "return_unserializable") return { handle: 1n };
  if (behaviour === "not_found") throw typedFailure(33401, invocation.toolName);
  if (behaviour.startsWith("raise:")) throw typedFailure(Number(behaviour.slice("raise:".length)), invocation.toolName);
  throw new ToolExecutionFailedError(`unknown fixture behaviour "${behaviour}"`);
}

function typedFailure(code: number, toolName: string): Error {
  switch (code) {
    case 33401:
      return new ToolNotFoundError(toolName);
    case 33402:
      return new ToolArgumentInvalidError("q is required", { field: "q" });
    case 33403:
      return new ToolExecutionFailedError(`${toolName} failed`);
    case 33404:
      return new ToolUnavailableError(`${toolName} is rate limited`, 5000);
    case 33405:
      return new ToolDeniedError(`${toolName} is not allowed`);
    default:
      return new ToolExecutionFailedError(`unknown fixture failure code ${code}`);
  }
}

function argument(invocation: ToolInvocation, key: string): unknown {
  const args = invocation.args;
  return typeof args === "object" && args !== null && !Array.isArray(args) ? args[key] : undefined;
}

/** Resolves after `ms` milliseconds (a timer that does not hold the process open). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Number.isFinite(ms) && ms > 0 ? ms : 0).unref());
}
