/**
 * Tools: the catalog advertised in the `initialize` reply and the parsing of `tool.invoke`
 * params.
 */
import type { BrokerSender } from "../../broker/broker";
import { ManifestError } from "../../errors";
import { isToolInNamespace, type Manifest } from "../../manifest/manifest";
import { showValue } from "../../log";
import { isJsonObject } from "../../wire/wire";
import type { JsonObject, JsonValue } from "../../wire/wire";

/** A tool the plugin advertises to the agent loop. */
export interface ToolDef {
  /** The tool's name: listed in `[plugin.extends].tools` and prefixed `<plugin id>_` or `ext_<plugin id>_`. */
  name: string;
  /** What the tool does, for the model. */
  description: string;
  /** JSON Schema of the arguments; `{}` when omitted. */
  inputSchema?: JsonObject;
}

/** One `tool.invoke` call, as the handler sees it. */
export interface ToolInvocation {
  /** The plugin the call is addressed to (falls back to the manifest id). */
  pluginId: string;
  /** The tool being called. */
  toolName: string;
  /** The arguments: any JSON, `null` when the host sent none. */
  args: JsonValue;
  /** The calling agent, or `null`. */
  agentId: string | null;
  /** The daemon's policy object for this call, when it sent one. */
  policy: JsonObject | undefined;
}

/** What a context-aware tool handler gets besides the invocation. */
export interface ToolContext {
  /** Sends events and host calls (memory, LLM) while the tool runs. */
  broker: BrokerSender;
  /** The plugin id from the manifest. */
  pluginId: string;
  /** The calling agent, or `null`. */
  agentId: string | null;
  /** The invocation being served. */
  invocation: ToolInvocation;
}

/** Handles every tool call; dispatch on `invocation.toolName`. */
export type ToolHandler = (invocation: ToolInvocation) => unknown;

/** Handles every tool call, with the broker and plugin id at hand. */
export type ToolHandlerWithContext = (invocation: ToolInvocation, context: ToolContext) => unknown;

/** The conventional text result of a tool. */
export interface TextToolResult {
  content: [{ type: "text"; text: string }];
  is_error: boolean;
}

/** Builds the conventional text result `{"content":[{"type":"text","text":…}],"is_error":false}`. */
export function textResult(text: string, isError = false): TextToolResult {
  return { content: [{ type: "text", text }], is_error: isError };
}

/** One catalog entry of the `initialize` reply: `{name, description, input_schema}`. */
export function toolDefToJson(tool: ToolDef): { name: string; description: string; input_schema: JsonObject } {
  return { name: tool.name, description: tool.description, input_schema: tool.inputSchema ?? {} };
}

/** The catalog entries of the `initialize` reply, in declaration order. */
export function catalogEntries(tools: readonly ToolDef[]): JsonObject[] {
  return tools.map(toolDefToJson);
}

/**
 * Why the daemon would refuse to run a plugin advertising `toolName` (outside the namespace, or
 * missing from `[plugin.extends].tools`), or `undefined` when it is fine.
 */
export function toolCatalogProblem(manifest: Manifest, toolName: string): string | undefined {
  const pluginId = manifest.plugin.id;
  if (!isToolInNamespace(pluginId, toolName)) {
    return `tool "${toolName}" is outside the plugin's namespace: names must start with "${pluginId}_" or "ext_${pluginId}_"`;
  }
  if (!(manifest.plugin.extends?.tools ?? []).includes(toolName)) {
    return `tool "${toolName}" is not listed in [plugin.extends].tools`;
  }
  return undefined;
}

/**
 * Refuses a catalog the daemon would kill the plugin for: a tool missing from
 * `[plugin.extends].tools`, outside the plugin's namespace, or declared twice.
 */
export function checkToolCatalog(manifest: Manifest, tools: readonly ToolDef[]): void {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (typeof tool.name !== "string" || tool.name.length === 0) {
      throw new ManifestError("plugin.extends.tools", `a declared tool has no name: ${JSON.stringify(tool)}`);
    }
    if (seen.has(tool.name)) throw new ManifestError("plugin.extends.tools", `tool "${tool.name}" is declared twice`);
    seen.add(tool.name);
    const problem = toolCatalogProblem(manifest, tool.name);
    if (problem) throw new ManifestError("plugin.extends.tools", problem);
    checkShape(tool);
    checkSerializable(tool);
  }
}

/** Types cannot stop a JavaScript caller, and the daemon expects both keys in each entry. */
function checkShape(tool: ToolDef): void {
  if (typeof tool.description !== "string") {
    throw new ManifestError("plugin.extends.tools", `tool "${tool.name}" needs a description string, got ${showValue(tool.description)}`);
  }
  const schema: unknown = tool.inputSchema;
  if (schema !== undefined && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
    throw new ManifestError("plugin.extends.tools", `the input schema of tool "${tool.name}" must be a JSON Schema object, got ${showValue(schema)}`);
  }
}

/** A catalog entry must serialize, or the `initialize` reply could not be written. */
function checkSerializable(tool: ToolDef): void {
  try {
    JSON.stringify(tool.inputSchema ?? {});
  } catch (error) {
    throw new ManifestError("plugin.extends.tools", `the input schema of tool "${tool.name}" is not JSON-serializable: ${(error as Error).message}`);
  }
}

/** Reads `tool.invoke` params; returns the invocation or a message naming what is invalid. */
export function parseToolInvocation(params: unknown, manifestId: string): ToolInvocation | string {
  if (!isJsonObject(params)) return "params must be an object";
  const toolName = params["tool_name"];
  if (typeof toolName !== "string" || toolName.length === 0) return "params.tool_name must be a non-empty string";
  const pluginId = params["plugin_id"];
  const agentId = params["agent_id"];
  const policy = params["policy"];
  return {
    pluginId: typeof pluginId === "string" && pluginId.length > 0 ? pluginId : manifestId,
    toolName,
    args: (params["args"] ?? null) as JsonValue,
    agentId: typeof agentId === "string" ? agentId : null,
    policy: isJsonObject(policy) ? (policy as JsonObject) : undefined,
  };
}
