/**
 * `plugin.configure` over the wire (SERVICES.md section 1), driven against a PluginAdapter
 * plugin in a child process: validation against the manifest's schema, the handler, hot
 * reload, and what a request sent after the reply sees.
 */
import * as path from "node:path";
import { WireHost, type Frame } from "./support/wire-host";

const SCRIPT = path.join(__dirname, "fixtures", "services-plugin", "main.js");

async function start(config: Record<string, unknown> = {}): Promise<WireHost> {
  const host = WireHost.spawn(SCRIPT, [JSON.stringify(config)]);
  const init = await host.request("initialize", { nexo_version: "0.1.0" }, { timeoutMs: 10_000 });
  expect(init["result"]).toBeDefined();
  return host;
}

const configure = (host: WireHost, value: unknown): Promise<Frame> => host.request("plugin.configure", { value });
const currentConfig = async (host: WireHost): Promise<unknown> =>
  ((await host.invoke("demo_config", {}))["result"] as { config: unknown }).config;
/** The `[fixture] CONFIGURE` records of the handler, parsed. */
const handlerCalls = (host: WireHost): unknown[] =>
  host.stderrLines.filter((l) => l.startsWith("[fixture] CONFIGURE ")).map((l) => JSON.parse(l.slice("[fixture] CONFIGURE ".length)));

async function stop(host: WireHost): Promise<void> {
  await host.request("shutdown", {});
  expect(await host.exited()).toEqual({ code: 0, signal: null });
  expect(host.violations).toEqual([]);
}

test("accepts a list of instances, hands it to the handler and keeps it", async () => {
  const host = await start();
  const instances = [{ token: "a", port: 1 }, { token: "b" }];
  expect(await configure(host, instances)).toEqual({ jsonrpc: "2.0", id: expect.any(Number), result: { ok: true } });
  await host.stderrBarrier();
  expect(handlerCalls(host)).toEqual([{ value: instances, previous: null, reload: false }]);
  expect(await currentConfig(host)).toEqual(instances);
  await stop(host);
});

test("the JSON Schema validator is loaded only once a configuration arrives", async () => {
  const host = await start();
  const before = (await host.invoke("demo_config", {}))["result"] as { ajv_loaded: boolean };
  expect(before.ajv_loaded).toBe(false);
  await configure(host, [{ token: "a" }]);
  const after = (await host.invoke("demo_config", {}))["result"] as { ajv_loaded: boolean };
  expect(after.ajv_loaded).toBe(true);
  await stop(host);
});

test("a single object for shape = array is one instance: the handler always gets a list", async () => {
  const host = await start();
  expect((await configure(host, { token: "solo" }))["result"]).toEqual({ ok: true });
  expect(await currentConfig(host)).toEqual([{ token: "solo" }]);
  await stop(host);
});

test("a null value (no operator entry) is accepted and reaches the handler as null", async () => {
  const host = await start();
  expect((await configure(host, null))["result"]).toEqual({ ok: true });
  await host.stderrBarrier();
  expect(handlerCalls(host)).toEqual([{ value: null, previous: null, reload: false }]);
  expect(await currentConfig(host)).toBeNull();
  await stop(host);
});

test("an instance that breaks the schema is refused naming its index and every bad field; the plugin keeps serving", async () => {
  const host = await start();
  const reply = await configure(host, [{ token: "a" }, { port: "80" }, { token: 5 }]);
  expect(reply["error"]).toEqual({
    code: -32603,
    message: "invalid configuration: [1].token: is required; [1].port: must be integer; [2].token: must be string",
    data: {
      problems: [
        { path: "[1].token", message: "is required" },
        { path: "[1].port", message: "must be integer" },
        { path: "[2].token", message: "must be string" },
      ],
    },
  });
  await host.stderrBarrier();
  expect(handlerCalls(host)).toEqual([]);
  expect(host.stderrLines.some((l) => l.includes("plugin.configure refused") && l.includes("[1].token"))).toBe(true);
  expect(await currentConfig(host)).toBeNull();
  expect((await configure(host, [{ token: "ok" }]))["result"]).toEqual({ ok: true });
  expect(await currentConfig(host)).toEqual([{ token: "ok" }]);
  await stop(host);
});

