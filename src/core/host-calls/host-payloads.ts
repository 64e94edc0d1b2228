/**
 * The shapes of `memory.recall` and `llm.complete`: typed requests encoded to the exact wire
 * params, and host replies decoded leniently (hosts may omit fields) but never blindly. Field
 * names are the wire's, as in the other nexo SDKs, so a result can be published as it is.
 */
import { RpcDecodeError } from "../errors";
import { showValue } from "../log";
import { isJsonObject, type JsonObject, type JsonValue } from "../wire/wire";

/** One memory entry returned by `memory.recall`. Fields the host omitted are defaulted. */
export interface MemoryEntry {
  /** The entry's id (`""` when the host sent none). */
  id: string;
  /** The agent the memory belongs to. */
  agent_id: string;
  /** The remembered text. */
  content: string;
  /** Tags the memory was stored with. */
  tags: string[];
  /** Concept tags the daemon derived. */
  concept_tags: string[];
  /** RFC 3339 creation time (`""` when the host sent none). */
  created_at: string;
  /** The daemon's memory type, or `null`. */
  memory_type: string | null;
}

/** One message of an LLM conversation. */
export interface Message {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
}

/** Token usage of a completion. */
export interface TokenCount {
  prompt_tokens: number;
  completion_tokens: number;
}

/** A completion request sent to the host's LLM. */
export interface LlmCompleteOptions {
  /** Provider name as configured in the daemon, such as `minimax`. */
  provider: string;
  /** Model name. */
  model: string;
  /** The conversation. */
  messages: Message[];
  /** Default 4096. */
  maxTokens?: number;
  /** Default 0.7. */
  temperature?: number;
  /** Sent only when set. */
  systemPrompt?: string;
  /** How long to wait for the host (for a stream: the longest silence between chunks), in milliseconds; default 30 s. */
  timeoutMs?: number;
}

/** Why the model stopped: `stop`, `length`, `tool_use`, or `other:<reason>`. */
export type FinishReason = "stop" | "length" | "tool_use" | `other:${string}`;

/** The host's answer to `llm.complete`. */
export interface LlmCompleteResult {
  /** The text; `null` for a streamed completion, whose text came as chunks. */
  content: string | null;
  /** Why the model stopped. */
  finish_reason: FinishReason;
  /** Token counts (0 when the host omitted them). */
  usage: TokenCount;
}

const DEFAULT_MAX_TOKENS = 4096;
const DEFAULT_TEMPERATURE = 0.7;

/** Encodes the exact `llm.complete` params: optional keys appear only when they apply. */
export function encodeCompletionParams(request: LlmCompleteOptions, stream: boolean): JsonObject {
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

/** Reads one wire memory entry, defaulting what is missing or mistyped. */
export function parseMemoryEntry(value: unknown): MemoryEntry {
  const entry = isJsonObject(value) ? value : {};
  return {
    id: text(entry["id"]),
    agent_id: text(entry["agent_id"]),
    content: text(entry["content"]),
    tags: strings(entry["tags"]),
    concept_tags: strings(entry["concept_tags"]),
    created_at: text(entry["created_at"]),
    memory_type: typeof entry["memory_type"] === "string" ? entry["memory_type"] : null,
  };
}

/**
 * Reads a wire `llm.complete` result (or the final reply of a stream, which carries no
 * `content`), defaulting what is missing: `content` null, `finish_reason` `""`, usage 0.
 */
export function parseLlmCompleteResult(value: unknown): LlmCompleteResult {
  const result = isJsonObject(value) ? value : {};
  const usage = isJsonObject(result["usage"]) ? result["usage"] : {};
  return {
    content: typeof result["content"] === "string" ? result["content"] : null,
    finish_reason: text(result["finish_reason"]) as FinishReason,
    usage: { prompt_tokens: count(usage["prompt_tokens"]), completion_tokens: count(usage["completion_tokens"]) },
  };
}

/** Decodes a `memory.recall` result; a reply without an entries list is a decode failure. */
export function decodeMemoryEntries(result: JsonValue): MemoryEntry[] {
  if (!isJsonObject(result) || !Array.isArray(result["entries"])) {
    throw new RpcDecodeError(`memory.recall result has no entries list: ${showValue(result)}`, { method: "memory.recall" });
  }
  return (result["entries"] as unknown[]).filter(isJsonObject).map(parseMemoryEntry);
}

/** Decodes an `llm.complete` result; a streamed one carries no `content`. */
export function decodeCompletion(result: JsonValue, streamed: boolean): LlmCompleteResult {
  const method = "llm.complete";
  if (!isJsonObject(result)) throw new RpcDecodeError(`${method} result is not an object: ${showValue(result)}`, { method });
  const content = result["content"];
  if (!streamed && typeof content !== "string") {
    throw new RpcDecodeError(`${method} result.content is not a string: ${showValue(content ?? null)}`, { method });
  }
  const finishReason = result["finish_reason"];
  if (typeof finishReason !== "string") {
    throw new RpcDecodeError(`${method} result.finish_reason is not a string: ${showValue(finishReason ?? null)}`, { method });
  }
  const parsed = parseLlmCompleteResult(result);
  return streamed ? { ...parsed, content: null } : parsed;
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
