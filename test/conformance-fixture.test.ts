/**
 * The conformance fixture (FIXTURE.md), spawned the way cross-SDK suites drive it: from another
 * working directory, configured by JSON, checked frame by frame.
 */
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { WireHost, type AutoResponder, type Frame } from "./support/wire-host";

const FIXTURE = path.join(__dirname, "..", "conformance", "fixture");

const MANIFEST = `[plugin]
id = "conf"
version = "1.0.0"

[[plugin.channels.register]]
kind = "conf"

[plugin.extends]
tools = ["conf_echo", "conf_fail", "conf_slow"]
`;

function fixture(config: Record<string, unknown>, autoRespond?: AutoResponder): WireHost {
  return WireHost.spawn(FIXTURE, ["--config", JSON.stringify({ manifest: MANIFEST, ...config })], { cwd: tmpdir(), autoRespond });
}

const publishes = (host: WireHost): Frame[] => host.notifications("broker.publish");
const payloadOf = (frame: Frame): unknown => ((frame["params"] as Frame)["event"] as Frame)["payload"];

test("prints its capabilities", () => {
  const result = spawnSync(FIXTURE, ["--print-capabilities"], { cwd: tmpdir(), encoding: "utf8" });
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual(["core", "memory", "llm", "tools", "routing", "configure", "credentials", "services", "nats"]);
});

