/**
 * CONTRACT.md section 6: tool.invoke over a real child process — success, the typed failures
 * -33401..-33405 with their exact messages and data, and the dispatch rules.
 */
import { startPlugin, startReady } from "./support/fixture";
import { manifestToml, type Frame, type WireHost } from "./support/wire-host";

function expectExactError(reply: Frame, code: number, message: string, data?: unknown): void {
  const error: Frame = { code, message };
  if (data !== undefined) error["data"] = data;
  expect(reply).toEqual({ jsonrpc: "2.0", id: reply["id"], error });
  expect(Object.keys(reply["error"] as Frame).sort()).toEqual(data === undefined ? ["code", "message"] : ["code", "data", "message"]);
}

describe("tool.invoke success", () => {
  it("answers with exactly {jsonrpc, id, result}", async () => {
    const host = await startReady();
    const reply = await host.invoke("demo_text", { text: "hello" }, {}, { id: "t-1" });
    expect(reply).toEqual({ jsonrpc: "2.0", id: "t-1", result: { content: [{ type: "text", text: "hello" }], is_error: false } });
    expect(host.violations).toEqual([]);
  });

  it("passes args, agent_id, plugin_id and policy to the handler", async () => {
    const host = await startReady();
    const reply = await host.invoke("demo_echo", { q: [1, "two", null] }, { plugin_id: "demo", agent_id: "agent-9", policy: { max_cost: 3 } });
    expect(reply["result"]).toEqual({
      tool: "demo_echo",
      args: { q: [1, "two", null] },
      agentId: "agent-9",
      pluginId: "demo",
      policy: { max_cost: 3 },
      contextPluginId: "demo",
    });
  });

  it("gives the handler null for omitted args, a null agent_id when absent, and the manifest id when plugin_id is absent", async () => {
    const host = await startReady();
    const id = host.sendRequest("tool.invoke", { tool_name: "demo_echo" });
    const reply = await host.response(id);
    expect(reply["result"]).toEqual({ tool: "demo_echo", args: null, agentId: null, pluginId: "demo", policy: null, contextPluginId: "demo" });
    const nullArgs = await host.invoke("demo_null_args", null);
    expect(nullArgs["result"]).toEqual({ argsIsNull: true });
    const absentArgs = await host.invoke("demo_null_args");
    expect(absentArgs["result"]).toEqual({ argsIsNull: true });
    expect(host.violations).toEqual([]);
  });

  it("answers a result of undefined with \"result\": null, sync and async", async () => {
    const host = await startReady();
    for (const tool of ["demo_undefined", "demo_undefined_sync"]) {
      const reply = await host.invoke(tool);
      expect(reply).toEqual({ jsonrpc: "2.0", id: reply["id"], result: null });
      expect(Object.keys(reply).sort()).toEqual(["id", "jsonrpc", "result"]);
    }
    expect(host.stdoutText()).toMatch(/"result":null/);
    expect(host.violations).toEqual([]);
  });

  it("works with onTool (no context) as well as onToolWithContext", async () => {
    const host = await startReady({ toolHandler: "plain" });
    const reply = await host.invoke("demo_echo", { a: 1 });
    expect((reply["result"] as Frame)["contextPluginId"]).toBeNull();
    expect((reply["result"] as Frame)["args"]).toEqual({ a: 1 });
  });

  it("returns host data fetched with memory.recall mid-invocation", async () => {
    const host = await startReady({}, {
      autoRespond: (request) =>
        request["method"] === "memory.recall"
          ? { result: { entries: [{ id: "m1", content: `about ${(request["params"] as Frame)["query"]}` }] } }
          : undefined,
    });
    const reply = await host.invoke("demo_recall", { query: "tea" });
    expect(reply["result"]).toEqual({
      ok: true,
      value: [{ id: "m1", agent_id: "", content: "about tea", tags: [], concept_tags: [], created_at: "", memory_type: null }],
    });
    // The call went out while the tool was running, and came back on stdin.
    expect(host.hostRequests.map((r) => r["method"])).toEqual(["memory.recall"]);
    expect(host.indexOf(host.hostRequests[0]!)).toBeLessThan(host.indexOf(reply));
    expect(host.violations).toEqual([]);
  });

  it("answers out of order: a fast tool's reply comes before a slow one's", async () => {
    const host = await startReady();
    const slow = host.sendRequest("tool.invoke", { tool_name: "demo_hold", args: { tag: "A", gate: "tools" } });
    await host.waitForStderr(/\[fixture\] started A/);
    const fast = await host.invoke("demo_echo", { tag: "B" });
    expect(host.responses().some((f) => f["id"] === slow)).toBe(false);
    await host.invoke("demo_release", { gate: "tools" });
    const slowReply = await host.response(slow);
    expect(slowReply["result"]).toEqual({ tag: "A", released: true });
    expect(host.indexOf(fast)).toBeLessThan(host.indexOf(slowReply));
    expect(host.violations).toEqual([]);
  });
});

