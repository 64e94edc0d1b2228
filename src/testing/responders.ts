/**
 * Deterministic stand-ins for the daemon's memory and LLM, for tests and the development host.
 */
import type { JsonObject, JsonValue } from "../core/wire/wire";
import { isJsonObject } from "../core/wire/wire";
import { HostRequestError, type HostRequestHandler } from "./host-peer";

/** A memory entry to seed the in-memory store with; missing fields are filled in. */
export interface MemorySeed {
  content: string;
  id?: string;
  agent_id?: string;
  tags?: string[];
  concept_tags?: string[];
  created_at?: string;
  memory_type?: string | null;
}

/**
 * Answers `memory.recall` from `seeds`: entries sharing at least one word with the query
 * (case-insensitive), in seed order, at most `limit`. An empty query matches everything.
 */
export function memoryResponder(seeds: readonly MemorySeed[]): HostRequestHandler {
  const entries = seeds.map((seed, index) => ({
    id: seed.id ?? `mem-${index + 1}`,
    agent_id: seed.agent_id ?? "",
    content: seed.content,
    tags: seed.tags ?? [],
    concept_tags: seed.concept_tags ?? [],
    created_at: seed.created_at ?? "2026-01-01T00:00:00Z",
    memory_type: seed.memory_type ?? null,
  }));
  return (params) => {
    if (!isJsonObject(params) || typeof params["query"] !== "string" || typeof params["agent_id"] !== "string") {
      throw new HostRequestError(-32602, "memory.recall needs agent_id and query strings");
    }
    const limit = typeof params["limit"] === "number" ? Math.min(params["limit"], 1000) : 10;
    const words = wordsOf(params["query"]);
    const hits = entries.filter((e) => words.length === 0 || wordsOf(e.content).some((w) => words.includes(w)));
    return { entries: hits.slice(0, limit) };
  };
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/\W+/).filter(Boolean);
}

/** Options of {@link llmResponder}. */
export interface LlmResponderOptions {
  /** Characters per streamed chunk. Default 8. */
  chunkSize?: number;
  /** Prefix of the echoed text. Default `"echo: "`. */
  prefix?: string;
  /** A fixed reply to give instead of the echo. */
  reply?: string;
}

/**
 * Answers `llm.complete` by echoing the last user message (with a prefix), or with a fixed
 * reply; streamed requests get the text as `llm.complete.delta` chunks, then the final reply
 * without `content`.
 */
export function llmResponder(options: LlmResponderOptions = {}): HostRequestHandler {
  const chunkSize = Math.max(1, options.chunkSize ?? 8);
  const prefix = options.prefix ?? "echo: ";
  return (params, request) => {
    if (!isJsonObject(params) || !Array.isArray(params["messages"])) {
      throw new HostRequestError(-32602, "llm.complete needs a messages list");
    }
    const messages = params["messages"] as JsonValue[];
    const lastUser = [...messages].reverse().find((m) => isJsonObject(m) && m["role"] === "user") as JsonObject | undefined;
    const text = options.reply ?? prefix + (typeof lastUser?.["content"] === "string" ? lastUser["content"] : "");
    const usage = { prompt_tokens: countWords(messages), completion_tokens: text.split(/\s+/).filter(Boolean).length };
    if (params["stream"] !== true) return { content: text, finish_reason: "stop", usage };
    for (let i = 0; i < text.length; i += chunkSize) {
      request.notify("llm.complete.delta", { request_id: request.id, chunk: text.slice(i, i + chunkSize) });
    }
    return { finish_reason: "stop", usage };
  };
}

function countWords(messages: readonly JsonValue[]): number {
  return messages.reduce<number>((sum, m) => {
    const content = isJsonObject(m) ? m["content"] : undefined;
    return sum + (typeof content === "string" ? content.split(/\s+/).filter(Boolean).length : 0);
  }, 0);
}
