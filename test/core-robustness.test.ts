/**
 * Inputs and handler results that must never take the runtime down or put a non-JSON byte on
 * stdout, driven in-process through the public PluginAdapter and bootstrap APIs.
 */
import { PassThrough, Writable } from "node:stream";
import { startInProcess, type Harness } from "./support/in-process";
import { bootstrap, ManifestError, NexoPlugin, OnEvent, Plugin, PluginAdapter, WireError, type PluginAdapterOptions } from "../src";

const MANIFEST = `[plugin]
id = "robust"
version = "1.0.0"

[[plugin.channels.register]]
kind = "robust"

[plugin.extends]
tools = ["robust_echo"]
`;

function start(options: PluginAdapterOptions = {}, setup: (adapter: PluginAdapter) => void = () => undefined): Harness {
  return startInProcess(MANIFEST, options, setup);
}

const byId = (id: unknown) => (frame: Record<string, unknown>) => frame["id"] === id && frame["method"] === undefined;

test("a reply with an id nested too deeply to render is dropped with a log line, and dispatch goes on", async () => {
  const h = start();
  const depth = 200_000;
  h.stdin.write(`{"jsonrpc":"2.0","id":${"[".repeat(depth)}${"]".repeat(depth)},"result":1}\n`);
  h.stdin.write(`{"jsonrpc":"2.0","id":7,"method":"nope"}\n`);
  const reply = await h.next(byId(7));
  expect(reply["error"]).toEqual({ code: -32601, message: "method not found: nope" });
  expect(h.stderr.some((l) => l.includes("response for unknown id"))).toBe(true);
  h.stdin.end();
  expect(await h.running).toBe(0);
});

test("a tool whose input schema cannot be serialized is refused when declared, naming the tool", () => {
  expect(() =>
    start({}, (a) => a.tools([{ name: "robust_echo", description: "x", inputSchema: { enum: [1n] as never } }])),
  ).toThrow(ManifestError);
  expect(() => new PluginAdapter({ manifest: { plugin: { id: "robust", version: "1.0.0", big: 1n } } as never, handleProcessSignals: false })).toThrow(
    /not JSON-serializable/,
  );
});