describe("typed tool failures", () => {
  // Pure request/response checks: one plugin serves them all.
  let host: WireHost;
  beforeAll(async () => {
    host = await startReady({}, { scope: "file" });
  });
  afterEach(() => expect(host.violations).toEqual([]));

  it("-33401 tool not found: prefix, no data", async () => {
    expectExactError(await host.invoke("demo_not_found", { message: "demo_gone" }), -33401, "tool not found: demo_gone");
  });

  it("-33402 invalid argument: data.details only when details were given", async () => {
    expectExactError(
      await host.invoke("demo_argument", { message: "q is required", details: { field: "q", problem: "missing" } }),
      -33402,
      "invalid argument: q is required",
      { details: { field: "q", problem: "missing" } },
    );
    expectExactError(await host.invoke("demo_argument", { message: "q is required" }), -33402, "invalid argument: q is required");
    // Falsy details are still details.
    expectExactError(await host.invoke("demo_argument", { message: "m", details: null }), -33402, "invalid argument: m", { details: null });
    expectExactError(await host.invoke("demo_argument", { message: "m", details: 0 }), -33402, "invalid argument: m", { details: 0 });
    expect(host.violations).toEqual([]);
  });

  it("-33402 from a handler that throws synchronously", async () => {
    expectExactError(await host.invoke("demo_argument_sync"), -33402, "invalid argument: bad query (sync)");
  });

  it("-33403 execution failed: prefix, no data", async () => {
    expectExactError(await host.invoke("demo_execution", { message: "backend 500" }), -33403, "execution failed: backend 500");
  });

  it("-33404 unavailable: data.retry_after_ms only when given", async () => {
    expectExactError(await host.invoke("demo_unavailable", { message: "rate limited", retryAfterMs: 5000 }), -33404, "unavailable: rate limited", {
      retry_after_ms: 5000,
    });
    expectExactError(await host.invoke("demo_unavailable", { message: "rate limited", retryAfterMs: 0 }), -33404, "unavailable: rate limited", {
      retry_after_ms: 0,
    });
    expectExactError(await host.invoke("demo_unavailable", { message: "dependency down" }), -33404, "unavailable: dependency down");
    expect(host.violations).toEqual([]);
  });

  it("-33405 denied: prefix, no data", async () => {
    expectExactError(await host.invoke("demo_denied", { message: "not for you" }), -33405, "denied: not for you");
  });

  it("-33403 for any other thrown value, sync or async", async () => {
    expectExactError(await host.invoke("demo_generic"), -33403, "execution failed: kaput");
    expectExactError(await host.invoke("demo_generic_sync"), -33403, "execution failed: kaput sync");
    expectExactError(await host.invoke("demo_string_throw"), -33403, "execution failed: a plain string");
    expect(host.violations).toEqual([]);
  });

  it("-33403 for a result JSON cannot represent (BigInt, a cycle)", async () => {
    for (const tool of ["demo_bigint", "demo_cycle"]) {
      const reply = await host.invoke(tool);
      expect(Object.keys(reply).sort()).toEqual(["error", "id", "jsonrpc"]);
      const error = reply["error"] as Frame;
      expect(Object.keys(error).sort()).toEqual(["code", "message"]);
      expect(error["code"]).toBe(-33403);
      expect(error["message"]).toMatch(/^execution failed: /);
    }
    // The plugin is still fine afterwards.
    expect((await host.invoke("demo_echo", { ok: 1 }))["result"]).toBeDefined();
    expect(host.violations).toEqual([]);
  });

  it("-33403 for a result JSON renders as nothing (a function, a symbol, toJSON returning undefined), never a reply without result", async () => {
    for (const tool of ["demo_function", "demo_symbol", "demo_to_json_undefined"]) {
      const reply = await host.invoke(tool);
      expect(reply).toEqual({ jsonrpc: "2.0", id: reply["id"], error: { code: -33403, message: expect.stringMatching(/^execution failed: /) } });
    }
    expect(host.violations).toEqual([]);
  });
});