test("a value that is not an object is named as the element it is", async () => {
  const host = await start();
  const reply = await configure(host, ["token"]);
  expect((reply["error"] as { message: string }).message).toBe("invalid configuration: [0]: must be object");
  await stop(host);
});

test("a list for shape = object is refused", async () => {
  const manifest = `[plugin]
id = "demo"
version = "1.0.0"

[plugin.extends]
tools = ["demo_config"]

[plugin.config_schema]
shape = "object"
schema = '{"type": "object", "additionalProperties": false, "properties": {"token": {"type": "string"}}}'
`;
  const host = await start({ manifest });
  expect((await configure(host, [{ token: "a" }]))["error"]).toMatchObject({
    code: -32603,
    message: 'invalid configuration: (value): must be one object (shape = "object"), got a list',
  });
  expect((await configure(host, { token: "a", tokne: "typo" }))["error"]).toMatchObject({
    message: "invalid configuration: tokne: is not an allowed property",
  });
  expect((await configure(host, { token: "a" }))["result"]).toEqual({ ok: true });
  expect(await currentConfig(host)).toEqual({ token: "a" });
  await stop(host);
});

test("a schema naming draft 2020-12 is checked with that draft; one that cannot compile is a refusal naming the section", async () => {
  const section = (schema: string): string => `[plugin]
id = "demo"
version = "1.0.0"

[plugin.extends]
tools = ["demo_config"]

[plugin.config_schema]
shape = "object"
schema = '${schema}'
`;
  const modern = await start({ manifest: section('{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"tags": {"type": "array", "prefixItems": [{"type": "string"}]}}}') });
  expect((await configure(modern, { tags: [1] }))["error"]).toMatchObject({ message: "invalid configuration: tags[0]: must be string" });
  expect((await configure(modern, { tags: ["a", 1] }))["result"]).toEqual({ ok: true });
  await stop(modern);
  const broken = await start({ manifest: section('{"type": "object", "properties": {"a": {"type": "nonsense"}}}') });
  const reply = await configure(broken, { a: 1 });
  expect((reply["error"] as { message: string }).message).toMatch(/^configuration cannot be checked: \[plugin.config_schema\].schema cannot be compiled: /);
  await stop(broken);
});

test("a hot reload replaces the configuration and runs the handler again with the previous one", async () => {
  const host = await start();
  await configure(host, [{ token: "one" }]);
  expect((await configure(host, [{ token: "two" }, { token: "three" }]))["result"]).toEqual({ ok: true });
  await host.stderrBarrier();
  expect(handlerCalls(host)).toEqual([
    { value: [{ token: "one" }], previous: null, reload: false },
    { value: [{ token: "two" }, { token: "three" }], previous: [{ token: "one" }], reload: true },
  ]);
  expect(await currentConfig(host)).toEqual([{ token: "two" }, { token: "three" }]);
  await stop(host);
});

test("a hot reload the handler refuses is an error reply, and the previous configuration stays", async () => {
  const host = await start({ configure: "refuse-reload" });
  expect((await configure(host, [{ token: "one" }]))["result"]).toEqual({ ok: true });
  const reply = await configure(host, [{ token: "two" }]);
  expect(reply["error"]).toEqual({ code: -32603, message: "configuration refused: hot reload is not supported by this fixture" });
  expect(await currentConfig(host)).toEqual([{ token: "one" }]);
  await host.stderrBarrier();
  expect(host.stderrLines.some((l) => l.includes("refused by the plugin") && l.includes("the previous configuration stays"))).toBe(true);
  await stop(host);
});

test("a handler that refuses the first configuration leaves none", async () => {
  const host = await start({ configure: "refuse" });
  expect((await configure(host, [{ token: "one" }]))["error"]).toEqual({
    code: -32603,
    message: "configuration refused: the fixture refuses every configuration",
  });
  expect(await currentConfig(host)).toBeNull();
  await stop(host);
});

