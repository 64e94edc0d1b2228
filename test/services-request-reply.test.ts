/**
 * SERVICES.md section 3: broker request/reply over the stdio bridge, through
 * `PluginAdapter.onRequest`, over a real child process.
 */
import { inboxReplies, replyTo, sendRequest, startRequests as start, unpack } from "./support/broker-requests";
import type { Frame } from "./support/wire-host";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SESSION = "0b6f9a52-3c1d-4e8f-a2b4-5c6d7e8f9a0b";

describe("a request with reply_to", () => {
  it("is answered by a full-envelope publish on reply_to carrying a bare message with all four keys", async () => {
    const host = await start({ requests: { "svc.echo": "echo" } });
    const request = sendRequest(host, "svc.echo", { n: 1 }, { sessionId: SESSION });
    const reply = await replyTo(host, request);
    expect(Object.keys(reply.event).sort()).toEqual(["id", "payload", "session_id", "source", "timestamp", "topic"]);
    expect(reply.event).toMatchObject({ topic: request.replyTo, source: "svc", session_id: SESSION });
    expect(reply.event["id"]).toMatch(UUID_V4);
    expect(Object.keys(reply.message).sort()).toEqual(["id", "payload", "reply_to", "topic"]);
    expect(reply.message["id"]).toMatch(UUID_V4);
    expect(reply.message["id"]).not.toBe(request.id);
    expect(reply.message["topic"]).toBe(request.replyTo);
    expect(reply.message["reply_to"]).toBeNull();
    expect(reply.payload).toEqual({
      echo: { n: 1 },
      topic: "svc.echo",
      pattern: "svc.echo",
      captures: [],
      message_id: request.id,
      reply_to: request.replyTo,
    });
    expect(host.violations).toEqual([]);
  });

  it("uses the full envelope for replies even when the plugin publishes minimal events", async () => {
    const host = await start({ requests: { "svc.echo": "echo" }, options: { envelope: "minimal" } });
    const reply = await replyTo(host, sendRequest(host, "svc.echo", null));
    expect(reply.event["id"]).toMatch(UUID_V4);
    expect(typeof reply.event["timestamp"]).toBe("string");
  });

  it("routes wildcard patterns with their captures, and prefers a literal pattern that also matches", async () => {
    const host = await start({ requests: { "svc.*.get": "echo", "svc.items.get": "undefined" } });
    const wild = await replyTo(host, sendRequest(host, "svc.users.get", 1));
    expect(wild.payload).toMatchObject({ pattern: "svc.*.get", captures: ["users"] });
    const literal = await replyTo(host, sendRequest(host, "svc.items.get", 2));
    expect(literal.payload).toBeNull();
  });

  it("does not reach the plugin's event handlers, while other events still do", async () => {
    const host = await start({ requests: { "svc.echo": "echo" }, events: true });
    await replyTo(host, sendRequest(host, "svc.echo", 1));
    host.sendEvent("svc.other", { x: 1 });
    await host.waitFor((f) => f["method"] === "broker.publish" && (unpack(f).event["payload"] as Frame)?.["event_seen"] === "svc.other");
    const seen = host.notifications("broker.publish").map((f) => (unpack(f).event["payload"] as Frame | null)?.["event_seen"]);
    expect(seen).not.toContain("svc.echo");
  });

  it("answers concurrent requests each on its own reply topic, in the order their handlers finish", async () => {
    const host = await start({ requests: { "svc.slow": "slow" } });
    const slow = sendRequest(host, "svc.slow", { ms: 300, tag: "slow" });
    const fast = sendRequest(host, "svc.slow", { ms: 10, tag: "fast" });
    const [slowReply, fastReply] = await Promise.all([replyTo(host, slow), replyTo(host, fast)]);
    expect(slowReply.payload).toEqual({ done: "slow" });
    expect(fastReply.payload).toEqual({ done: "fast" });
    expect(host.indexOf(fastReply.frame)).toBeLessThan(host.indexOf(slowReply.frame));
    expect(inboxReplies(host)).toHaveLength(2);
  });
});