test("a tool entry from JavaScript without a description string or with a non-object schema is refused, naming the tool", async () => {
  const declare = (tool: unknown) => () => start({}, (a) => a.tools([tool as never]));
  expect(declare({ name: "robust_echo", inputSchema: { type: "object" } })).toThrow(/tool "robust_echo" needs a description string, got undefined/);
  expect(declare({ name: "robust_echo", description: 7 })).toThrow(/tool "robust_echo" needs a description string, got 7/);
  for (const schema of [null, "object", [{ type: "object" }], 1]) {
    expect(declare({ name: "robust_echo", description: "x", inputSchema: schema })).toThrow(
      /the input schema of tool "robust_echo" must be a JSON Schema object/,
    );
  }
  // The schema may be left out: the catalog then advertises {}.
  const h = start({}, (a) => a.tools([{ name: "robust_echo", description: "x" }]));
  h.stdin.write(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}\n`);
  expect(((await h.next(byId(1)))["result"] as Record<string, unknown>)["tools"]).toEqual([{ name: "robust_echo", description: "x", input_schema: {} }]);
  h.stdin.end();
  expect(await h.running).toBe(0);
});

test("publish refuses a topic or envelope field with no JSON form, and writes nothing", async () => {
  const h = start();
  await expect(h.adapter.broker.publish(undefined as never, {})).rejects.toThrow(TypeError);
  await expect(h.adapter.broker.publish("plugin.inbound..robust", {})).rejects.toThrow(TypeError);
  await expect(h.adapter.broker.publish("plugin.inbound.robust", {}, { correlationId: Symbol("x") as never })).rejects.toThrow(
    /correlationId/,
  );
  await expect(h.adapter.broker.publish("plugin.inbound.robust", () => 1)).rejects.toThrow(/payload/);
  await expect(h.adapter.broker.publish("plugin.inbound.robust", {}, { sessionId: "session-1" })).rejects.toThrow(
    'publish option sessionId must be a UUID string or null, got "session-1"',
  );
  await expect(h.adapter.broker.publish("plugin.inbound.robust", {}, { sessionId: 7 as never })).rejects.toThrow(/sessionId .* got 7/);
  // Refused before the allowlist saw the topic: no warning for a publish that never went out.
  await expect(h.adapter.broker.publish("not.allowed", {}, { sessionId: "session-1" })).rejects.toThrow(TypeError);
  await h.adapter.broker.publish("also.not.allowed", {});
  while (!h.stderr.some((l) => l.includes('"also.not.allowed"'))) await new Promise((resolve) => setImmediate(resolve));
  expect(h.stderr.filter((l) => l.includes('"not.allowed"'))).toEqual([]);
  await h.adapter.idle();
  expect(h.lines.filter((l) => !l.includes('"also.not.allowed"'))).toEqual([]);
  h.stdin.end();
  await h.running;
});

test("shutdown does not wait past the drain limit for a handler that never settles", async () => {
  const h = start({ drainTimeoutMs: 200 }, (a) => a.onEvent(() => new Promise(() => undefined)));
  h.stdin.write(
    JSON.stringify({ jsonrpc: "2.0", method: "broker.event", params: { topic: "t.x", event: { topic: "t.x", source: "s", payload: {} } } }) + "\n",
  );
  const started = Date.now();
  h.stdin.write(`{"jsonrpc":"2.0","id":"bye","method":"shutdown"}\n`);
  expect((await h.next(byId("bye")))["result"]).toEqual({ ok: true });
  expect(Date.now() - started).toBeLessThan(2000);
  expect(h.stderr.some((l) => l.includes("1 handler(s) still running after 200 ms"))).toBe(true);
  expect(await h.running).toBe(0);
});

test("a tool call still running when the drain limit expires is answered -33403 before the ack, and only once", async () => {
  let finishTool!: () => void;
  const h = start({ drainTimeoutMs: 200 }, (a) =>
    a.tools([{ name: "robust_echo", description: "x", inputSchema: { type: "object" } }]).onTool(
      () => new Promise((resolve) => (finishTool = () => resolve({ late: true }))),
    ),
  );
  h.stdin.write(`{"jsonrpc":"2.0","id":"slow","method":"tool.invoke","params":{"tool_name":"robust_echo","args":{}}}\n`);
  h.stdin.write(`{"jsonrpc":"2.0","id":"bye","method":"shutdown"}\n`);
  const ack = await h.next(byId("bye"));
  expect(ack["result"]).toEqual({ ok: true });
  const replies = h.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter(byId("slow"));
  expect(replies).toEqual([
    { jsonrpc: "2.0", id: "slow", error: { code: -33403, message: "execution failed: robust_echo did not finish within the 200 ms shutdown drain" } },
  ]);
  expect(h.lines.findIndex((l) => l.includes('"id":"slow"'))).toBeLessThan(h.lines.findIndex((l) => l.includes('"id":"bye"')));
  // The handler settling later writes nothing more for that request, and says so on stderr.
  finishTool();
  await new Promise((resolve) => setImmediate(resolve));
  expect(h.lines.filter((l) => l.includes('"id":"slow"'))).toHaveLength(1);
  expect(h.stderr.some((l) => l.includes("tool robust_echo finished after the shutdown drain; request \"slow\" was already answered"))).toBe(true);
  expect(await h.running).toBe(0);
});

test("during the shutdown drain a tool call is refused with -32603 and an unknown method still gets -32601", async () => {
  let release!: () => void;
  const h = start({}, (a) =>
    a
      .tools([{ name: "robust_echo", description: "x" }])
      .onTool((invocation) => invocation.args)
      .onEvent(() => new Promise<void>((resolve) => (release = resolve))),
  );
  h.stdin.write(
    JSON.stringify({ jsonrpc: "2.0", method: "broker.event", params: { topic: "t.x", event: { topic: "t.x", source: "s", payload: {} } } }) + "\n",
  );
  h.stdin.write(`{"jsonrpc":"2.0","id":"bye","method":"shutdown"}\n`);
  h.stdin.write(`{"jsonrpc":"2.0","id":"late-tool","method":"tool.invoke","params":{"tool_name":"robust_echo"}}\n`);
  h.stdin.write(`{"jsonrpc":"2.0","id":"late-unknown","method":"nope"}\n`);
  const [lateTool, lateUnknown] = await Promise.all([h.next(byId("late-tool")), h.next(byId("late-unknown"))]);
  expect(lateTool["error"]).toEqual({ code: -32603, message: "tool.invoke refused: the plugin is shutting down" });
  expect(lateUnknown["error"]).toEqual({ code: -32601, message: "method not found: nope" });
  release();
  expect((await h.next(byId("bye")))["result"]).toEqual({ ok: true });
  expect(await h.running).toBe(0);
});

test("publish accepts a UUID session id in either case, and null", async () => {
  const h = start();
  const eventOf = (frame: Record<string, unknown>) => (frame["params"] as { event: Record<string, unknown> }).event;
  const published = (n: number) => h.next((f) => f["method"] === "broker.publish" && eventOf(f)["payload"] === n);
  const [first, second] = [published(1), published(2)];
  await h.adapter.broker.publish("plugin.inbound.robust", 1, { sessionId: "6F1C2A4E-8B0D-4C3F-9E2A-1B2C3D4E5F60" });
  await h.adapter.broker.publish("plugin.inbound.robust", 2, { sessionId: null });
  expect(eventOf(await first)["session_id"]).toBe("6F1C2A4E-8B0D-4C3F-9E2A-1B2C3D4E5F60");
  expect(eventOf(await second)["session_id"]).toBeNull();
  h.stdin.end();
  await h.running;
});

test("with no tool handler, a tool call during the shutdown drain still gets -32601", async () => {
  let release!: () => void;
  const h = start({}, (a) => a.onEvent(() => new Promise<void>((resolve) => (release = resolve))));
  h.stdin.write(
    JSON.stringify({ jsonrpc: "2.0", method: "broker.event", params: { topic: "t.x", event: { topic: "t.x", source: "s", payload: {} } } }) + "\n",
  );
  h.stdin.write(`{"jsonrpc":"2.0","id":"bye","method":"shutdown"}\n`);
  h.stdin.write(`{"jsonrpc":"2.0","id":"late-tool","method":"tool.invoke","params":{"tool_name":"robust_echo"}}\n`);
  expect((await h.next(byId("late-tool")))["error"]).toEqual({
    code: -32601,
    message: "method not found: tool.invoke (the plugin registered no tool handler)",
  });
  release();
  expect((await h.next(byId("bye")))["result"]).toEqual({ ok: true });
  expect(await h.running).toBe(0);
});

test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])("refuses drainTimeoutMs %p, naming the option", (value) => {
  expect(() => new PluginAdapter({ manifest: MANIFEST, drainTimeoutMs: value, handleProcessSignals: false })).toThrow(
    new RangeError(`drainTimeoutMs must be an integer from 0 to ${2 ** 31 - 1 - 1000}, got ${String(value)}`),
  );
});

test("with the minimal envelope, which carries no session_id, any sessionId is accepted", async () => {
  const h = start({ envelope: "minimal" });
  const published = h.next((f) => f["method"] === "broker.publish");
  await h.adapter.broker.publish("plugin.inbound.robust", 1, { sessionId: "session-1" });
  expect(Object.keys((await published)["params"] as object)).toEqual(["topic", "event"]);
  h.stdin.end();
  await h.running;
});

test("an initialize hook starts only once the handshake reply has been handed to stdout", async () => {
  const written: string[] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      callback();
    },
  });
  const stdin = new PassThrough();
  const seenByHook: string[][] = [];
  const adapter = new PluginAdapter({ manifest: MANIFEST, stdin, stdout, stderr: new PassThrough(), handleProcessSignals: false });
  // Synchronous hooks: run before the reply was written, they would hold it up for as long as they take.
  adapter.onInitialize(() => void seenByHook.push([...written]));
  adapter.onInitialize(async () => {
    await null;
    seenByHook.push([...written]);
  });
  const running = adapter.run();
  stdin.write(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}\n`);
  await adapter.idle();
  while (seenByHook.length < 2) await new Promise((resolve) => setImmediate(resolve));
  for (const seen of seenByHook) expect(seen.join("")).toContain('"id":1,"result":{"manifest"');
  stdin.end();
  expect(await running).toBe(0);
});

