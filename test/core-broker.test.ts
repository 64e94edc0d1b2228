/**
 * CONTRACT.md section 4: broker.publish in the full and the minimal envelope, session
 * propagation, and the publish allowlist warning, over a real child process.
 */
import { INBOUND_TOPIC, OUTBOUND_TOPIC, startReady } from "./support/fixture";
import { manifestToml, type Frame, type WireHost } from "./support/wire-host";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SESSION = "0b6f9a52-3c1d-4e8f-a2b4-5c6d7e8f9a0b";

function params(frame: Frame): Frame {
  return frame["params"] as Frame;
}

function event(frame: Frame): Frame {
  return params(frame)["event"] as Frame;
}

function publishTagged(key: string, value: unknown): (frame: Frame) => boolean {
  return (f) => f["method"] === "broker.publish" && (event(f)["payload"] as Frame | null)?.[key] === value;
}

/** Asks the fixture to publish `data` on `topic` while handling an event of `session`. */
async function publishVia(host: WireHost, payload: Frame, sessionId: string | null = null): Promise<Frame> {
  const marker = `m${Math.random().toString(36).slice(2)}`;
  host.sendEvent(OUTBOUND_TOPIC, { do: "publish", ...payload, data: { ...(payload["data"] as Frame), marker } }, { sessionId });
  return host.waitFor(publishTagged("marker", marker));
}

describe("full envelope (the default)", () => {
  it("publishes exactly six event keys with a UUID v4, an RFC 3339 timestamp and the plugin id as source", async () => {
    const host = await startReady();
    const startedAt = Date.now();
    const frame = await publishVia(host, { data: { text: "hi" } }, SESSION);
    expect(Object.keys(frame).sort()).toEqual(["jsonrpc", "method", "params"]);
    expect(frame["method"]).toBe("broker.publish");
    expect(Object.keys(params(frame)).sort()).toEqual(["event", "topic"]);
    expect(params(frame)["topic"]).toBe(INBOUND_TOPIC);
    const ev = event(frame);
    expect(Object.keys(ev).sort()).toEqual(["id", "payload", "session_id", "source", "timestamp", "topic"]);
    expect(ev["id"]).toMatch(UUID_V4);
    expect(ev["timestamp"]).toMatch(RFC3339);
    const stamped = Date.parse(ev["timestamp"] as string);
    expect(stamped).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(stamped).toBeLessThanOrEqual(Date.now() + 1000);
    expect(ev["topic"]).toBe(INBOUND_TOPIC);
    expect(ev["source"]).toBe("demo");
    expect(ev["session_id"]).toBe(SESSION);
    expect(ev["payload"]).toEqual({ text: "hi", marker: expect.any(String) });
    expect(host.violations).toEqual([]);
  });

  it("gives every event its own id and carries session_id null outside a session", async () => {
    const host = await startReady();
    const a = await publishVia(host, {}, null);
    const b = await publishVia(host, {}, null);
    expect(event(a)["id"]).not.toBe(event(b)["id"]);
    expect(event(a)).toHaveProperty("session_id", null);
    // A tool publishes outside any event's session.
    await host.invoke("demo_publish", { payload: { from: "tool" } });
    const fromTool = await host.waitFor(publishTagged("from", "tool"));
    expect(Object.keys(event(fromTool)).sort()).toEqual(["id", "payload", "session_id", "source", "timestamp", "topic"]);
    expect(event(fromTool)["session_id"]).toBeNull();
    expect(event(fromTool)["source"]).toBe("demo");
    expect(host.violations).toEqual([]);
  });

  it("gives thousands of events distinct UUID v4 ids, across refills of the id pool", async () => {
    const host = await startReady();
    const count = 3000;
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish-loop", n: count, tag: "ids" });
    const frames = await host.waitForCount(publishTagged("tag", "ids"), count, 20_000);
    const ids = frames.map((f) => event(f)["id"] as string);
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(count);
    expect(host.violations).toEqual([]);
  });

  it("answers a tool call while a handler publishes in a loop, each publish awaited", async () => {
    const host = await startReady();
    const count = 20_000;
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish-loop", n: count, tag: "loop" });
    await host.waitFor(publishTagged("tag", "loop"));
    const reply = await host.invoke("demo_echo", { during: "loop" });
    expect(reply["result"]).toBeDefined();
    // Stdin is still read while the loop runs: the reply came before its last publish.
    const loopFrames = host.frames.filter(publishTagged("tag", "loop"));
    expect(loopFrames.length).toBeLessThan(count);
    await host.waitFor((f) => publishTagged("tag", "loop")(f) && (event(f)["payload"] as Frame)["i"] === count - 1, 20_000);
    expect(host.frames.filter(publishTagged("tag", "loop"))).toHaveLength(count);
    expect(host.violations).toEqual([]);
  });

  it("uses the source of the manifest's plugin id", async () => {
    const host = await startReady({ manifest: manifestToml({ id: "acme", channels: ["acme"] }) });
    host.sendEvent("plugin.outbound.acme", { do: "publish", topic: "plugin.inbound.acme", tag: "src" });
    const frame = await host.waitFor(publishTagged("seen", "src"));
    expect(event(frame)["source"]).toBe("acme");
  });

  it("publishes a null payload as null, never dropping the key", async () => {
    const host = await startReady();
    await host.invoke("demo_publish", {});
    const frame = await host.waitFor((f) => f["method"] === "broker.publish");
    expect(event(frame)).toHaveProperty("payload", null);
  });
});