describe("requests that cannot be answered", () => {
  it("logs and drops a request without reply_to, and goes on serving", async () => {
    const host = await start({ requests: { "svc.echo": "echo" } });
    sendRequest(host, "svc.echo", { lost: true }, { replyTo: null });
    await host.waitForStderr(/request on svc\.echo dropped: it has no reply_to/);
    await replyTo(host, sendRequest(host, "svc.echo", 2));
    expect(inboxReplies(host)).toHaveLength(1);
  });

  it("logs and drops a payload that is not a broker message", async () => {
    const host = await start({ requests: { "svc.echo": "echo" } });
    host.sendEvent("svc.echo", "just text");
    await host.waitForStderr(/request on svc\.echo dropped: it is not a broker message/);
    await host.barrier();
    expect(inboxReplies(host)).toHaveLength(0);
  });

  it("logs a thrown handler naming it and sends no reply when the handler has no failure reply", async () => {
    const host = await start({ requests: { "svc.fail": "throw" } });
    const request = sendRequest(host, "svc.fail", {});
    await host.waitForStderr(/onRequest\(svc\.fail\) failed on svc\.fail: Error: request failed on purpose/);
    await host.waitForStderr(new RegExp(`no reply sent to ${request.replyTo.replace(".", "\\.")}`));
    await host.barrier();
    expect(inboxReplies(host)).toHaveLength(0);
  });

  it("sends the failure reply of a thrown handler when it has one", async () => {
    const host = await start({ requests: { "svc.fail": "throw" }, failure: true });
    const reply = await replyTo(host, sendRequest(host, "svc.fail", {}));
    expect(reply.payload).toEqual({ failed: "request failed on purpose" });
  });

  it("sends the failure reply instead of a reply JSON cannot represent", async () => {
    const host = await start({ requests: { "svc.big": "unserializable" }, failure: true });
    const reply = await replyTo(host, sendRequest(host, "svc.big", {}));
    expect(reply.payload).toEqual({ failed: expect.stringContaining("BigInt") });
    expect(host.stderrLines.join("\n")).toMatch(/cannot be sent/);
    expect(host.violations).toEqual([]);
  });

  it("rejects the plugin's own broker.request on the stdio bridge with a typed error saying why", async () => {
    const host = await start({ requests: { "svc.ask": "ask" } });
    const reply = await replyTo(host, sendRequest(host, "svc.ask", { topic: "skill.whisper.transcribe" }));
    expect(reply.payload).toEqual({
      error: "BrokerRequestUnsupportedError",
      message: expect.stringMatching(/skill\.whisper\.transcribe.*stdio bridge has no request path.*NATS/),
    });
    expect(host.hostRequests).toEqual([]);
  });
});

describe("requests across shutdown", () => {
  it("drains a request in flight: its reply is written before the shutdown ack", async () => {
    const host = await start({ requests: { "svc.slow": "slow" } });
    const request = sendRequest(host, "svc.slow", { ms: 300, tag: "drained" });
    await host.barrier();
    const ack = await host.request("shutdown", {});
    expect(ack["result"]).toEqual({ ok: true });
    const reply = host.frames.find((f) => f["method"] === "broker.publish" && (f["params"] as Frame)["topic"] === request.replyTo);
    expect(reply && unpack(reply).payload).toEqual({ done: "drained" });
    expect(host.indexOf(reply!)).toBeLessThan(host.indexOf(ack));
    expect(await host.exited()).toEqual({ code: 0, signal: null });
  });

  it("answers a request still running when the drain runs out with its failure reply, once", async () => {
    const host = await start({ requests: { "svc.slow": "slow" }, failure: true, options: { drainTimeoutMs: 100 } });
    const request = sendRequest(host, "svc.slow", { ms: 1500, tag: "late" });
    await host.barrier();
    const ack = await host.request("shutdown", {});
    const replies = host.frames.filter((f) => f["method"] === "broker.publish" && (f["params"] as Frame)["topic"] === request.replyTo);
    expect(replies).toHaveLength(1);
    expect(unpack(replies[0]!).payload).toEqual({ failed: expect.stringContaining("did not finish within the 100 ms shutdown drain") });
    expect(host.indexOf(replies[0]!)).toBeLessThan(host.indexOf(ack));
    expect(await host.exited()).toEqual({ code: 0, signal: null });
  });
});

describe("manifest coverage", () => {
  it("warns when no subscription covers the served topic, or the publish allowlist drops replies", async () => {
    const manifest = '[plugin]\nid = "svc"\nversion = "1.0.0"\n\n[[plugin.channels.register]]\nkind = "svc"\n';
    const host = await start({ manifest, requests: { "svc.echo": "echo" } });
    await host.waitForStderr(/onRequest\(svc\.echo\) serves svc\.echo, which the manifest's subscriptions do not cover.*add "svc\.echo" to \[plugin\.capabilities\.broker\]\.subscribe/);
    await host.waitForStderr(/_inbox\.<uuid>.*drops every reply.*add "_inbox\.>" to \[plugin\.capabilities\.broker\]\.publish/);
  });

  it("says nothing when the manifest covers both", async () => {
    const host = await start({ requests: { "svc.*.get": "echo" } });
    await host.stderrBarrier();
    expect(host.stderrLines.filter((l) => /do not cover|does not cover/.test(l))).toEqual([]);
  });
});
