/**
 * CONTRACT.md section 5: the plugin's own requests, memory.recall and llm.complete (streamed
 * too), answered by the test as the daemon would, or left unanswered.
 */
import { INBOUND_TOPIC, OUTBOUND_TOPIC, startReady } from "./support/fixture";
import type { AutoReply, AutoResponder, Frame } from "./support/wire-host";

const ENTRY = {
  id: "mem-1",
  agent_id: "agent-1",
  content: "the user likes tea",
  tags: ["pref"],
  concept_tags: ["tea", "drinks"],
  created_at: "2026-05-01T00:00:00Z",
  memory_type: "fact",
};

const DECODED_ENTRY = {
  id: "mem-1",
  agent_id: "agent-1",
  content: "the user likes tea",
  tags: ["pref"],
  concept_tags: ["tea", "drinks"],
  created_at: "2026-05-01T00:00:00Z",
  memory_type: "fact",
};

const MESSAGES = [
  { role: "system", content: "be brief" },
  { role: "user", content: "hi" },
];

/** Answers every request of `method` with `reply`. */
function answer(method: string, reply: AutoReply): AutoResponder {
  return (request) => (request["method"] === method ? reply : undefined);
}

function toolResult(reply: Frame): Frame {
  expect(Object.keys(reply).sort()).toEqual(["id", "jsonrpc", "result"]);
  return reply["result"] as Frame;
}

