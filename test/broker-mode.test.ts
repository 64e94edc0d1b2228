/**
 * Which transport a plugin's broker traffic takes (SERVICES.md section 5), what the `broker`
 * option refuses, how a NATS URL's credentials are read, and that the stdio bridge neither
 * loads the NATS client nor changes what a plugin does on stdio.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { NexoPlugin, OnEvent, Plugin, PluginAdapter, PluginError, selectBrokerMode } from "../src";
import { publishedPayloads, startHost, stopHost } from "./fixtures/decorators/helpers";
import { parseNatsUrl } from "../src/core/broker/transport/nats-url";
import { WireHost } from "./support/wire-host";

const NATS_FIXTURE = path.join(__dirname, "fixtures", "nats-plugin", "main.js");
const MANIFEST = `[plugin]
id = "demo"
version = "1.0.0"
`;

describe("selectBrokerMode", () => {
  const noLog = (): void => undefined;

  test("the environment: nats with a URL, an unset kind with a nats:// URL, else the stdio bridge", () => {
    expect(selectBrokerMode(undefined, { NEXO_BROKER_KIND: "nats", NEXO_BROKER_URL: "nats://h:1" }, noLog)).toMatchObject({
      kind: "nats",
      url: "nats://h:1",
    });
    expect(selectBrokerMode(undefined, { NEXO_BROKER_URL: "nats://h:2" }, noLog)).toMatchObject({ kind: "nats", url: "nats://h:2" });
    expect(selectBrokerMode(undefined, { NEXO_BROKER_KIND: "", NEXO_BROKER_URL: "nats://h:3" }, noLog)).toMatchObject({ kind: "nats" });
    expect(selectBrokerMode(undefined, {}, noLog)).toEqual({ kind: "stdio" });
    expect(selectBrokerMode(undefined, { NEXO_BROKER_URL: "http://h:2" }, noLog)).toEqual({ kind: "stdio" });
    expect(selectBrokerMode(undefined, { NEXO_BROKER_KIND: "stdio_bridge", NEXO_BROKER_URL: "nats://h:4" }, noLog)).toEqual({ kind: "stdio" });
  });

  test("an unknown kind, or nats without a URL, is said on the log", () => {
    const lines: string[] = [];
    expect(selectBrokerMode(undefined, { NEXO_BROKER_KIND: "natss" }, (line) => lines.push(line))).toEqual({ kind: "stdio" });
    expect(selectBrokerMode(undefined, { NEXO_BROKER_KIND: "nats" }, (line) => lines.push(line))).toMatchObject({
      kind: "nats",
      url: "nats://127.0.0.1:4222",
    });
    expect(lines).toEqual([
      "NEXO_BROKER_KIND=natss is neither nats nor stdio_bridge; using the stdio bridge",
      "NEXO_BROKER_KIND=nats without NEXO_BROKER_URL; connecting to nats://127.0.0.1:4222",
    ]);
  });

  test("the option wins over the environment, and its object form carries the tuning", () => {
    const env = { NEXO_BROKER_KIND: "nats", NEXO_BROKER_URL: "nats://env:1" };
    expect(selectBrokerMode("stdio", env, noLog)).toEqual({ kind: "stdio" });
    expect(selectBrokerMode("nats", env, noLog)).toMatchObject({ kind: "nats", url: "nats://env:1" });
    expect(selectBrokerMode({ url: "nats://opt:2", maxBufferedBytes: 10 }, {}, noLog)).toEqual({
      kind: "nats",
      url: "nats://opt:2",
      connectWithinMs: 10_000,
      maxBufferedBytes: 10,
      drainWithinMs: 1000,
    });
  });

  test("a bad broker option is refused naming the option", () => {
    const make = (broker: unknown) => () => new PluginAdapter({ manifestToml: MANIFEST, broker: broker as "stdio" });
    expect(make("kafka")).toThrow(new PluginError('PluginAdapter option broker must be "stdio", "nats" or { url }, got "kafka"'));
    expect(make({ url: "http://x" })).toThrow(/broker\.url must be a nats:\/\/ URL, got "http:\/\/x"/);
    expect(make({ uri: "nats://x" })).toThrow(/unknown PluginAdapter option broker\.uri; known: url, connectWithinMs/);
    expect(make({ connectWithinMs: -1 })).toThrow(/broker\.connectWithinMs must be an integer from 0/);
  });
});

describe("parseNatsUrl", () => {
  test("credentials come from the URL and are masked in what is shown", () => {
    expect(parseNatsUrl("nats://alice:s3cret@host:4333")).toEqual({ server: "host:4333", user: "alice", pass: "s3cret", shown: "nats://alice:***@host:4333" });
    expect(parseNatsUrl("nats://tok3n@host")).toEqual({ server: "host:4222", token: "tok3n", shown: "nats://***@host:4222" });
    expect(parseNatsUrl("nats://127.0.0.1:5000")).toEqual({ server: "127.0.0.1:5000", shown: "nats://127.0.0.1:5000" });
  });

  test("anything but a nats:// URL is refused without showing its secret", () => {
    expect(() => parseNatsUrl("tls://u:pw@host")).toThrow("NATS URL tls://***@host must be nats://[user:pass@|token@]host[:port]");
    expect(() => parseNatsUrl("nats//nohost")).toThrow("NATS URL nats//nohost is not a URL");
  });
});

describe("the stdio bridge", () => {
  test("a plugin on the stdio bridge never loads the NATS client", () => {
    const script = `
      const { PluginAdapter } = require(${JSON.stringify(path.join(__dirname, "..", "dist"))});
      const adapter = new PluginAdapter({ manifestToml: ${JSON.stringify(MANIFEST)}, onEvent: () => undefined });
      adapter.run();
      setImmediate(() => {
        const loaded = Object.keys(require.cache).filter((file) => file.includes("@nats-io"));
        process.stderr.write("LOADED " + JSON.stringify(loaded) + "\\n");
        process.exit(0);
      });`;
    const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, NEXO_BROKER_KIND: "stdio_bridge" } });
    expect(result.stderr).toContain("LOADED []");
  });

  test("requests are refused with a typed error; events and publishes stay on stdio", async () => {
    const host = WireHost.spawn(NATS_FIXTURE, [JSON.stringify({ broker: "stdio" })]);
    const reply = await host.invoke("demo_request", { topic: "skill.x", timeoutMs: 1000 });
    expect(reply["result"]).toEqual({
      ok: false,
      name: "BrokerRequestUnsupportedError",
      message: "broker.request on skill.x refused: the stdio bridge has no request path; requests need NATS mode",
      timeoutMs: null,
      topic: "skill.x",
    });
    host.sendEvent("plugin.outbound.demo", "hello");
    const publish = await host.waitFor((frame) => frame["method"] === "broker.publish");
    expect(publish["params"]).toMatchObject({ topic: "plugin.inbound.demo", event: { payload: { seen: "hello" } } });
  });

  test("a responder answers a bridged request by a publish on its reply_to, and the event handlers do not see it", async () => {
    const host = WireHost.spawn(NATS_FIXTURE, [JSON.stringify({ broker: "stdio", respond: ["plugin.demo.http.request"] })]);
    host.sendEvent("plugin.demo.http.request", { id: "m1", topic: "plugin.demo.http.request", reply_to: "_inbox.abc", payload: { path: "/x" } });
    const reply = await host.waitFor((frame) => frame["method"] === "broker.publish");
    const params = reply["params"] as Record<string, Record<string, unknown>>;
    expect(params["topic"]).toBe("_inbox.abc");
    expect(Object.keys(params["event"]!)).toEqual(["id", "timestamp", "topic", "source", "session_id", "payload"]);
    expect(params["event"]!["payload"]).toMatchObject({
      topic: "_inbox.abc",
      reply_to: null,
      payload: { echo: { path: "/x" }, topic: "plugin.demo.http.request" },
    });
    await host.barrier();
    expect(host.notifications("broker.publish")).toHaveLength(1);
  });
});

test("PluginTestHost plays the daemon over stdio whatever NEXO_BROKER_* the test's environment holds", async () => {
  @Plugin()
  class Echo extends NexoPlugin {
    @OnEvent("orders.*")
    echo(event: { payload: unknown }): Promise<void> {
      return this.publish("plugin.inbound.demo", { echoed: event.payload });
    }
  }
  const saved = { kind: process.env["NEXO_BROKER_KIND"], url: process.env["NEXO_BROKER_URL"] };
  process.env["NEXO_BROKER_KIND"] = "nats";
  process.env["NEXO_BROKER_URL"] = "nats://127.0.0.1:1";
  try {
    const host = startHost(Echo);
    host.event("orders.created", 7);
    await host.idle();
    expect(publishedPayloads(host)).toEqual([{ echoed: 7 }]);
    expect(host.stderr).toEqual([]);
    await stopHost(host);
  } finally {
    for (const [key, value] of [["NEXO_BROKER_KIND", saved.kind], ["NEXO_BROKER_URL", saved.url]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});