test("requests sent while the handler runs see the old configuration; those sent after the reply see the new one", async () => {
  const host = await start({ configure: "gate" });
  host.sendRequest("plugin.configure", { value: [{ token: "new" }] }, "cfg");
  await host.waitForStderr(/CONFIGURE/);
  // The handler is holding: the daemon's next frames still see what was there before.
  expect(await currentConfig(host)).toBeNull();
  host.sendEvent("plugin.outbound.demo", { do: "open" });
  expect((await host.response("cfg"))["result"]).toEqual({ ok: true });
  host.sendEvent("plugin.outbound.demo", {});
  const published = await host.waitFor((f) => f["method"] === "broker.publish");
  expect(((published["params"] as Frame)["event"] as Frame)["payload"]).toEqual({ config: [{ token: "new" }] });
  expect(await currentConfig(host)).toEqual([{ token: "new" }]);
  await stop(host);
});

test("configurations are applied one at a time, in the order they arrived", async () => {
  const host = await start({ configure: "gate" });
  host.sendRequest("plugin.configure", { value: [{ token: "first" }] }, "a");
  host.sendRequest("plugin.configure", { value: [{ token: "second" }] }, "b");
  await host.waitForStderr(/CONFIGURE/);
  host.sendEvent("plugin.outbound.demo", { do: "open" });
  await host.response("a");
  await host.response("b");
  expect(host.responses().map((f) => f["id"]).filter((id) => id === "a" || id === "b")).toEqual(["a", "b"]);
  expect(handlerCalls(host)).toEqual([
    { value: [{ token: "first" }], previous: null, reload: false },
    { value: [{ token: "second" }], previous: [{ token: "first" }], reload: true },
  ]);
  expect(await currentConfig(host)).toEqual([{ token: "second" }]);
  await stop(host);
});

test("without a handler the value is still validated and kept", async () => {
  const host = await start({ configure: "none" });
  expect((await configure(host, [{}]))["error"]).toMatchObject({ code: -32603, message: "invalid configuration: [0].token: is required" });
  expect((await configure(host, [{ token: "kept" }]))["result"]).toEqual({ ok: true });
  expect(await currentConfig(host)).toEqual([{ token: "kept" }]);
  await stop(host);
});

test("a custom validator replaces the schema check and shapes what the handler receives", async () => {
  const host = await start({ configure: "upper" });
  expect((await configure(host, [{ token: "x" }, { nope: 1 }]))["error"]).toMatchObject({
    message: "invalid configuration: [1].token: must be a string (custom check)",
  });
  expect((await configure(host, [{ token: "abc", port: "not checked" }]))["result"]).toEqual({ ok: true });
  expect(await currentConfig(host)).toEqual([{ token: "ABC" }]);
  await stop(host);
});

test("params without value, or not an object, are -32602 naming the field", async () => {
  const host = await start();
  expect((await host.request("plugin.configure", {}))["error"]).toEqual({
    code: -32602,
    message: "invalid params: params.value is required (null when nothing is configured)",
  });
  expect((await host.request("plugin.configure", [1]))["error"]).toMatchObject({ code: -32602, message: expect.stringContaining("params must be an object") });
  expect((await host.request("plugin.configure"))["error"]).toMatchObject({ code: -32602 });
  expect(await currentConfig(host)).toBeNull();
  await stop(host);
});

test("a plugin without [plugin.config_schema] answers -32601 saying so", async () => {
  const manifest = `[plugin]
id = "demo"
version = "1.0.0"

[plugin.extends]
tools = ["demo_config"]
`;
  const host = await start({ manifest, configure: "none" });
  expect((await configure(host, { token: "a" }))["error"]).toEqual({
    code: -32601,
    message: "method not found: plugin.configure (the manifest has no [plugin.config_schema])",
  });
  await stop(host);
});

test("onConfigure without [plugin.config_schema] fails the start, naming the section", async () => {
  const manifest = `[plugin]
id = "demo"
version = "1.0.0"

[plugin.extends]
tools = ["demo_config"]
`;
  const host = WireHost.spawn(SCRIPT, [JSON.stringify({ manifest })]);
  const status = await host.exited();
  expect(status.code).not.toBe(0);
  expect(host.stderrLines.join("\n")).toContain("plugin.config_schema: is missing");
  expect(host.stdoutText()).toBe("");
});