describe("memory.recall", () => {
  it("sends exactly {agent_id, query, limit} with limit 10 by default, on ids increasing from 1", async () => {
    const host = await startReady({}, { autoRespond: answer("memory.recall", { result: { entries: [] } }) });
    await host.invoke("demo_recall", { query: "tea" });
    await host.invoke("demo_recall", { query: "coffee", limit: 3, agentId: "agent-7" });
    expect(host.hostRequests).toEqual([
      { jsonrpc: "2.0", id: 1, method: "memory.recall", params: { agent_id: "agent-1", query: "tea", limit: 10 } },
      { jsonrpc: "2.0", id: 2, method: "memory.recall", params: { agent_id: "agent-7", query: "coffee", limit: 3 } },
    ]);
    expect(host.violations).toEqual([]);
  });

  it("resolves with the host's entries, decoded leniently", async () => {
    const partial = { id: "mem-2", content: "only some fields" };
    const host = await startReady({}, { autoRespond: answer("memory.recall", { result: { entries: [ENTRY, partial] } }) });
    const reply = await host.invoke("demo_recall", { query: "tea" });
    expect(toolResult(reply)).toEqual({
      ok: true,
      value: [
        DECODED_ENTRY,
        { id: "mem-2", agent_id: "", content: "only some fields", tags: [], concept_tags: [], created_at: "", memory_type: null },
      ],
    });
    expect(host.violations).toEqual([]);
  });

  it("rejects with an RpcServerError carrying the host's code, message and data", async () => {
    const host = await startReady({}, {
      autoRespond: answer("memory.recall", { error: { code: -32603, message: "memory not configured", data: { backend: "none" } } }),
    });
    const reply = await host.invoke("demo_recall", { query: "tea" });
    expect(toolResult(reply)).toEqual({
      ok: false,
      error: { name: "RpcServerError", code: -32603, message: expect.stringContaining("memory not configured"), data: { backend: "none" } },
    });
    host.setAutoResponder(answer("memory.recall", { error: { code: -32602, message: "limit out of range" } }));
    const second = await host.invoke("demo_recall", { query: "tea", limit: 5000 });
    expect((toolResult(second)["error"] as Frame)["code"]).toBe(-32602);
    expect(host.violations).toEqual([]);
  });

  it("rejects with an RpcDecodeError when the reply has the wrong shape", async () => {
    const host = await startReady({}, { autoRespond: answer("memory.recall", { result: { items: [] } }) });
    const reply = await host.invoke("demo_recall", { query: "tea" });
    expect(toolResult(reply)).toEqual({ ok: false, error: expect.objectContaining({ name: "RpcDecodeError" }) });
  });

  it("times out, keeps dispatching, and drops the late reply with a stderr line", async () => {
    const host = await startReady({ options: { callTimeoutMs: 200 } });
    const reply = await host.invoke("demo_recall", { query: "slow" });
    expect(toolResult(reply)).toEqual({
      ok: false,
      error: { name: "RpcTimeoutError", code: null, message: "no host reply to memory.recall within 0.2s", data: null },
    });
    await host.waitForStderr(/memory\.recall \(id 1\) timed out after 200 ms/);
    // The late reply matches no pending call any more.
    host.send({ jsonrpc: "2.0", id: 1, result: { entries: [ENTRY] } });
    await host.waitForStderr(/response for unknown id 1 dropped/);
    // Dispatch survived: a tool and a second call still work.
    host.setAutoResponder(answer("memory.recall", { result: { entries: [ENTRY] } }));
    const next = await host.invoke("demo_recall", { query: "again" });
    expect(toolResult(next)).toEqual({ ok: true, value: [DECODED_ENTRY] });
    expect(host.hostRequests.map((r) => r["id"])).toEqual([1, 2]);
    expect(host.violations).toEqual([]);
  });

  it("honours a per-call timeout", async () => {
    const host = await startReady();
    const started = Date.now();
    const reply = await host.invoke("demo_recall", { query: "slow", timeoutMs: 150 });
    expect(toolResult(reply)["error"]).toEqual(expect.objectContaining({ name: "RpcTimeoutError", message: "no host reply to memory.recall within 0.15s" }));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("matches replies by id when the host answers out of order", async () => {
    const host = await startReady();
    const first = host.sendRequest("tool.invoke", { tool_name: "demo_recall", args: { query: "first" } });
    const second = host.sendRequest("tool.invoke", { tool_name: "demo_recall", args: { query: "second" } });
    await host.waitForCount((f) => f["method"] === "memory.recall", 2);
    const [a, b] = host.hostRequests;
    expect((a!["params"] as Frame)["query"]).toBe("first");
    expect((b!["params"] as Frame)["query"]).toBe("second");
    host.send({ jsonrpc: "2.0", id: b!["id"], result: { entries: [{ ...ENTRY, id: "for-second" }] } });
    const secondReply = await host.response(second);
    host.send({ jsonrpc: "2.0", id: a!["id"], result: { entries: [{ ...ENTRY, id: "for-first" }] } });
    const firstReply = await host.response(first);
    expect(((toolResult(firstReply)["value"] as Frame[])[0]!)["id"]).toBe("for-first");
    expect(((toolResult(secondReply)["value"] as Frame[])[0]!)["id"]).toBe("for-second");
    expect(host.indexOf(secondReply)).toBeLessThan(host.indexOf(firstReply));
    expect(host.violations).toEqual([]);
  });
});

describe("id spaces", () => {
  it("keeps host ids and the plugin's own ids apart: both may be 1 at the same time", async () => {
    const host = await startReady();
    host.sendRequest("tool.invoke", { tool_name: "demo_recall", args: { query: "same id" } }, 1);
    const call = await host.waitFor((f) => f["method"] === "memory.recall");
    expect(call["id"]).toBe(1);
    // The host's answer to the plugin's request 1 is not mistaken for anything else...
    host.send({ jsonrpc: "2.0", id: 1, result: { entries: [ENTRY] } });
    // ...and the plugin's answer to the host's request 1 carries the recalled data.
    const reply = await host.response(1);
    expect(reply).toEqual({ jsonrpc: "2.0", id: 1, result: { ok: true, value: [DECODED_ENTRY] } });
    expect(host.responses().filter((f) => f["id"] === 1)).toHaveLength(1);
    expect(host.violations).toEqual([]);
  });
});

describe("llm.complete", () => {
  const completion = { content: "hello!", finish_reason: "stop", usage: { prompt_tokens: 12, completion_tokens: 3 } };

  it("sends exactly the five required params with the defaults", async () => {
    const host = await startReady({}, { autoRespond: answer("llm.complete", { result: completion }) });
    const reply = await host.invoke("demo_llm", { request: { provider: "minimax", model: "m1", messages: MESSAGES } });
    expect(host.hostRequests).toEqual([
      {
        jsonrpc: "2.0",
        id: 1,
        method: "llm.complete",
        params: { provider: "minimax", model: "m1", messages: MESSAGES, max_tokens: 4096, temperature: 0.7 },
      },
    ]);
    expect(toolResult(reply)).toEqual({
      ok: true,
      value: { content: "hello!", finish_reason: "stop", usage: { prompt_tokens: 12, completion_tokens: 3 } },
    });
    expect(host.violations).toEqual([]);
  });

  it("adds system_prompt only when set and keeps explicit zero values", async () => {
    const host = await startReady({}, { autoRespond: answer("llm.complete", { result: completion }) });
    await host.invoke("demo_llm", {
      request: { provider: "p", model: "m", messages: MESSAGES, maxTokens: 100, temperature: 0, systemPrompt: "you are terse" },
    });
    expect(host.hostRequests[0]!["params"]).toEqual({
      provider: "p",
      model: "m",
      messages: MESSAGES,
      max_tokens: 100,
      temperature: 0,
      system_prompt: "you are terse",
    });
  });

  it("rejects with the host's code (-32601 when the provider answered with tool calls)", async () => {
    const host = await startReady({}, { autoRespond: answer("llm.complete", { error: { code: -32601, message: "provider returned tool calls" } }) });
    const reply = await host.invoke("demo_llm", { request: { provider: "p", model: "m", messages: MESSAGES } });
    expect(toolResult(reply)).toEqual({ ok: false, error: expect.objectContaining({ name: "RpcServerError", code: -32601 }) });
  });

  it.each(["length", "tool_use", "other:content_filter"])("passes finish_reason %s through as sent", async (finishReason) => {
    const host = await startReady({}, { autoRespond: answer("llm.complete", { result: { ...completion, finish_reason: finishReason } }) });
    const reply = await host.invoke("demo_llm", { request: { provider: "p", model: "m", messages: MESSAGES } });
    expect(toolResult(reply)).toEqual({ ok: true, value: expect.objectContaining({ finish_reason: finishReason }) });
  });

  it.each([
    ["no content", { finish_reason: "stop", usage: completion.usage }, /result\.content is not a string: null/],
    ["no finish_reason", { content: "hi", usage: completion.usage }, /result\.finish_reason is not a string: null/],
    ["not an object", ["hi"], /result is not an object/],
  ])("rejects with an RpcDecodeError when the result has %s", async (_label, result, message) => {
    const host = await startReady({}, { autoRespond: answer("llm.complete", { result }) });
    const reply = await host.invoke("demo_llm", { request: { provider: "p", model: "m", messages: MESSAGES } });
    expect(toolResult(reply)).toEqual({ ok: false, error: expect.objectContaining({ name: "RpcDecodeError", message: expect.stringMatching(message) }) });
    expect(host.violations).toEqual([]);
  });

  describe("streaming", () => {
    /** Streams `chunks` as deltas of the llm.complete request, then answers it with `final`. */
    function streamingHost(chunks: string[], final: AutoReply): AutoResponder {
      return (request, host) => {
        if (request["method"] !== "llm.complete") return undefined;
        for (const chunk of chunks) host.notify("llm.complete.delta", { request_id: request["id"], chunk });
        return final;
      };
    }

    it("sends stream: true, yields the chunks in order and resolves a final result whose content is null", async () => {
      const chunks = ["Hel", "lo, ", "wor", "ld", "!"];
      const host = await startReady({}, {
        autoRespond: streamingHost(chunks, { result: { finish_reason: "length", usage: { prompt_tokens: 5, completion_tokens: 5 } } }),
      });
      const reply = await host.invoke("demo_stream", { request: { provider: "p", model: "m", messages: MESSAGES } });
      expect(host.hostRequests[0]!["params"]).toEqual({
        provider: "p",
        model: "m",
        messages: MESSAGES,
        max_tokens: 4096,
        temperature: 0.7,
        stream: true,
      });
      expect(toolResult(reply)).toEqual({
        chunks,
        final: { ok: true, value: { content: null, finish_reason: "length", usage: { prompt_tokens: 5, completion_tokens: 5 } } },
      });
      expect(host.violations).toEqual([]);
    });

    it("ends the iteration on a host error mid-stream and rejects the result with the host's code", async () => {
      const host = await startReady({}, {
        autoRespond: streamingHost(["partial ", "answer"], { error: { code: -32603, message: "provider failed mid-stream" } }),
      });
      const reply = await host.invoke("demo_stream", { request: { provider: "p", model: "m", messages: MESSAGES } });
      expect(toolResult(reply)).toEqual({
        chunks: ["partial ", "answer"],
        final: { ok: false, error: expect.objectContaining({ name: "RpcServerError", code: -32603 }) },
      });
    });

    it("drops a delta for an unknown request id with a stderr line and no frame", async () => {
      const host = await startReady();
      const before = host.frames.length;
      host.notify("llm.complete.delta", { request_id: 99, chunk: "lost" });
      await host.waitForStderr(/llm\.complete\.delta for unknown request id 99 dropped/);
      const barrier = await host.barrier();
      expect(host.frames.slice(before)).toEqual([barrier]);
      expect(host.violations).toEqual([]);
    });
  });
});

describe("teardown", () => {
  it("rejects a call still pending at shutdown with a transport error, and shutdown completes", async () => {
    const host = await startReady();
    host.sendEvent(OUTBOUND_TOPIC, { do: "recall-pending", tag: "pending" });
    await host.waitFor((f) => f["method"] === "memory.recall");
    const started = Date.now();
    const ack = await host.request("shutdown", { reason: "test" });
    expect(ack).toEqual({ jsonrpc: "2.0", id: ack["id"], result: { ok: true } });
    // Shutdown did not wait for the 30 s call timeout.
    expect(Date.now() - started).toBeLessThan(3000);
    await host.waitForStderr(/\[fixture\] RECALL_FAILED RpcTransportError transport=true/);
    // The handler's reaction to the rejection was drained before the ack.
    const published = host.notifications("broker.publish");
    expect(published).toHaveLength(1);
    const event = (published[0]!["params"] as Frame)["event"] as Frame;
    expect(event["topic"]).toBe(INBOUND_TOPIC);
    expect(event["payload"]).toEqual({ tag: "pending", error: "RpcTransportError" });
    expect(host.indexOf(published[0]!)).toBeLessThan(host.indexOf(ack));
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    // A reply arriving after the abandon is too late to matter; nothing else was written.
    expect(host.violations).toEqual([]);
  });

  it("rejects a call with a transport error at once when its request cannot be written", async () => {
    const host = await startReady({ options: { callTimeoutMs: 20_000 } });
    // The host stops reading: the request of the next call is the write that fails.
    host.closeOutput();
    const sentAt = Date.now();
    host.sendEvent(OUTBOUND_TOPIC, { do: "recall-pending", tag: "epipe" });
    await host.waitForStderr(/stdout closed, frames from now on are discarded/);
    const failure = await host.waitForStderr(/\[fixture\] RECALL_/);
    expect(failure).toMatch(/^\[fixture\] RECALL_FAILED RpcTransportError transport=true: /);
    expect(Date.now() - sentAt).toBeLessThan(5000);
    host.endInput();
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
  });

  it("rejects a pending call on stdin EOF too, and exits 0", async () => {
    const host = await startReady();
    host.sendEvent(OUTBOUND_TOPIC, { do: "recall-pending", tag: "eof" });
    await host.waitFor((f) => f["method"] === "memory.recall");
    const closedAt = Date.now();
    host.endInput();
    expect(await host.exitedWithin(3000)).toEqual({ code: 0, signal: null });
    // Under the 1 s exit grace: the abandoned call's 30 s timer did not hold the process.
    expect(Date.now() - closedAt).toBeLessThan(800);
    expect(host.stderrLines.some((l) => /RECALL_FAILED RpcTransportError/.test(l))).toBe(true);
    expect(host.notifications("broker.publish")).toHaveLength(1);
    expect(host.responses().filter((f) => f["id"] !== "ready")).toEqual([]);
  });
});
