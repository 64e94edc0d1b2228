/**
 * `llm.chat` over the wire (EXTENSIONS.md), through both APIs: full and streamed responses,
 * `llm.chat.delta` notifications before the final reply, the typed `-33101..-33105` failures,
 * bad params and absent handlers.
 */
import { APIS, errorOf, startExtensions, stopExtensions } from "./support/extensions";
import type { Frame, WireHost } from "./support/wire-host";

interface ChatOptions {
  stream?: boolean;
  provider?: string;
  model?: string;
  request?: Frame;
}

function chatParams(text: string, options: ChatOptions = {}): Frame {
  const model = options.model ?? "m-1";
  return {
    provider: options.provider ?? "echo_llm",
    model,
    stream: options.stream ?? false,
    request: {
      model,
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: text },
      ],
      max_tokens: 64,
      temperature: 0.2,
      tool_choice: { kind: "auto" },
      cache_tools: false,
      ...options.request,
    },
  };
}

/** The deltas sent for request `id`, and whether every one of them precedes the reply. */
function deltasOf(host: WireHost, id: unknown): { chunks: Frame[]; beforeReply: boolean } {
  const replyAt = host.frames.findIndex((f) => f["id"] === id && !("method" in f));
  const deltas = host.frames
    .map((frame, index) => ({ frame, index }))
    .filter(({ frame }) => frame["method"] === "llm.chat.delta" && (frame["params"] as Frame)["request_id"] === id);
  return {
    chunks: deltas.map(({ frame }) => (frame["params"] as Frame)["chunk"] as Frame),
    beforeReply: replyAt !== -1 && deltas.every(({ index }) => index < replyAt),
  };
}

