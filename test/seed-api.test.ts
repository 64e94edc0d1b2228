/**
 * Plugins written against the seed SDK's API (as nexo-plugin-sdk spells it) run on this
 * package with only the import changed: child processes loading `nexoai` by name, both with
 * `import` and with `require`, driven over the wire.
 */
import * as path from "node:path";
import { WireHost, type Frame } from "./support/wire-host";

const SEED = path.join(__dirname, "fixtures", "seed");

const recallAnswer = (request: Frame) =>
  request["method"] === "memory.recall"
    ? { result: { entries: [{ id: "m1", agent_id: "agent-1", content: "likes tea", tags: [], concept_tags: ["drinks"], created_at: "2026-05-01T00:00:00Z" }] } }
    : request["method"] === "llm.complete"
      ? { result: { content: "hello", finish_reason: "stop", usage: { prompt_tokens: 3, completion_tokens: 1 } } }
      : undefined;

function publishedPayload(frame: Frame): Frame {
  return ((frame["params"] as Frame)["event"] as Frame)["payload"] as Frame;
}

describe.each(["mjs", "cjs"])("the seed's minimal example (.%s)", (ext) => {
  it("answers initialize with its manifest and publishes an Event.new with the full envelope", async () => {
    const host = WireHost.spawn(path.join(SEED, `minimal.${ext}`));
    const init = await host.request("initialize", {});
    expect(((init["result"] as Frame)["manifest"] as { plugin: Frame }).plugin["id"]).toBe("seed_min");
    host.sendEvent("plugin.outbound.seed_min", { text: "hi" });
    const publish = await host.waitFor((f) => f["method"] === "broker.publish");
    const event = (publish["params"] as Frame)["event"] as Frame;
    expect(Object.keys(event).sort()).toEqual(["id", "payload", "session_id", "source", "timestamp", "topic"]);
    expect(event["id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event["source"]).toBe("seed_min");
    expect(event["topic"]).toBe("plugin.inbound.seed_min");
    expect(event["payload"]).toEqual({ echoed: { text: "hi" }, topic: "plugin.outbound.seed_min" });
    expect((await host.request("shutdown"))["result"]).toEqual({ ok: true });
    expect((await host.exitedWithin(5000)).code).toBe(0);
    expect(host.violations).toEqual([]);
  });
});

describe.each(["mjs", "cjs"])("a peer-style tool plugin (.%s)", (ext) => {
  const start = (): WireHost => WireHost.spawn(path.join(SEED, `tool-plugin.${ext}`), [], { autoRespond: recallAnswer });
  const invoke = (host: WireHost, tool: string, args?: unknown) =>
    host.request("tool.invoke", { plugin_id: "seed", tool_name: tool, agent_id: "agent-1", ...(args === undefined ? {} : { args }) });

  it("advertises its catalog and answers tools through onToolWithContext", async () => {
    const host = start();
    const init = await host.request("initialize", {});
    expect(((init["result"] as Frame)["tools"] as Frame[]).map((t) => t["name"])).toContain("seed_echo");
    expect((await invoke(host, "seed_echo", { a: 1 }))["result"]).toEqual({ echoed: { a: 1 }, agent: "agent-1", plugin: "seed" });
    expect((await invoke(host, "seed_recall", { q: "tea" }))["result"]).toEqual({ recalled: ["likes tea"] });
    expect((await invoke(host, "seed_complete"))["result"]).toEqual({
      content: "hello",
      finish_reason: "stop",
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    });
    expect((await invoke(host, "seed_text_error"))["result"]).toEqual({ content: [{ type: "text", text: "not quite" }], is_error: true });
    const llmRequest = host.frames.find((f) => f["method"] === "llm.complete")!;
    expect(llmRequest["params"]).toEqual({ provider: "minimax", model: "m", messages: [{ role: "user", content: "hi" }], max_tokens: 64, temperature: 0.7 });
    expect(host.violations).toEqual([]);
  });

  it.each([
    ["seed_bad_args", { code: -33402, message: "invalid argument: q is required", data: { details: { field: "q" } } }],
    ["seed_busy", { code: -33404, message: "unavailable: rate limited", data: { retry_after_ms: 5000 } }],
    ["seed_denied", { code: -33405, message: "denied: tenant blocked" }],
    ["seed_broken", { code: -33403, message: "execution failed: downstream 500" }],
    ["seed_gone", { code: -33401, message: "tool not found: seed_gone" }],
    ["seed_crash", { code: -33403, message: "execution failed: plain failure" }],
  ])("answers %s with the peer error's code, message and data", async (tool, error) => {
    const host = start();
    expect((await invoke(host, tool))["error"]).toEqual(error);
  });

  it("gives the event handler (topic, event, broker), recalls with an options object and reads wire names", async () => {
    const host = start();
    host.sendEvent("plugin.outbound.seed", { q: "tea" });
    const publish = await host.waitFor((f) => f["method"] === "broker.publish");
    const recall = host.frames.find((f) => f["method"] === "memory.recall")!;
    expect(recall["params"]).toEqual({ agent_id: "agent-1", query: "tea", limit: 2 });
    expect(publishedPayload(publish)).toEqual({ topic: "plugin.outbound.seed", recalled: [["likes tea", "agent-1", ["drinks"]]] });
  });

  it("surfaces a host error as an RpcServerError carrying the code, under the peer's message", async () => {
    const host = WireHost.spawn(path.join(SEED, `tool-plugin.${ext}`), [], {
      autoRespond: () => ({ error: { code: -32603, message: "memory not configured" } }),
    });
    host.sendEvent("plugin.outbound.seed", { q: "tea" });
    const publish = await host.waitFor((f) => f["method"] === "broker.publish");
    expect(publishedPayload(publish)).toEqual({ error: "RpcServerError", code: -32603, isServer: true, message: "rpc error -32603: memory not configured" });
  });

  it("rejects a second run() with a PluginError", async () => {
    const host = start();
    await host.request("shutdown");
    await host.waitForStderr(/second run: WireError plugin-error=true/);
    expect((await host.exitedWithin(5000)).code).toBe(0);
  });
});