test("anything else is a usage error with exit code 2", () => {
  for (const args of [[], ["--config"], ["--config", "{not json"], ["--bogus"]]) {
    const result = spawnSync(FIXTURE, args, { cwd: tmpdir(), encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: fixture");
    expect(result.stdout).toBe("");
  }
});

test("reports its server version and tool catalog, and routes an event to every matching route", async () => {
  const host = fixture({
    declare_tools: ["conf_echo"],
    tool_handler: "echo",
    routes: [
      { pattern: "plugin.outbound.conf.*", name: "one" },
      { pattern: "plugin.outbound.conf.>", name: "rest" },
      { pattern: "other.topic", name: "never" },
    ],
  });
  const init = await host.request("initialize", { nexo_version: "0.1.0" });
  expect(init["result"]).toMatchObject({
    server_version: "conformance-fixture-0",
    tools: [{ name: "conf_echo", description: "conformance tool conf_echo", input_schema: { type: "object" } }],
  });
  host.sendEvent("plugin.outbound.conf.a", { k: 7 });
  const routed = await host.waitForCount((f) => f["method"] === "broker.publish", 2);
  expect(routed.map(payloadOf)).toEqual([
    { route: "one", topic: "plugin.outbound.conf.a", k: 7 },
    { route: "rest", topic: "plugin.outbound.conf.a", k: 7 },
  ]);
  // The default envelope here is the minimal one.
  expect(Object.keys((routed[0]!["params"] as Frame)["event"] as Frame).sort()).toEqual(["payload", "source", "topic"]);
  const echo = await host.invoke("conf_echo", { x: 1 }, { agent_id: "kate" });
  expect(echo["result"]).toEqual({ echoed: { x: 1 }, agent: "kate", plugin: "conf" });
  await host.request("shutdown", {});
  expect(await host.exited()).toEqual({ code: 0, signal: null });
  expect(host.violations).toEqual([]);
});

test("answers a tool failure with its code and exactly its data", async () => {
  const host = fixture({
    declare_tools: ["conf_echo", "conf_fail"],
    tool_handlers: { conf_fail: "raise:33404", conf_echo: "raise:33402" },
  });
  await host.request("initialize", {});
  expect((await host.invoke("conf_fail", {}))["error"]).toEqual({
    code: -33404,
    message: "unavailable: conf_fail is rate limited",
    data: { retry_after_ms: 5000 },
  });
  expect((await host.invoke("conf_echo", {}))["error"]).toEqual({
    code: -33402,
    message: "invalid argument: q is required",
    data: { details: { field: "q" } },
  });
  await host.request("shutdown", {});
  expect(host.violations).toEqual([]);
});

test("without any tool handling a tool call gets -32601, while declared tools are still advertised", async () => {
  const host = fixture({ declare_tools: ["conf_echo"] });
  const init = await host.request("initialize", {});
  expect((init["result"] as Frame)["tools"]).toHaveLength(1);
  expect((await host.invoke("conf_echo", {}))["error"]).toEqual({ code: -32601, message: expect.stringContaining("tool.invoke") });
  await host.request("shutdown", {});
});

test("streams a completion and publishes the joined chunks", async () => {
  const respond: AutoResponder = (request, h) => {
    if (request["method"] !== "llm.complete") return undefined;
    for (const chunk of ["str", "eam", "ed"]) h.notify("llm.complete.delta", { request_id: request["id"], chunk });
    return { result: { finish_reason: "stop", usage: { prompt_tokens: 1, completion_tokens: 3 } } };
  };
  const host = fixture({ event_handler: "host_call", envelope: "full" }, respond);
  await host.request("initialize", {});
  host.sendEvent("plugin.outbound.conf", { op: "stream" });
  const published = await host.waitFor((f) => f["method"] === "broker.publish");
  expect(payloadOf(published)).toEqual({ joined: "streamed", content_is_none: true, finish_reason: "stop" });
  expect(host.hostRequests[0]!["params"]).toMatchObject({ provider: "minimax", model: "m", stream: true, messages: [{ role: "user", content: "hi" }] });
  await host.request("shutdown", {});
  expect(host.violations).toEqual([]);
});

test("drains a slow handler before the shutdown ack and abandons an unanswered call", async () => {
  const host = fixture({ event_handler: "slow_publish:300" });
  await host.request("initialize", {});
  host.sendEvent("plugin.outbound.conf", { k: "late" });
  const ack = await host.request("shutdown", {});
  expect(ack["result"]).toEqual({ ok: true });
  const published = publishes(host);
  expect(published.map(payloadOf)).toEqual([{ event_seen: "late" }]);
  expect(host.indexOf(published[0]!)).toBeLessThan(host.indexOf(ack));
  expect(await host.exited()).toEqual({ code: 0, signal: null });

  const inflight = fixture({ event_handler: "host_call" });
  await inflight.request("initialize", {});
  inflight.sendEvent("plugin.outbound.conf", { op: "inflight" });
  await inflight.waitFor((f) => f["method"] === "memory.recall");
  expect((await inflight.request("shutdown", {}))["result"]).toEqual({ ok: true });
  expect(await inflight.exited()).toEqual({ code: 0, signal: null });
  expect(inflight.stderrLines).toContain("INFLIGHT_GOT_TRANSPORT");
});

test("drains a slow event and a slow tool call when stdin closes right after shutdown", async () => {
  const host = fixture({ event_handler: "slow_publish:300", declare_tools: ["conf_slow"], tool_handler: "slow:300" });
  await host.request("initialize", {});
  // Everything in one go and stdin closed at once, as a suite that pipes a script would do.
  host.sendEvent("plugin.outbound.conf", { k: "piped" });
  const toolId = host.sendRequest("tool.invoke", { plugin_id: "conf", tool_name: "conf_slow", args: {} });
  const shutdownId = host.sendRequest("shutdown", {});
  host.endInput();
  expect(await host.exited()).toEqual({ code: 0, signal: null });
  expect(publishes(host).map(payloadOf)).toEqual([{ event_seen: "piped" }]);
  const toolReply = host.responses().find((f) => f["id"] === toolId);
  expect(toolReply?.["result"]).toEqual({ content: [{ type: "text", text: "done" }], is_error: false });
  const ack = host.responses().find((f) => f["id"] === shutdownId)!;
  expect(ack["result"]).toEqual({ ok: true });
  expect(host.frames[host.frames.length - 1]).toBe(ack);
  expect(host.violations).toEqual([]);
});

test("tool handling with no declared tool answers every call with tool-not-found", async () => {
  const host = fixture({ tool_handler: "echo" });
  const init = await host.request("initialize", {});
  expect(init["result"]).not.toHaveProperty("tools");
  expect((await host.invoke("conf_echo", {}))["error"]).toEqual({ code: -33401, message: "tool not found: conf_echo" });
  await host.request("shutdown", {});
  expect(host.violations).toEqual([]);
});

test("maps the remaining tool behaviours to their results and codes, without data where none is listed", async () => {
  const host = fixture({
    declare_tools: ["conf_echo", "conf_fail", "conf_slow"],
    tool_handlers: { conf_echo: "text:hello", conf_fail: "raise_generic", conf_slow: "return_unserializable" },
  });
  await host.request("initialize", {});
  expect((await host.invoke("conf_echo", {}))["result"]).toEqual({ content: [{ type: "text", text: "hello" }], is_error: false });
  const generic = (await host.invoke("conf_fail", {}))["error"] as Frame;
  expect(generic["code"]).toBe(-33403);
  expect(generic["message"]).toMatch(/^execution failed: /);
  expect(generic).not.toHaveProperty("data");
  const unserializable = (await host.invoke("conf_slow", {}))["error"] as Frame;
  expect(unserializable["code"]).toBe(-33403);
  expect(unserializable).not.toHaveProperty("data");
  for (const [behaviour, code] of [["raise:33401", -33401], ["not_found", -33401], ["raise:33403", -33403], ["raise:33405", -33405]] as const) {
    const each = fixture({ declare_tools: ["conf_fail"], tool_handler: behaviour });
    await each.request("initialize", {});
    const error = (await each.invoke("conf_fail", {}))["error"] as Frame;
    expect({ behaviour, code: error["code"], hasData: "data" in error }).toEqual({ behaviour, code, hasData: false });
    await each.request("shutdown", {});
  }
  await host.request("shutdown", {});
  expect(host.violations).toEqual([]);
});

test("a declared tool without a behaviour in tool_handlers is not found", async () => {
  const host = fixture({ declare_tools: ["conf_echo", "conf_fail"], tool_handlers: { conf_echo: "echo" } });
  await host.request("initialize", {});
  expect((await host.invoke("conf_fail", {}))["error"]).toEqual({ code: -33401, message: "tool not found: conf_fail" });
  expect((await host.invoke("conf_echo", { a: 1 }, { agent_id: null }))["result"]).toEqual({ echoed: { a: 1 }, agent: null, plugin: "conf" });
  await host.request("shutdown", {});
});

test("handle_signals: true drains on SIGTERM and exits 0; by default the signal is not handled", async () => {
  const handled = fixture({ event_handler: "slow_publish:200", handle_signals: true });
  await handled.request("initialize", {});
  handled.sendEvent("plugin.outbound.conf", { k: "sig" });
  await handled.barrier();
  handled.kill("SIGTERM");
  expect(await handled.exited()).toEqual({ code: 0, signal: null });
  expect(publishes(handled).map(payloadOf)).toEqual([{ event_seen: "sig" }]);

  const unhandled = fixture({ event_handler: "publish_marker" });
  await unhandled.request("initialize", {});
  unhandled.kill("SIGTERM");
  expect(await unhandled.exited()).toEqual({ code: null, signal: "SIGTERM" });
});

test("a config the SDK refuses is a start-up failure: one stderr line naming the problem, exit 1", () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ routes: [{ pattern: "a.>.c", name: "bad" }] }, /DecoratorError: .*"a\.>\.c"/],
    [{ manifest: "[plugin]\nid = \"Bad-Id\"\nversion = \"1.0.0\"\n" }, /ManifestError: .*plugin\.id/],
    [{ declare_tools: ["conf_unlisted"] }, /ManifestError: .*conf_unlisted/],
    [{ declare_tools: ["conf_unlisted"], tool_handler: "echo" }, /ManifestError: .*conf_unlisted/],
  ];
  for (const [config, pattern] of cases) {
    const result = spawnSync(FIXTURE, ["--config", JSON.stringify({ manifest: MANIFEST, ...config })], { cwd: tmpdir(), encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fixture: cannot start: /);
    expect(lines[0]).toMatch(pattern);
  }
});