it("refuses a payload JSON cannot represent instead of publishing an event without one", async () => {
  const host = await startReady();
  const reply = await host.invoke("demo_publish_function");
  expect(reply["result"]).toEqual({ ok: false, error: expect.objectContaining({ name: "TypeError" }) });
  await host.barrier();
  expect(host.notifications("broker.publish")).toEqual([]);
  expect(host.violations).toEqual([]);
});

describe("minimal envelope", () => {
  it("publishes exactly topic, source and payload", async () => {
    const host = await startReady({ options: { envelope: "minimal" } });
    const frame = await publishVia(host, { data: { text: "hi" } }, SESSION);
    expect(Object.keys(params(frame)).sort()).toEqual(["event", "topic"]);
    expect(event(frame)).toEqual({ topic: INBOUND_TOPIC, source: "demo", payload: { text: "hi", marker: expect.any(String) } });
    expect(host.violations).toEqual([]);
  });

  it("adds correlation_id and metadata only when set", async () => {
    const host = await startReady({ options: { envelope: "minimal" } });
    const frame = await publishVia(host, { correlationId: "corr-1", metadata: { trace: "t-9" } });
    expect(event(frame)).toEqual({
      topic: INBOUND_TOPIC,
      source: "demo",
      payload: { marker: expect.any(String) },
      correlation_id: "corr-1",
      metadata: { trace: "t-9" },
    });
    expect(host.violations).toEqual([]);
  });
});

describe("publish allowlist", () => {
  it("warns once per topic the daemon would drop, and still sends every publish", async () => {
    const host = await startReady();
    const topics = [
      "plugin.inbound.other",
      INBOUND_TOPIC,
      "plugin.inbound.demo.sub.deeper",
      "plugin.inbound.other",
      "plugin.outbound.demo",
      "plugin.inbound.other",
      "plugin.inbound.demox",
    ];
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish-topics", topics, tag: "allow" });
    const frames = await host.waitForCount((f) => f["method"] === "broker.publish", topics.length);
    expect(frames.map((f) => params(f)["topic"])).toEqual(topics);
    const mark = await host.stderrBarrier();
    const warnings = host.stderrLines.slice(0, mark).filter((l) => l.includes("outside the manifest's publish allowlist"));
    expect(warnings).toHaveLength(3);
    expect(warnings.filter((l) => l.includes('"plugin.inbound.other"'))).toHaveLength(1);
    expect(warnings.filter((l) => l.includes('"plugin.outbound.demo"'))).toHaveLength(1);
    expect(warnings.filter((l) => l.includes('"plugin.inbound.demox"'))).toHaveLength(1);
    expect(host.violations).toEqual([]);
  });

  it("allows capabilities.broker.publish patterns; without a channel, plugin.inbound.* is not allowed", async () => {
    const manifest = manifestToml({ channels: [], extra: '[plugin.capabilities.broker]\npublish = ["custom.*.events"]' });
    const host = await startReady({ manifest });
    const topics = ["custom.a.events", INBOUND_TOPIC];
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish-topics", topics, tag: "caps" });
    await host.waitForCount((f) => f["method"] === "broker.publish", 2);
    const mark = await host.stderrBarrier();
    const warnings = host.stderrLines.slice(0, mark).filter((l) => l.includes("publish allowlist"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`"${INBOUND_TOPIC}"`);
  });

  it("reads an allowlist pattern with text after `>` as the daemon does, ignoring that text", async () => {
    const manifest = manifestToml({ channels: [], extra: '[plugin.capabilities.broker]\npublish = ["custom.>.ignored", "empty.>..segment"]' });
    const host = await startReady({ manifest });
    // A pattern with an empty segment allows nothing, even after a `>`.
    const topics = ["custom.a", "custom.a.b", "empty.a"];
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish-topics", topics, tag: "tail" });
    await host.waitForCount((f) => f["method"] === "broker.publish", 3);
    const mark = await host.stderrBarrier();
    const warnings = host.stderrLines.slice(0, mark).filter((l) => l.includes("publish allowlist"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"empty.a"');
  });

  it("warns about every topic when the plugin registers no channel", async () => {
    const host = await startReady({ manifest: manifestToml({ channels: [] }) });
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish-topics", topics: [INBOUND_TOPIC, "a.b"], tag: "none" });
    await host.waitForCount((f) => f["method"] === "broker.publish", 2);
    const mark = await host.stderrBarrier();
    const warnings = host.stderrLines.slice(0, mark).filter((l) => l.includes("publish allowlist"));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain("no channels registered");
  });
});
