/**
 * NATS mode against a real nats-server: events in over NATS reach the right handlers, publishes
 * leave as the exact compact Event JSON on NATS only, events arriving on stdio as well are
 * handled once, and the plugin never receives its own publishes back.
 */
import * as path from "node:path";
import { tmpdir } from "node:os";
import { describeWithNats } from "./support/nats-server";
import { NATS_FIXTURE, NATS_READY, useNatsServer } from "./support/nats-fixture";
import { WireHost } from "./support/wire-host";

const CONFORMANCE_FIXTURE = path.join(__dirname, "..", "conformance", "fixture");
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SESSION = "0194f3c0-1111-4000-8000-0000000000aa";

const CONF_MANIFEST = `[plugin]
id = "conf"
version = "1.0.0"

[[plugin.channels.register]]
kind = "conf"
`;

/** A daemon-style event body: the six keys. */
function eventBody(topic: string, payload: unknown, sessionId: string | null = null): Record<string, unknown> {
  return { id: "0194f3c0-0000-4000-8000-000000000001", timestamp: "2026-05-01T00:00:00Z", topic, source: "agent.coordinator", session_id: sessionId, payload };
}

describeWithNats("NATS mode: events and publishes", () => {
  const nats = useNatsServer();

  async function natsPlugin(config: Record<string, unknown> = {}): Promise<WireHost> {
    const host = WireHost.spawn(NATS_FIXTURE, [JSON.stringify({ broker: { url: nats.server.url }, ...config })]);
    await host.waitForStderr(NATS_READY);
    return host;
  }

  test("@OnEvent patterns are the subscriptions: each event reaches the methods whose pattern matches, in order", async () => {
    const out = await nats.peer.record("plugin.inbound.conf");
    const routes = [
      { pattern: "plugin.outbound.conf.*", name: "star" },
      { pattern: "plugin.outbound.conf.special", name: "special" },
      { pattern: "agent.>", name: "agent" },
    ];
    // An unset kind with a nats:// URL means NATS, as the shipped plugins read it.
    const host = WireHost.spawn(CONFORMANCE_FIXTURE, ["--config", JSON.stringify({ manifest: CONF_MANIFEST, routes })], {
      cwd: tmpdir(),
      env: { NEXO_BROKER_KIND: "", NEXO_BROKER_URL: nats.server.url },
    });
    await host.waitForStderr(NATS_READY);
    await nats.peer.publish("plugin.outbound.conf.special", eventBody("plugin.outbound.conf.special", { k: 1 }));
    await nats.peer.publish("plugin.outbound.conf.other", eventBody("plugin.outbound.conf.other", { k: 2 }));
    await nats.peer.publish("agent.x.y", eventBody("agent.x.y", { k: 3 }));
    const seen = await out.waitFor(4);
    expect(seen.map((m) => m.json["payload"])).toEqual([
      { route: "star", topic: "plugin.outbound.conf.special", k: 1 },
      { route: "special", topic: "plugin.outbound.conf.special", k: 1 },
      { route: "star", topic: "plugin.outbound.conf.other", k: 2 },
      { route: "agent", topic: "agent.x.y", k: 3 },
    ]);
    // Publishes go to NATS only: nothing on stdout.
    await host.barrier();
    expect(host.notifications("broker.publish")).toEqual([]);
    expect(host.violations).toEqual([]);
  });

  test("the conformance fixture in NATS mode: events over NATS, tools still on stdio", async () => {
    const out = await nats.peer.record("plugin.inbound.conf");
    const manifest = `${CONF_MANIFEST}\n[plugin.extends]\ntools = ["conf_echo"]\n`;
    const config = { manifest, event_handler: "publish_marker", declare_tools: ["conf_echo"], tool_handler: "echo" };
    const host = WireHost.spawn(CONFORMANCE_FIXTURE, ["--config", JSON.stringify(config)], {
      cwd: tmpdir(),
      env: { NEXO_BROKER_KIND: "nats", NEXO_BROKER_URL: nats.server.url },
    });
    await host.waitForStderr(NATS_READY);
    const reply = await host.request("tool.invoke", { plugin_id: "conf", tool_name: "conf_echo", args: { a: 1 }, agent_id: null });
    expect(reply["result"]).toEqual({ echoed: { a: 1 }, agent: null, plugin: "conf" });
    await nats.peer.publish("plugin.outbound.conf", eventBody("plugin.outbound.conf", { k: "m" }));
    const [marker] = await out.waitFor(1);
    expect(marker!.json).toMatchObject({ topic: "plugin.inbound.conf", source: "conf", payload: { event_seen: "m" } });
  });

  test("a publish is the compact six-key Event JSON on the topic's subject, whatever the stdio envelope", async () => {
    const out = await nats.peer.record("plugin.inbound.demo");
    const host = await natsPlugin({ envelope: "minimal" });
    const reply = await host.invoke("demo_publish", { count: 1, tag: "exact" });
    expect(reply["result"]).toEqual({ published: 1, failures: [] });
    const [message] = await out.waitFor(1);
    expect(message!.subject).toBe("plugin.inbound.demo");
    const body = message!.json;
    expect(Object.keys(body)).toEqual(["id", "timestamp", "topic", "source", "session_id", "payload"]);
    expect(message!.text).toBe(JSON.stringify(body));
    expect(body["id"]).toMatch(UUID_V4);
    expect(new Date(body["timestamp"] as string).toISOString()).toBe(body["timestamp"]);
    expect(body).toMatchObject({ topic: "plugin.inbound.demo", source: "demo", session_id: null, payload: { tag: "exact", seq: 0 } });
  });

  test("without declared patterns the manifest's subscribe side is subscribed, and handlers publish in the event's session", async () => {
    const out = await nats.peer.record("plugin.inbound.demo");
    await natsPlugin();
    await nats.peer.publish("plugin.outbound.demo", eventBody("plugin.outbound.demo", { n: 1 }, SESSION));
    await nats.peer.publish("plugin.outbound.demo.team_a", eventBody("plugin.outbound.demo.team_a", { n: 2 }));
    const seen = await out.waitFor(2);
    expect(seen.map((m) => [m.json["session_id"], m.json["payload"]])).toEqual([
      [SESSION, { seen: { n: 1 }, topic: "plugin.outbound.demo", source: "agent.coordinator", session_id: SESSION }],
      [null, { seen: { n: 2 }, topic: "plugin.outbound.demo.team_a", source: "agent.coordinator", session_id: null }],
    ]);
  });

  test("a body that is not an Event is dropped with a stderr line naming the subject", async () => {
    const out = await nats.peer.record("plugin.inbound.demo");
    const host = await natsPlugin();
    await nats.peer.publish("plugin.outbound.demo", "not json");
    await nats.peer.publish("plugin.outbound.demo", { topic: "plugin.outbound.demo", payload: 1 });
    await host.waitForStderr(/NATS message on plugin\.outbound\.demo dropped: it is not an Event \(the body is not JSON\)/);
    await host.waitForStderr(/NATS message on plugin\.outbound\.demo dropped: it is not an Event \(event\.source is not a non-empty string\)/);
    await nats.peer.publish("plugin.outbound.demo", eventBody("plugin.outbound.demo", "after"));
    const seen = await out.waitFor(1);
    expect(seen.map((m) => (m.json["payload"] as Record<string, unknown>)["seen"])).toEqual(["after"]);
  });

  test("events the daemon also forwards over stdio are ignored there, with one stderr line", async () => {
    const out = await nats.peer.record("plugin.inbound.demo");
    const host = await natsPlugin();
    host.sendEvent("plugin.outbound.demo", "from stdio 1");
    host.sendEvent("plugin.outbound.demo", "from stdio 2");
    // Frames are read in order: once the barrier is answered, both stdio events were dispatched.
    await host.barrier();
    await nats.peer.publish("plugin.outbound.demo", eventBody("plugin.outbound.demo", "from nats"));
    await out.waitFor(1);
    await host.stderrBarrier();
    expect(out.messages.map((m) => (m.json["payload"] as Record<string, unknown>)["seen"])).toEqual(["from nats"]);
    expect(host.stderrLines.filter((line) => line.includes("broker.event on stdin ignored"))).toHaveLength(1);
  });

  test("no echo: a plugin subscribed to everything never receives its own publishes", async () => {
    const out = await nats.peer.record("plugin.inbound.demo");
    await natsPlugin({ subscribe: [">"] });
    await nats.peer.publish("plugin.outbound.demo", eventBody("plugin.outbound.demo", "first"));
    await out.waitFor(1);
    await nats.peer.publish("plugin.outbound.demo", eventBody("plugin.outbound.demo", "second"));
    await out.waitFor(2);
    // An echo of the first reply would have been handled before the second event, and answered.
    expect(out.messages.map((m) => (m.json["payload"] as Record<string, unknown>)["seen"])).toEqual(["first", "second"]);
  });
});