describe.each(APIS)("LLM provider through the %s API", (api) => {
  let host: WireHost;

  beforeAll(async () => {
    host = await startExtensions({ api }, { scope: "file" });
  });
  afterAll(() => stopExtensions(host));

  it("answers a plain call with the full response and sends no delta", async () => {
    const reply = await host.request("llm.chat", chatParams("hi"), { id: 101 });
    expect(reply["result"]).toEqual({
      content: { type: "text", text: "echo: hi" },
      usage: { prompt_tokens: 3, completion_tokens: 2 },
      finish_reason: { kind: "stop" },
      cost_usd: 0.25,
    });
    await host.barrier();
    expect(deltasOf(host, 101).chunks).toEqual([]);
  });

  it("decodes the whole request into camelCase fields, optional ones only when sent", async () => {
    const request = {
      tools: [{ name: "lookup", description: "look it up", parameters: { type: "object" } }],
      system_prompt: "sys",
      stop_sequences: ["END"],
      system_blocks: [{ text: "block", cache: true }],
      tool_choice: { kind: "specific", name: "lookup" },
      cache_tools: true,
    };
    const params = chatParams("describe", { request });
    (params["request"] as { messages: Frame[] }).messages.push({
      role: "assistant",
      content: "",
      tool_calls: [{ id: "c1", name: "lookup", arguments: { q: 1 } }],
    });
    (params["request"] as { messages: Frame[] }).messages.push({ role: "tool", content: "sunny", tool_call_id: "c1", name: "lookup", attachments: [{ kind: "image" }] });
    const reply = await host.request("llm.chat", params);
    const seen = JSON.parse(((reply["result"] as Frame)["content"] as { text: string }).text) as Frame;
    expect(seen).toEqual({
      provider: "echo_llm",
      model: "m-1",
      stream: false,
      request: {
        model: "m-1",
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "describe" },
          { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "lookup", arguments: { q: 1 } }] },
          { role: "tool", content: "sunny", toolCallId: "c1", name: "lookup", attachments: [{ kind: "image" }] },
        ],
        maxTokens: 64,
        temperature: 0.2,
        toolChoice: { kind: "specific", name: "lookup" },
        cacheTools: true,
        tools: [{ name: "lookup", description: "look it up", parameters: { type: "object" } }],
        systemPrompt: "sys",
        stopSequences: ["END"],
        systemBlocks: [{ text: "block", cache: true }],
      },
    });
  });

  it("streams chunks as llm.chat.delta notifications, all before the final reply they add up to", async () => {
    const reply = await host.request("llm.chat", chatParams("stream:the quick fox", { stream: true }), { id: 102 });
    expect(reply["result"]).toEqual({
      content: { type: "text", text: "the quick fox " },
      usage: { prompt_tokens: 4, completion_tokens: 3 },
      finish_reason: { kind: "stop" },
    });
    const { chunks, beforeReply } = deltasOf(host, 102);
    expect(beforeReply).toBe(true);
    expect(chunks).toEqual([
      { type: "text_delta", delta: "the " },
      { type: "text_delta", delta: "quick " },
      { type: "text_delta", delta: "fox " },
      { type: "usage", usage: { prompt_tokens: 4, completion_tokens: 3 } },
      { type: "end", finish_reason: { kind: "stop" } },
    ]);
  });

  it("keeps the deltas of two concurrent streams apart, each in order and ahead of its own reply", async () => {
    const first = host.sendRequest("llm.chat", chatParams("slow:a b c d", { stream: true }), 103);
    const second = host.sendRequest("llm.chat", chatParams("slow:w x y z", { stream: true }), 104);
    await Promise.all([host.response(first), host.response(second)]);
    for (const [id, words] of [
      [first, ["a ", "b ", "c ", "d "]],
      [second, ["w ", "x ", "y ", "z "]],
    ] as const) {
      const { chunks, beforeReply } = deltasOf(host, id);
      expect(beforeReply).toBe(true);
      expect(chunks.filter((c) => c["type"] === "text_delta").map((c) => c["delta"])).toEqual(words);
    }
  });

  it("assembles streamed tool calls and ends a stream the provider left open", async () => {
    const reply = await host.request("llm.chat", chatParams("tools", { stream: true }), { id: 105 });
    expect(reply["result"]).toEqual({
      content: { type: "tool_calls", tool_calls: [{ id: "call-1", name: "lookup", arguments: { q: "weather" } }] },
      usage: { prompt_tokens: 0, completion_tokens: 0 },
      finish_reason: { kind: "tool_use" },
    });
    const { chunks, beforeReply } = deltasOf(host, 105);
    expect(beforeReply).toBe(true);
    expect(chunks.map((c) => c["type"])).toEqual(["tool_call_start", "tool_call_args_delta", "tool_call_args_delta", "tool_call_end", "end"]);
    expect(chunks[4]).toEqual({ type: "end", finish_reason: { kind: "tool_use" } });
  });

  it("sends a full response as deltas too when the call streams", async () => {
    const reply = await host.request("llm.chat", chatParams("long", { stream: true }), { id: 106 });
    expect(reply["result"]).toMatchObject({ content: { type: "text", text: "echo: long" }, finish_reason: { kind: "length" } });
    const { chunks, beforeReply } = deltasOf(host, 106);
    expect(beforeReply).toBe(true);
    expect(chunks).toEqual([
      { type: "text_delta", delta: "echo: long" },
      { type: "usage", usage: { prompt_tokens: 3, completion_tokens: 2 } },
      { type: "end", finish_reason: { kind: "length" } },
    ]);
  });

  it("assembles a stream without sending deltas when the call does not stream", async () => {
    const reply = await host.request("llm.chat", chatParams("stream:just text"), { id: 107 });
    expect(reply["result"]).toMatchObject({ content: { type: "text", text: "just text " } });
    await host.barrier();
    expect(deltasOf(host, 107).chunks).toEqual([]);
  });

  it.each([
    ["-33101 connection failed", "fail:connection", { code: -33101, message: "provider unreachable" }],
    ["-33102 authentication failed", "fail:auth", { code: -33102, message: "authentication failed" }],
    ["-33103 rate limited", "fail:rate", { code: -33103, message: "rate limited: retry after 7 s", data: { retry_after_secs: 7 } }],
    ["-33105 context overflow", "fail:overflow", { code: -33105, message: "too many tokens" }],
  ])("answers %s", async (_label, text, expected) => {
    expect(errorOf(await host.request("llm.chat", chatParams(text)))).toEqual(expected);
  });

  it("answers -33104 for a model the provider does not have", async () => {
    expect(errorOf(await host.request("llm.chat", chatParams("hi", { model: "missing" })))).toEqual({
      code: -33104,
      message: "model not found: missing",
    });
  });

  it("answers a stream failing midway with its typed error, after the deltas already sent", async () => {
    const reply = await host.request("llm.chat", chatParams("stream-fail", { stream: true }), { id: 108 });
    expect(errorOf(reply)).toEqual({ code: -33103, message: "provider throttled mid-stream", data: { retry_after_secs: 5 } });
    const { chunks, beforeReply } = deltasOf(host, 108);
    expect(beforeReply).toBe(true);
    expect(chunks).toEqual([{ type: "text_delta", delta: "partial " }]);
  });

  it("answers a chunk the daemon could not read with -32603 naming it", async () => {
    const error = errorOf(await host.request("llm.chat", chatParams("bad-chunk", { stream: true })));
    expect(error.code).toBe(-32603);
    expect(error.message).toContain('chunk 1 of LLM provider "echo_llm".type is not a chunk type the daemon knows: "nonsense"');
  });

  it.each([
    ["no provider", { ...chatParams("x"), provider: undefined }, "params.provider"],
    ["a non-boolean stream", { ...chatParams("x"), stream: "yes" }, "params.stream"],
    ["no request", { ...chatParams("x"), request: undefined }, "params.request"],
    ["no messages", chatParams("x", { request: { messages: undefined } }), "params.request.messages"],
    ["a message without a role", chatParams("x", { request: { messages: [{ content: "hi" }] } }), "params.request.messages[0].role"],
    ["a fractional max_tokens", chatParams("x", { request: { max_tokens: 1.5 } }), "params.request.max_tokens"],
    ["an unknown tool_choice", chatParams("x", { request: { tool_choice: { kind: "some" } } }), "params.request.tool_choice.kind"],
    ["a specific tool_choice without a name", chatParams("x", { request: { tool_choice: { kind: "specific" } } }), "params.request.tool_choice.name"],
    ["a bad system block", chatParams("x", { request: { system_blocks: [{ text: "a", cache: "no" }] } }), "params.request.system_blocks[0].cache"],
  ])("answers %s with -32602 naming the field", async (_label, params, field) => {
    const error = errorOf(await host.request("llm.chat", params));
    expect(error.code).toBe(-32602);
    expect(error.message).toContain(field);
    expect(error.data).toEqual({ field });
  });

  it("answers a provider it does not serve with -32601 naming it", async () => {
    expect(errorOf(await host.request("llm.chat", chatParams("hi", { provider: "gpt" })))).toEqual({
      code: -32601,
      message: 'method not found: llm.chat (no handler for LLM provider "gpt"; this plugin serves "echo_llm")',
    });
  });
});

describe.each(APIS)("a plugin without an LLM provider (%s API)", (api) => {
  it("answers llm.chat with -32601 saying no provider is registered", async () => {
    const host = await startExtensions({ api, surfaces: ["vector"] });
    expect(errorOf(await host.request("llm.chat", chatParams("hi")))).toEqual({
      code: -32601,
      message: "method not found: llm.chat (the plugin registered no LLM provider)",
    });
    await stopExtensions(host);
  });
});
