/**
 * `channel.start`, `channel.stop` and `channel.send_outbound` over the wire (EXTENSIONS.md),
 * through both APIs: inbound publishing, the outbound message union, receipts, the typed
 * `-33001..-33005` failures with their data, bad params and absent handlers.
 */
import { APIS, errorOf, startExtensions, stopExtensions } from "./support/extensions";
import type { Frame, WireHost } from "./support/wire-host";

function send(host: WireHost, msg: unknown, kind = "chat"): Promise<Frame> {
  return host.request("channel.send_outbound", { kind, msg });
}

function publishedOn(host: WireHost, topic: string): Promise<Frame> {
  return host
    .waitFor((f) => f["method"] === "broker.publish" && (f["params"] as Frame)["topic"] === topic, 5000, `a publish on ${topic}`)
    .then((f) => ((f["params"] as Frame)["event"] as Frame)["payload"] as Frame);
}

describe.each(APIS)("channels through the %s API", (api) => {
  let host: WireHost;

  beforeAll(async () => {
    host = await startExtensions({ api }, { scope: "file" });
  });
  afterAll(() => stopExtensions(host));

  it("answers a stop of a kind never started without calling the handler", async () => {
    expect((await host.request("channel.stop", { kind: "chat" }))["result"]).toEqual({ ok: true });
    await host.barrier();
    expect(host.frames.some((f) => f["method"] === "broker.publish")).toBe(false);
  });

  it("starts an instance, which publishes inbound on plugin.inbound.<kind>.<instance>", async () => {
    expect((await host.request("channel.start", { kind: "chat", instance: "room1" }))["result"]).toEqual({ ok: true });
    expect(await publishedOn(host, "plugin.inbound.chat.room1")).toEqual({ started: "room1" });
  });

  it("starts without an instance on plugin.inbound.<kind>; a null or absent instance is the same", async () => {
    expect((await host.request("channel.start", { kind: "chat", instance: null }))["result"]).toEqual({ ok: true });
    expect(await publishedOn(host, "plugin.inbound.chat")).toEqual({ started: null });
  });

  it("delivers a text message and answers with the receipt", async () => {
    const reply = await send(host, { kind: "text", to: "kate", body: "lunch?" });
    expect(reply["result"]).toEqual({ message_id: expect.stringMatching(/^m-\d+$/), sent_at_unix: expect.any(Number) });
    const { message_id: id, sent_at_unix: at } = reply["result"] as { message_id: string; sent_at_unix: number };
    expect(at).toBe(1_700_000_000 + Number(id.slice(2)));
  });

  it("lets a send handler publish inbound for a named instance", async () => {
    await send(host, { kind: "text", to: "echo", body: "ping" });
    const echoed = await host.waitFor(
      (f) => f["method"] === "broker.publish" && JSON.stringify(f["params"]).includes('"from":"echo"'),
    );
    expect((echoed["params"] as Frame)["topic"]).toBe("plugin.inbound.chat.room1");
  });

  it("hands a custom message its fields and fills sent_at_unix with the current time when the handler leaves it out", async () => {
    const before = Math.floor(Date.now() / 1000);
    const reply = await send(host, { kind: "custom", action: "react", emoji: "+1" });
    const result = reply["result"] as { message_id: string; sent_at_unix: number };
    expect(result.message_id).toBe("custom-react");
    expect(Number.isInteger(result.sent_at_unix)).toBe(true);
    expect(result.sent_at_unix).toBeGreaterThanOrEqual(before);
  });

  it.each([
    ["-33003 recipient invalid", { kind: "text", to: "nobody", body: "x" }, { code: -33003, data: { recipient: "nobody", reason: "no such user" } }],
    ["-33004 rate limited", { kind: "text", to: "throttled", body: "x" }, { code: -33004, data: { retry_after_secs: 30 } }],
    ["-33005 unsupported feature (media)", { kind: "media", to: "kate", url: "https://x/y.png" }, { code: -33005, data: { feature: "media" } }],
    ["-33005 for a message kind the SDK does not know", { kind: "sticker", to: "kate" }, { code: -33005, data: { feature: "sticker messages" } }],
  ])("answers %s with its data", async (_label, msg, expected) => {
    expect(errorOf(await send(host, msg))).toMatchObject(expected);
  });

  it.each([
    ["-33002 authentication failed", "bad-token", { code: -33002, message: "authentication failed" }],
    ["-33001 connection failed", "offline", { code: -33001, message: "chat service unreachable" }],
  ])("answers a start that fails with %s", async (_label, instance, expected) => {
    expect(errorOf(await host.request("channel.start", { kind: "chat", instance }))).toEqual(expected);
  });

  it("answers a receipt the daemon could not read with -32603 naming the problem", async () => {
    const error = errorOf(await send(host, { kind: "text", to: "bad-receipt", body: "x" }));
    expect(error.code).toBe(-32603);
    expect(error.message).toContain('the send handler of channel kind "chat" returned messageId ""');
  });

  it.each([
    ["channel.start", { instance: "x" }, "params.kind"],
    ["channel.start", { kind: "chat", instance: 7 }, "params.instance"],
    ["channel.stop", {}, "params.kind"],
    ["channel.send_outbound", { kind: "chat" }, "params.msg"],
    ["channel.send_outbound", { kind: "chat", msg: { kind: "text", to: "kate" } }, "params.msg.body"],
    ["channel.send_outbound", { kind: "chat", msg: { kind: "media", to: "kate", url: 3 } }, "params.msg.url"],
    ["channel.send_outbound", { kind: "chat", msg: { kind: "media", to: "kate", url: "u", caption: 1 } }, "params.msg.caption"],
    ["channel.send_outbound", { kind: "chat", msg: { to: "kate" } }, "params.msg.kind"],
  ])("answers %s with bad params %j with -32602 naming %s", async (method, params, field) => {
    const error = errorOf(await host.request(method, params));
    expect(error.code).toBe(-32602);
    expect(error.message).toContain(field);
    expect(error.data).toEqual({ field });
  });

  it("answers a kind it does not serve with -32601 naming it", async () => {
    const error = errorOf(await send(host, { kind: "text", to: "kate", body: "x" }, "sms"));
    expect(error).toEqual({
      code: -32601,
      message: 'method not found: channel.send_outbound (no handler for channel kind "sms"; this plugin serves "chat")',
    });
  });

  it("stops a started kind once: the handler runs, a second stop is answered without it", async () => {
    expect((await host.request("channel.stop", { kind: "chat" }))["result"]).toEqual({ ok: true });
    const stops = (): number => host.frames.filter((f) => JSON.stringify(f["params"] ?? null).includes('"stopped":"chat"')).length;
    await host.barrier();
    expect(stops()).toBe(1);
    expect((await host.request("channel.stop", { kind: "chat" }))["result"]).toEqual({ ok: true });
    await host.barrier();
    expect(stops()).toBe(1);
  });
});

describe.each(APIS)("a plugin without channels (%s API)", (api) => {
  it("answers each channel method with -32601 saying it serves no channel kind", async () => {
    const host = await startExtensions({ api, surfaces: ["hooks"] });
    for (const method of ["channel.start", "channel.stop", "channel.send_outbound"]) {
      const error = errorOf(await host.request(method, { kind: "chat", instance: null, msg: { kind: "text", to: "a", body: "b" } }));
      expect(error).toEqual({ code: -32601, message: `method not found: ${method} (the plugin serves no channel kind)` });
    }
    await stopExtensions(host);
  });
});
