/**
 * The shapes of `memory.recall` and `llm.complete`: typed requests encoded to the exact wire
 * params, and host replies decoded leniently (hosts may omit fields) but never blindly.
 */
import { HostDecodeError } from "../errors";
import { showValue } from "../log";
import { isJsonObject, type JsonObject, type JsonValue } from "../wire/wire";

/** One memory entry returned by `memory.recall`. Fields the host omitted are defaulted. */
export interface MemoryEntry {
  /** The entry's id (`""` when the host sent none). */
  id: string;
  /** The agent the memory belongs to. */
  agentId: string;
  /** The remembered text. */
  content: string;
  /** Tags the memory was stored with. */
  tags: string[];
  /** Concept tags the daemon derived. */
  conceptTags: string[];
  /** RFC 3339 creation time, or `null`. */
  createdAt: string | null;
  /** The daemon's memory type, or `null`. */
  memoryType: string | null;
}

/** One message of an LLM conversation. */
export interface LlmMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
}

/** A completion request sent to the host's LLM. */
export interface LlmCompleteRequest {
  /** Provider name as configured in the daemon, such as `minimax`. */
  provider: string;
  /** Model name. */
  model: string;
  /** The conversation. */
  messages: LlmMessage[];
  /** Default 4096. */
  maxTokens?: number;
  /** Default 0.7. */
  temperature?: number;
  /** Sent only when set. */
  systemPrompt?: string;
}

/** Why the model stopped: `stop`, `length`, `tool_use`, or `other:<reason>`. */
export type FinishReason = "stop" | "length" | "tool_use" | `other:${string}`;

/** The host's answer to `llm.complete`. */
export interface LlmCompletion {
  /** The text; `null` for a streamed completion, whose text came as chunks. */
  content: string | null;
  /** Why the model stopped. */
  finishReason: FinishReason;
  /** Token counts (0 when the host omitted them). */
  usage: { promptTokens: number; completionTokens: number };
}

const DEFAULT_MAX_TOKENS = 4096;
const DEFAULT_TEMPERATURE = 0.7;

/** Encodes the exact `llm.complete` params: optional keys appear only when they apply. */
export function encodeCompletionParams(request: LlmCompleteRequest, stream: boolean): JsonObject {
  const params: JsonObject = {
    provider: request.provider,
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    temperature: request.temperature ?? DEFAULT_TEMPERATURE,
  };
  if (request.systemPrompt !== undefined) params["system_prompt"] = request.systemPrompt;
  if (stream) params["stream"] = true;
  return params;
}

/** Decodes a `memory.recall` result. */
export function decodeMemoryEntries(result: JsonValue): MemoryEntry[] {
  if (!isJsonObject(result) || !Array.isArray(result["entries"])) {
    throw new HostDecodeError("memory.recall", `result has no entries list: ${showValue(result)}`);
  }
  const entries = result["entries"] as unknown[];
  return entries.filter(isJsonObject).map((entry) => ({
    id: text(entry["id"]),
    agentId: text(entry["agent_id"]),
    content: text(entry["content"]),
    tags: strings(entry["tags"]),
    conceptTags: strings(entry["concept_tags"]),
    createdAt: typeof entry["created_at"] === "string" ? entry["created_at"] : null,
    memoryType: typeof entry["memory_type"] === "string" ? entry["memory_type"] : null,
  }));
}

/** Decodes an `llm.complete` result; a streamed one carries no `content`. */
export function decodeCompletion(result: JsonValue, streamed: boolean): LlmCompletion {
  if (!isJsonObject(result)) throw new HostDecodeError("llm.complete", `result is not an object: ${showValue(result)}`);
  const content = result["content"];
  if (!streamed && typeof content !== "string") {
    throw new HostDecodeError("llm.complete", `result.content is not a string: ${showValue(content ?? null)}`);
  }
  const finishReason = result["finish_reason"];
  if (typeof finishReason !== "string") {
    throw new HostDecodeError("llm.complete", `result.finish_reason is not a string: ${showValue(finishReason ?? null)}`);
  }
  const usage = isJsonObject(result["usage"]) ? result["usage"] : {};
  return {
    content: streamed ? null : (content as string),
    finishReason: finishReason as FinishReason,
    usage: { promptTokens: count(usage["prompt_tokens"]), completionTokens: count(usage["completion_tokens"]) },
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