describe("tool.invoke dispatch rules", () => {
  it("answers -32601 when no tool handler is registered, before looking at the params", async () => {
    const host = await startReady({ toolHandler: "none" });
    for (const params of [{ tool_name: "demo_echo", args: {} }, "not an object", { tool_name: "" }, undefined]) {
      const reply = await host.request("tool.invoke", params);
      expect(reply).toEqual({ jsonrpc: "2.0", id: reply["id"], error: { code: -32601, message: expect.any(String) } });
    }
    expect(host.violations).toEqual([]);
  });

  describe("invalid params", () => {
    let host: WireHost;
    beforeAll(async () => {
      host = await startReady({}, { scope: "file" });
    });

    it.each([
      ["params absent", undefined],
      ["params an array", [{ tool_name: "demo_echo" }]],
      ["params a string", "demo_echo"],
      ["tool_name missing", { args: {} }],
      ["tool_name empty", { tool_name: "" }],
      ["tool_name not a string", { tool_name: 7 }],
    ])("answers -32602 when %s", async (_label, params) => {
      const reply = await host.request("tool.invoke", params);
      expect(reply).toEqual({ jsonrpc: "2.0", id: reply["id"], error: { code: -32602, message: expect.any(String) } });
      expect(host.violations).toEqual([]);
    });
  });

  it("never answers a tool.invoke without an id, and logs it", async () => {
    const host = await startReady();
    const before = host.frames.length;
    host.notify("tool.invoke", { tool_name: "demo_echo", args: {} });
    await host.waitForStderr(/tool\.invoke without an id dropped/);
    const barrier = await host.barrier();
    expect(host.frames.slice(before)).toEqual([barrier]);
    expect(host.violations).toEqual([]);
  });

  it("answers -33401 for a name missing from a declared catalog, without calling the handler", async () => {
    const host = await startReady({
      manifest: manifestToml({ tools: ["demo_echo", "demo_text"] }),
      tools: [{ name: "demo_echo", description: "Echo" }],
    });
    expectExactError(await host.invoke("demo_text", { text: "x" }), -33401, "tool not found: demo_text");
    expectExactError(await host.invoke("other_tool"), -33401, "tool not found: other_tool");
    expect((await host.invoke("demo_echo", { a: 1 }))["result"]).toEqual(expect.objectContaining({ args: { a: 1 } }));
    expect(host.violations).toEqual([]);
  });

  it("waits for a running tool at shutdown: its reply precedes the ack", async () => {
    const host = startPlugin({});
    const slow = host.sendRequest("tool.invoke", { tool_name: "demo_slow", args: { tag: "S", ms: 300 } });
    await host.waitForStderr(/\[fixture\] started S/, 10_000);
    const ack = await host.request("shutdown", {});
    expect(ack["result"]).toEqual({ ok: true });
    const reply = host.responses().find((f) => f["id"] === slow);
    expect(reply).toEqual({ jsonrpc: "2.0", id: slow, result: { tag: "S", done: true } });
    expect(host.indexOf(reply!)).toBeLessThan(host.indexOf(ack));
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.violations).toEqual([]);
  });
});