test("a handler returning a thenable whose then throws is logged and isolated", async () => {
  const h = start({}, (a) =>
    a.onEvent(() => ({
      then() {
        throw new Error("broken thenable");
      },
    })),
  );
  h.stdin.write(
    JSON.stringify({ jsonrpc: "2.0", method: "broker.event", params: { topic: "t.x", event: { topic: "t.x", source: "s", payload: {} } } }) + "\n",
  );
  h.stdin.write(`{"jsonrpc":"2.0","id":1,"method":"nope"}\n`);
  await h.next(byId(1));
  await h.adapter.idle();
  expect(h.stderr.some((l) => l.includes("broken thenable"))).toBe(true);
  h.stdin.end();
  expect(await h.running).toBe(0);
});

test("a second tool handler is refused instead of silently replacing the first", () => {
  const adapter = new PluginAdapter({ manifest: MANIFEST, handleProcessSignals: false });
  adapter.onTool(() => 1);
  expect(() => adapter.onToolWithContext(() => 2)).toThrow(WireError);
});

test("a plugin that cannot start says why in one stderr line and bootstrap rejects", async () => {
  @Plugin({ manifest: `[plugin]\nid = "Bad Id"\nversion = "1.0.0"\n` })
  class BadPlugin extends NexoPlugin {
    @OnEvent("a.b")
    handle(): void {}
  }
  const stderr = new PassThrough();
  const written: string[] = [];
  stderr.setEncoding("utf8").on("data", (c: string) => written.push(c));
  await expect(bootstrap(BadPlugin, { stdin: new PassThrough(), stdout: new PassThrough(), stderr })).rejects.toThrow(ManifestError);
  const lines = written.join("").split("\n").filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\[nexoai\] BadPlugin cannot start: ManifestError: plugin\.id/);
});

