/**
 * What an `llm.chat` handler produces (a full response, or chunks of a stream) and its wire
 * encoding. A provider is plugin code, possibly plain JavaScript: each value is checked, and one
 * the daemon could not read is a TypeError naming what is wrong.
 */
import type { FinishReason } from "../../host-calls/host-payloads";
import { showValue } from "../../log";
import { isJsonObject, type JsonObject } from "../../wire/wire";
import { encodeToolCall, type LlmToolCall } from "./llm-chat-request";

/** Token counts of a completion. */
export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

/** What the model produced: text, or tool calls. */
export type LlmChatContent = { type: "text"; text: string } | { type: "tool_calls"; toolCalls: LlmToolCall[] };

/** A full `llm.chat` response. */
export interface LlmChatResponse {
  content: LlmChatContent;
  /** Default zero for both. */
  usage?: LlmUsage;
  /** Why the model stopped: `stop`, `length`, `tool_use` or `other:<reason>`. Default `tool_use` for tool calls, else `stop`. */
  finishReason?: FinishReason;
  /** The provider's prompt-cache figures, passed on as they are. */
  cacheUsage?: JsonObject;
  /** What the call cost, in US dollars. */
  costUsd?: number;
}

/** One piece of a streamed response; a string stands for a `text_delta`. */
export type LlmChatChunk =
  | { type: "text_delta"; delta: string }
  | { type: "tool_call_start"; id: string; name: string }
  | { type: "tool_call_args_delta"; id: string; delta: string }
  | { type: "tool_call_end"; id: string }
  | { type: "usage"; usage: LlmUsage }
  | { type: "end"; finishReason: FinishReason };

/** A value that failed its check; `what` names it (`response.usage`, `chunk 3`). */
function wrong(what: string, problem: string): never {
  throw new TypeError(`${what} ${problem}`);
}

function text(value: unknown, what: string): string {
  return typeof value === "string" ? value : wrong(what, `must be a string, got ${showValue(value)}`);
}

function count(value: unknown, what: string): number {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : wrong(what, `must be a non-negative integer, got ${showValue(value)}`);
}

/** The finish reason the daemon's enum reads. */
export function encodeFinishReason(reason: unknown, what: string): JsonObject {
  if (reason === "stop" || reason === "length" || reason === "tool_use") return { kind: reason };
  if (typeof reason === "string" && reason.startsWith("other:")) return { kind: "other", reason: reason.slice("other:".length) };
  return wrong(what, `must be "stop", "length", "tool_use" or "other:<reason>", got ${showValue(reason)}`);
}

/** Usage as the wire has it. */
export function encodeUsage(usage: unknown, what: string): JsonObject {
  if (!isJsonObject(usage)) return wrong(what, `must be { promptTokens, completionTokens }, got ${showValue(usage)}`);
  return {
    prompt_tokens: count(usage["promptTokens"], `${what}.promptTokens`),
    completion_tokens: count(usage["completionTokens"], `${what}.completionTokens`),
  };
}

function encodeToolCalls(calls: unknown, what: string): JsonObject[] {
  if (!Array.isArray(calls)) return wrong(what, `must be a list of { id, name, arguments }, got ${showValue(calls)}`);
  return calls.map((call: unknown, index) => {
    const at = `${what}[${index}]`;
    if (!isJsonObject(call)) return wrong(at, `must be { id, name, arguments }, got ${showValue(call)}`);
    return encodeToolCall({ id: text(call["id"], `${at}.id`), name: text(call["name"], `${at}.name`), arguments: (call["arguments"] ?? {}) as LlmToolCall["arguments"] });
  });
}

function encodeContent(content: unknown, what: string): JsonObject {
  if (isJsonObject(content) && content["type"] === "text") return { type: "text", text: text(content["text"], `${what}.text`) };
  if (isJsonObject(content) && content["type"] === "tool_calls") {
    return { type: "tool_calls", tool_calls: encodeToolCalls(content["toolCalls"], `${what}.toolCalls`) };
  }
  return wrong(what, `must be { type: "text", text } or { type: "tool_calls", toolCalls }, got ${showValue(content)}`);
}

/** The `llm.chat` result for `response`, its defaults filled in. */
export function encodeResponse(response: unknown, what = "the response"): JsonObject {
  if (!isJsonObject(response)) return wrong(what, `must be { content, usage?, finishReason? } or an async iterable of chunks, got ${showValue(response)}`);
  const content = encodeContent(response["content"], `${what}.content`);
  const wire: JsonObject = {
    content,
    usage: response["usage"] === undefined ? { prompt_tokens: 0, completion_tokens: 0 } : encodeUsage(response["usage"], `${what}.usage`),
    finish_reason: encodeFinishReason(response["finishReason"] ?? (content["type"] === "tool_calls" ? "tool_use" : "stop"), `${what}.finishReason`),
  };
  if (response["cacheUsage"] !== undefined) {
    wire["cache_usage"] = isJsonObject(response["cacheUsage"]) ? (response["cacheUsage"] as JsonObject) : wrong(`${what}.cacheUsage`, `must be an object, got ${showValue(response["cacheUsage"])}`);
  }
  if (response["costUsd"] !== undefined) {
    const cost = response["costUsd"];
    wire["cost_usd"] = typeof cost === "number" && Number.isFinite(cost) ? cost : wrong(`${what}.costUsd`, `must be a finite number, got ${showValue(cost)}`);
  }
  return wire;
}

/** A checked chunk, and its wire form for the `llm.chat.delta` notification. */
export interface CheckedChunk {
  readonly chunk: LlmChatChunk;
  readonly wire: JsonObject;
}

/** Checks one chunk a stream yielded (a string is a `text_delta`) and encodes it. */
export function checkChunk(value: unknown, what: string): CheckedChunk {
  if (typeof value === "string") return { chunk: { type: "text_delta", delta: value }, wire: { type: "text_delta", delta: value } };
  if (!isJsonObject(value)) return wrong(what, `must be a chunk object or a string, got ${showValue(value)}`);
  let chunk: LlmChatChunk;
  switch (value["type"]) {
    case "text_delta":
      chunk = { type: "text_delta", delta: text(value["delta"], `${what}.delta`) };
      break;
    case "tool_call_start":
      chunk = { type: "tool_call_start", id: text(value["id"], `${what}.id`), name: text(value["name"], `${what}.name`) };
      break;
    case "tool_call_args_delta":
      chunk = { type: "tool_call_args_delta", id: text(value["id"], `${what}.id`), delta: text(value["delta"], `${what}.delta`) };
      break;
    case "tool_call_end":
      chunk = { type: "tool_call_end", id: text(value["id"], `${what}.id`) };
      break;
    case "usage": {
      const usage = encodeUsage(value["usage"], `${what}.usage`);
      const counts = { promptTokens: usage["prompt_tokens"] as number, completionTokens: usage["completion_tokens"] as number };
      return { chunk: { type: "usage", usage: counts }, wire: { type: "usage", usage } };
    }
    case "end": {
      const finishReason = value["finishReason"] as FinishReason;
      const wire = { type: "end", finish_reason: encodeFinishReason(finishReason, `${what}.finishReason`) };
      return { chunk: { type: "end", finishReason }, wire };
    }
    default:
      return wrong(`${what}.type`, `is not a chunk type the daemon knows: ${showValue(value["type"])}`);
  }
  return { chunk, wire: { ...chunk } };
}
