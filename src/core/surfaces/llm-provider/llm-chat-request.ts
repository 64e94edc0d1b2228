/**
 * The request of `llm.chat`, decoded from the wire's snake_case into typed camelCase fields;
 * every field is checked, and a bad one is a `-32602` naming its path.
 */
import { showValue } from "../../log";
import type { JsonObject, JsonValue } from "../../wire/wire";
import {
  invalidParams,
  readBoolean,
  readCount,
  readJson,
  readList,
  readName,
  readNumber,
  readObject,
  readOptionalList,
  readOptionalString,
  readString,
  type Fields,
} from "../params";

/** A tool call the model made, in a message or a response. */
export interface LlmToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments, as JSON. */
  readonly arguments: JsonValue;
}

/** One message of the conversation. */
export interface LlmChatMessage {
  /** `system`, `user`, `assistant` or `tool`. */
  readonly role: string;
  readonly content: string;
  /** For a `tool` message: the call it answers. */
  readonly toolCallId?: string;
  readonly name?: string;
  /** For an `assistant` message: the calls it made. */
  readonly toolCalls?: readonly LlmToolCall[];
  /** Attachments, as the daemon sent them. */
  readonly attachments?: readonly JsonValue[];
}

/** A tool the model may call. */
export interface LlmToolDefinition {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of its arguments. */
  readonly parameters: JsonValue;
}

/** Which tool, if any, the model must call. */
export type LlmToolChoice = { readonly kind: "auto" | "any" | "none" } | { readonly kind: "specific"; readonly name: string };

/** A block of the system prompt, with whether the provider should cache it. */
export interface LlmSystemBlock {
  readonly text: string;
  readonly cache: boolean;
}

/** What the daemon asks the provider to complete. */
export interface LlmChatRequest {
  readonly model: string;
  readonly messages: readonly LlmChatMessage[];
  readonly maxTokens: number;
  readonly temperature: number;
  readonly toolChoice: LlmToolChoice;
  /** Whether the provider should cache the tool definitions. */
  readonly cacheTools: boolean;
  /** Present when the daemon sent any. */
  readonly tools?: readonly LlmToolDefinition[];
  readonly systemPrompt?: string;
  readonly stopSequences?: readonly string[];
  readonly systemBlocks?: readonly LlmSystemBlock[];
}

/** The decoded params of one `llm.chat`. */
export interface LlmChatCall {
  readonly provider: string;
  readonly model: string;
  readonly stream: boolean;
  readonly request: LlmChatRequest;
}

/**
 * Decodes `llm.chat` params.
 *
 * @throws RpcReplyError `-32602` naming the first field that is missing or mistyped.
 */
export function decodeChatCall(params: unknown): LlmChatCall {
  const fields = readObject(params, "params");
  return {
    provider: readName(fields["provider"], "params.provider"),
    model: readString(fields["model"], "params.model"),
    // Absent means a plain call, as for the daemon's own serde default.
    stream: fields["stream"] === undefined ? false : readBoolean(fields["stream"], "params.stream"),
    request: decodeRequest(readObject(fields["request"], "params.request"), "params.request"),
  };
}

function decodeRequest(request: Fields, at: string): LlmChatRequest {
  const decoded: { -readonly [K in keyof LlmChatRequest]: LlmChatRequest[K] } = {
    model: readString(request["model"], `${at}.model`),
    messages: readList(request["messages"], `${at}.messages`, decodeMessage),
    maxTokens: readCount(request["max_tokens"], `${at}.max_tokens`),
    temperature: readNumber(request["temperature"], `${at}.temperature`),
    toolChoice: decodeToolChoice(request["tool_choice"], `${at}.tool_choice`),
    cacheTools: readBoolean(request["cache_tools"], `${at}.cache_tools`),
  };
  const tools = readOptionalList(request["tools"], `${at}.tools`, decodeTool);
  if (tools) decoded.tools = tools;
  const systemPrompt = readOptionalString(request["system_prompt"], `${at}.system_prompt`);
  if (systemPrompt !== undefined) decoded.systemPrompt = systemPrompt;
  const stops = readOptionalList(request["stop_sequences"], `${at}.stop_sequences`, readString);
  if (stops) decoded.stopSequences = stops;
  const blocks = readOptionalList(request["system_blocks"], `${at}.system_blocks`, decodeSystemBlock);
  if (blocks) decoded.systemBlocks = blocks;
  return decoded;
}

function decodeMessage(value: unknown, at: string): LlmChatMessage {
  const message = readObject(value, at);
  const decoded: { -readonly [K in keyof LlmChatMessage]: LlmChatMessage[K] } = {
    role: readName(message["role"], `${at}.role`),
    content: readString(message["content"], `${at}.content`),
  };
  const toolCallId = readOptionalString(message["tool_call_id"], `${at}.tool_call_id`);
  if (toolCallId !== undefined) decoded.toolCallId = toolCallId;
  const name = readOptionalString(message["name"], `${at}.name`);
  if (name !== undefined) decoded.name = name;
  const toolCalls = readOptionalList(message["tool_calls"], `${at}.tool_calls`, decodeToolCall);
  if (toolCalls) decoded.toolCalls = toolCalls;
  const attachments = readOptionalList(message["attachments"], `${at}.attachments`, readJson);
  if (attachments) decoded.attachments = attachments;
  return decoded;
}

/** A tool call as the wire carries it; also read back from a provider's response. */
export function decodeToolCall(value: unknown, at: string): LlmToolCall {
  const call = readObject(value, at);
  return {
    id: readString(call["id"], `${at}.id`),
    name: readName(call["name"], `${at}.name`),
    arguments: readJson(call["arguments"]),
  };
}

function decodeTool(value: unknown, at: string): LlmToolDefinition {
  const tool = readObject(value, at);
  return {
    name: readName(tool["name"], `${at}.name`),
    description: readString(tool["description"], `${at}.description`),
    parameters: readJson(tool["parameters"]),
  };
}

const CHOICE_KINDS = new Set(["auto", "any", "none"]);

function decodeToolChoice(value: unknown, at: string): LlmToolChoice {
  const choice = readObject(value, at);
  const kind = choice["kind"];
  if (kind === "specific") return { kind, name: readName(choice["name"], `${at}.name`) };
  if (typeof kind === "string" && CHOICE_KINDS.has(kind)) return { kind: kind as "auto" | "any" | "none" };
  throw invalidParams(`${at}.kind`, `must be "auto", "any", "none" or "specific", got ${showValue(kind)}`);
}

function decodeSystemBlock(value: unknown, at: string): LlmSystemBlock {
  const block = readObject(value, at);
  return { text: readString(block["text"], `${at}.text`), cache: readBoolean(block["cache"], `${at}.cache`) };
}

/** The wire form of a tool call. */
export function encodeToolCall(call: LlmToolCall): JsonObject {
  return { id: call.id, name: call.name, arguments: call.arguments };
}