test("while stdout refuses data, stdin is not read, and every event is handled once it drains", async () => {
  const stdin = new PassThrough();
  const stdout = new PassThrough({ highWaterMark: 1024 });
  let handled = 0;
  // A handler limit far above the event count, so only the state of stdout can pause reading.
  const adapter = new PluginAdapter({
    manifest: MANIFEST,
    stdin,
    stdout,
    stderr: new PassThrough(),
    handleProcessSignals: false,
    maxInFlightHandlers: 100_000,
  });
  adapter.onEvent(async (_topic, event, broker) => {
    handled++;
    await broker.publish("plugin.inbound.robust", event.payload);
  });
  const running = adapter.run();
  const total = 5000;
  const frame = (n: number): string =>
    JSON.stringify({ jsonrpc: "2.0", method: "broker.event", params: { topic: "t.x", event: { topic: "t.x", source: "s", payload: { n } } } }) + "\n";
  // Fifty reads of a hundred events each, arriving over time as a pipe would deliver them.
  for (let n = 0; n < total; n += 100) {
    let chunk = "";
    for (let i = n; i < n + 100; i++) chunk += frame(i);
    stdin.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Nobody reads stdout: the first publishes fill it, then reading stops far below the backlog
  // the events would otherwise build (one chunk of stdin is already in hand when it pauses).
  expect(stdin.isPaused()).toBe(true);
  expect(handled).toBeLessThan(1000);
  const seen: number[] = [];
  let rest = "";
  stdout.setEncoding("utf8").on("data", (text: string) => {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    for (const line of lines) seen.push((JSON.parse(line) as { params: { event: { payload: { n: number } } } }).params.event.payload.n);
  });
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (seen.length === total) {
        clearInterval(check);
        resolve();
      }
    }, 10);
  });
  expect(seen).toEqual(Array.from({ length: total }, (_, n) => n));
  stdin.end();
  expect(await running).toBe(0);
});
