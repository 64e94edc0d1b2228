/**
 * Request/reply on NATS against a real nats-server: the plugin's own `broker.request` answered
 * by a responder of the test (bare and Event-wrapped replies), its typed timeout and
 * no-responder failures, and the plugin's responders answering daemon-style native requests.
 */
import { describeWithNats } from "./support/nats-server";
import { NATS_FIXTURE, NATS_READY, useNatsServer } from "./support/nats-fixture";
import { WireHost } from "./support/wire-host";


describeWithNats("NATS mode: requests", () => {
  const nats = useNatsServer();

  async function natsPlugin(config: Record<string, unknown> = {}): Promise<WireHost> {
    // NATS mode from the daemon's environment, as a deployed plugin gets it.
    const host = WireHost.spawn(NATS_FIXTURE, [JSON.stringify(config)], { env: { NEXO_BROKER_KIND: "nats", NEXO_BROKER_URL: nats.server.url } });
    await host.waitForStderr(NATS_READY);
    return host;
  }

  test("broker.request sends a bare Message and resolves with the payload of the bare Message replied", async () => {
    const requests = await nats.peer.answer("skill.voice.transcribe", (request) => ({
      id: "0194f3c0-2222-4000-8000-000000000001",
      topic: "reply",
      reply_to: null,
      payload: { text: `heard ${String((request.json["payload"] as Record<string, unknown>)["audio"])}` },
    }));
    const host = await natsPlugin();
    const reply = await host.invoke("demo_request", { topic: "skill.voice.transcribe", payload: { audio: "a1" }, timeoutMs: 3000 });
    expect(reply["result"]).toEqual({ ok: true, reply: { text: "heard a1" } });
    const [request] = requests.messages;
    expect(Object.keys(request!.json)).toEqual(["id", "topic", "reply_to", "payload"]);
    expect(request!.json).toMatchObject({ topic: "skill.voice.transcribe", reply_to: null, payload: { audio: "a1" } });
  });

  test("a reply wrapped in an Event is read too; a reply that is not a Message is a typed error", async () => {
    await nats.peer.answer("skill.wrapped", () => ({
      id: "e1",
      timestamp: "2026-05-01T00:00:00Z",
      topic: "reply",
      source: "peer",
      session_id: null,
      payload: { id: "m1", topic: "reply", reply_to: null, payload: [1, 2] },
    }));
    await nats.peer.answer("skill.garbled", () => ({ status: "fine" }));
    const host = await natsPlugin();
    const wrapped = await host.invoke("demo_request", { topic: "skill.wrapped", payload: null, timeoutMs: 3000 });
    expect(wrapped["result"]).toEqual({ ok: true, reply: [1, 2] });
    const garbled = await host.invoke("demo_request", { topic: "skill.garbled", payload: null, timeoutMs: 3000 });
    expect(garbled["result"]).toMatchObject({ ok: false, name: "BrokerReplyError", topic: "skill.garbled" });
    expect((garbled["result"] as Record<string, unknown>)["message"]).toContain("is not a Message");
  });

  test("a request nobody answers times out with a typed error naming the topic and the timeout", async () => {
    // Subscribed but silent, so NATS cannot tell at once that nobody serves it.
    await nats.peer.answer("skill.silent", () => undefined);
    const host = await natsPlugin();
    const reply = await host.invoke("demo_request", { topic: "skill.silent", payload: 1, timeoutMs: 300 });
    expect(reply["result"]).toEqual({
      ok: false,
      name: "BrokerRequestTimeoutError",
      message: "no reply to the request on skill.silent within 300 ms",
      timeoutMs: 300,
      topic: "skill.silent",
    });
  });

  test("a request on a topic no one subscribes fails at once as having no responder", async () => {
    const host = await natsPlugin();
    const reply = await host.invoke("demo_request", { topic: "skill.nobody", payload: 1, timeoutMs: 20_000 }, {}, { timeoutMs: 5000 });
    expect(reply["result"]).toMatchObject({ ok: false, name: "BrokerNoResponderError", topic: "skill.nobody" });
  });

  test("daemon-style native requests reach the plugin's responder and get a bare Message back", async () => {
    await natsPlugin({ respond: ["plugin.demo.http.request", "demo.admin.*"] });
    const bare = await nats.peer.request("plugin.demo.http.request", {
      id: "0194f3c0-3333-4000-8000-000000000001",
      topic: "plugin.demo.http.request",
      reply_to: null,
      payload: { method: "GET", path: "/demo/x" },
    });
    expect(Object.keys(bare.json)).toEqual(["id", "topic", "reply_to", "payload"]);
    expect(bare.json).toMatchObject({
      reply_to: null,
      payload: { echo: { method: "GET", path: "/demo/x" }, topic: "plugin.demo.http.request" },
    });
    expect(bare.json["topic"]).toBe(bare.subject);
    // A peer that wraps its request in an Event is answered the same way.
    const wrapped = await nats.peer.request("demo.admin.list", {
      id: "e2",
      timestamp: "2026-05-01T00:00:00Z",
      topic: "demo.admin.list",
      source: "peer",
      session_id: null,
      payload: { id: "m2", topic: "demo.admin.list", reply_to: null, payload: { method: "list" } },
    });
    expect(wrapped.json["payload"]).toEqual({ echo: { method: "list" }, topic: "demo.admin.list" });
  });

  test("a request under a catch-all event pattern goes to the responder alone", async () => {
    const out = await nats.peer.record("plugin.inbound.demo");
    const host = await natsPlugin({ subscribe: [">"], respond: ["demo.metrics.scrape"] });
    const reply = await nats.peer.request("demo.metrics.scrape", { id: "m3", topic: "demo.metrics.scrape", reply_to: null, payload: {} });
    expect(reply.json["payload"]).toEqual({ echo: {}, topic: "demo.metrics.scrape" });
    await host.barrier();
    await nats.peer.publish("plugin.outbound.demo", {
      id: "e3",
      timestamp: "2026-05-01T00:00:00Z",
      topic: "plugin.outbound.demo",
      source: "agent",
      session_id: null,
      payload: "an event",
    });
    await out.waitFor(1);
    expect(out.messages.map((m) => (m.json["payload"] as Record<string, unknown>)["seen"])).toEqual(["an event"]);
  });
});
