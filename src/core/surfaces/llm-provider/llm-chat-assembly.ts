/**
 * The two directions between a streamed and a full `llm.chat` response: chunks assembled into
 * the final reply, and a full response split into the deltas of a stream. Either way the host
 * of a streaming call gets deltas that add up to the reply that follows them.
 */
import type { FinishReason } from "../../host-calls/host-payloads";
import { reasonOf, showValue } from "../../log";
import type { JsonObject, JsonValue } from "../../wire/wire";
import type { LlmToolCall } from "./llm-chat-request";
import type { LlmChatChunk, LlmChatResponse, LlmUsage } from "./llm-chat-response";

interface StreamedCall {
  readonly name: string;
  args: string;
  ended: boolean;
}

/** Collects the chunks of a stream into the response they add up to. */
export class ChatAssembly {
  private text = "";
  private readonly calls = new Map<string, StreamedCall>();
  private usage: LlmUsage | undefined;
  private finishReason: FinishReason | undefined;

  /** Whether an `end` chunk arrived. */
  get ended(): boolean {
    return this.finishReason !== undefined;
  }

  /**
   * Adds a checked chunk; `what` names it in errors (`chunk 3`).
   *
   * @throws TypeError for tool-call chunks out of order (an id started twice, args before the start or after the end).
   */
  add(chunk: LlmChatChunk, what: string): void {
    switch (chunk.type) {
      case "text_delta":
        this.text += chunk.delta;
        return;
      case "tool_call_start":
        if (this.calls.has(chunk.id)) throw new TypeError(`${what} starts tool call ${showValue(chunk.id)} a second time`);
        this.calls.set(chunk.id, { name: chunk.name, args: "", ended: false });
        return;
      case "tool_call_args_delta":
        this.open(chunk.id, what).args += chunk.delta;
        return;
      case "tool_call_end":
        this.open(chunk.id, what).ended = true;
        return;
      case "usage":
        this.usage = chunk.usage;
        return;
      case "end":
        this.finishReason = chunk.finishReason;
    }
  }

  /** The finish reason: the `end` chunk's, else `tool_use` when the model called tools, else `stop`. */
  finish(): FinishReason {
    return this.finishReason ?? (this.calls.size > 0 ? "tool_use" : "stop");
  }

  /**
   * The response the chunks add up to. Tool-call arguments are the JSON their deltas spell
   * (an empty string is `{}`); with tool calls, the content is the calls, as the wire has room
   * for one kind of content only.
   *
   * @throws TypeError for a tool call never ended, or whose arguments are not JSON.
   */
  response(): LlmChatResponse {
    const finishReason = this.finish();
    const usage = this.usage;
    if (this.calls.size === 0) return { content: { type: "text", text: this.text }, usage, finishReason };
    const toolCalls: LlmToolCall[] = [];
    for (const [id, call] of this.calls) {
      if (!call.ended) throw new TypeError(`tool call ${showValue(id)} was started but never ended`);
      toolCalls.push({ id, name: call.name, arguments: parseArguments(id, call.args) });
    }
    return { content: { type: "tool_calls", toolCalls }, usage, finishReason };
  }

  private open(id: string, what: string): StreamedCall {
    const call = this.calls.get(id);
    if (!call) throw new TypeError(`${what} continues tool call ${showValue(id)}, which no tool_call_start began`);
    if (call.ended) throw new TypeError(`${what} continues tool call ${showValue(id)} after its tool_call_end`);
    return call;
  }
}

function parseArguments(id: string, args: string): JsonValue {
  if (args === "") return {};
  try {
    return JSON.parse(args) as JsonValue;
  } catch (error) {
    throw new TypeError(`the streamed arguments of tool call ${showValue(id)} are not JSON (${reasonOf(error)}): ${showValue(args)}`);
  }
}

/** The wire deltas a full `llm.chat` result streams as: its text or its calls, the usage, the end. */
export function deltasOf(result: JsonObject): JsonObject[] {
  const deltas: JsonObject[] = [];
  const content = result["content"] as JsonObject;
  if (content["type"] === "text") {
    if (content["text"] !== "") deltas.push({ type: "text_delta", delta: content["text"] as string });
  } else {
    for (const call of content["tool_calls"] as JsonObject[]) {
      deltas.push({ type: "tool_call_start", id: call["id"] as string, name: call["name"] as string });
      deltas.push({ type: "tool_call_args_delta", id: call["id"] as string, delta: JSON.stringify(call["arguments"]) });
      deltas.push({ type: "tool_call_end", id: call["id"] as string });
    }
  }
  deltas.push({ type: "usage", usage: result["usage"] as JsonObject });
  deltas.push({ type: "end", finish_reason: result["finish_reason"] as JsonObject });
  return deltas;
}
