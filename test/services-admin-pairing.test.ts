/**
 * SERVICES.md section 3, admin calls and pairing: `@AdminMethod`, the pairing adapter's three
 * calls and the trigger's start and cancel, over a real child process.
 */
import { ask, inboxReplies, replyTo, sendRequest, unpack } from "./support/broker-requests";
import { admin, startShop } from "./support/broker-services";
import type { Frame, WireHost } from "./support/wire-host";

let host: WireHost;

beforeAll(async () => {
  host = await startShop(undefined, "file");
});

afterEach(() => {
  expect(host.violations).toEqual([]);
});

describe("admin methods", () => {
  it("answers {ok: true, result} on <broker_topic_prefix>.<name with / as .>, with the full method name in the context", async () => {
    expect(await admin(host, "items/count")).toEqual({
      ok: true,
      result: { count: 3, method: "nexo/admin/shop/items/count", name: "items/count" },
    });
  });

  it("answers {ok: false, error} with the thrown message, and logs it naming the method", async () => {
    expect(await admin(host, "fail")).toEqual({ ok: false, error: "admin failed on purpose" });
    await host.waitForStderr(/@AdminMethod\("fail"\) on Shop\.adminFail failed on nexo\/admin\/shop\/fail: Error: admin failed on purpose/);
  });

  it("validates params into the DTO, and refuses bad params naming the property without calling the method", async () => {
    expect(await admin(host, "rename", { name: "lamp", extra: 1 })).toEqual({ ok: true, result: { renamed: "lamp", dto: true } });
    const refused = (await admin(host, "rename", { name: 7 })) as { ok: boolean; error: string };
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/^invalid params for nexo\/admin\/shop\/rename: params do not satisfy RenameParams: name: /);
    expect((await admin(host, "rename")) as Frame).toMatchObject({ ok: false, error: expect.stringContaining("name") });
  });

  it("answers an unknown method under the prefix with {ok: false, error} naming it", async () => {
    expect(await admin(host, "nope/nothing")).toEqual({ ok: false, error: "unknown admin method nexo/admin/shop/nope/nothing" });
  });

  it("logs and drops a call without reply_to", async () => {
    const before = inboxReplies(host).length;
    sendRequest(host, "shop.admin.items.count", { method: "nexo/admin/shop/items/count", params: null }, { replyTo: null });
    await host.waitForStderr(/request on shop\.admin\.items\.count dropped: it has no reply_to/);
    await host.barrier();
    expect(inboxReplies(host)).toHaveLength(before);
  });

  it("answers concurrent calls out of order", async () => {
    const slow = sendRequest(host, "shop.admin.slow", { method: "nexo/admin/shop/slow", params: { ms: 250 } });
    const fast = sendRequest(host, "shop.admin.slow", { method: "nexo/admin/shop/slow", params: { ms: 5 } });
    const [slowReply, fastReply] = await Promise.all([replyTo(host, slow), replyTo(host, fast)]);
    expect(slowReply.payload).toEqual({ ok: true, result: { slept: 250 } });
    expect(fastReply.payload).toEqual({ ok: true, result: { slept: 5 } });
    expect(host.indexOf(fastReply.frame)).toBeLessThan(host.indexOf(slowReply.frame));
  });
});

describe("pairing adapter", () => {
  it("normalizes a sender, rejects with null, and answers a thrown normalizer as rejected", async () => {
    expect(await ask(host, "shop.pairing.normalize_sender", { raw: "+34 600 11 22" })).toEqual({ normalized: "+346001122" });
    expect(await ask(host, "shop.pairing.normalize_sender", { raw: "reject" })).toEqual({ normalized: null });
    expect(await ask(host, "shop.pairing.normalize_sender", { raw: "throw" })).toEqual({ normalized: null });
    await host.waitForStderr(/@PairingNormalizeSender\(\) on Shop\.normalize failed on shop\.pairing\.normalize_sender: Error: normalizer broke/);
    expect(await ask(host, "shop.pairing.normalize_sender", { raw: 5 })).toEqual({ normalized: null });
  });

  it("sends a reply ({ok: true} for nothing returned), reports a refused send, and refuses a malformed request naming the field", async () => {
    expect(await ask(host, "shop.pairing.send_reply", { account: "main", to: "kate", text: "123456" })).toEqual({ ok: true });
    expect(await ask(host, "shop.pairing.send_reply", { account: "main", to: "nobody", text: "1" })).toEqual({ ok: false, error: "no such recipient" });
    expect(await ask(host, "shop.pairing.send_reply", { account: "main", to: "kate" })).toEqual({
      ok: false,
      error: "invalid request: text must be a string, got undefined",
    });
  });

  it("sends a QR image", async () => {
    expect(await ask(host, "shop.pairing.send_qr_image", { account: "main", to: "kate", png_base64: "iVBORw0KGgo=" })).toEqual({ ok: true });
  });
});

describe("pairing trigger", () => {
  it("starts a pairing through the admin start_method and publishes pairing.qr then pairing.state", async () => {
    const reply = await admin(host, "pair/start", { challenge_id: "ch-1", agent_id: "kate", instance: "personal" });
    expect(reply).toEqual({ ok: true, result: { started: "ch-1", agent: "kate" } });
    const qr = host.frames.find((f) => (f["params"] as Frame | undefined)?.["topic"] === "plugin.inbound.shop.personal.pairing.qr");
    const state = host.frames.find((f) => (f["params"] as Frame | undefined)?.["topic"] === "plugin.inbound.shop.personal.pairing.state");
    expect(qr && unpack(qr).event["payload"]).toEqual({ challenge_id: "ch-1", png_base64: "iVBORw0KGgo=", ascii: "##", expires_at_ms: 1700000000000 });
    expect(state && unpack(state).event["payload"]).toEqual({ challenge_id: "ch-1", state: "qr_ready" });
    expect(host.indexOf(qr!)).toBeLessThan(host.indexOf(state!));
  });

  it("refuses start params without an instance, naming it", async () => {
    expect(await admin(host, "pair/start", { challenge_id: "ch-2", agent_id: "kate" })).toEqual({
      ok: false,
      error: "invalid params for nexo/admin/shop/pair/start: instance must be a non-empty string, got undefined",
    });
  });

  it("cancels a pairing", async () => {
    expect(await admin(host, "pair/cancel", { challenge_id: "ch-1" })).toEqual({ ok: true, result: { cancelled: "ch-1" } });
    const state = await host.waitFor((f) => (f["params"] as Frame | undefined)?.["topic"] === "plugin.inbound.shop.main.pairing.state");
    expect(unpack(state).event["payload"]).toEqual({ challenge_id: "ch-1", state: "cancelled" });
  });
});

describe("across shutdown", () => {
  it("answers an admin call still running when the drain runs out with {ok: false}, once, before the ack", async () => {
    const own = await startShop(100);
    const call = sendRequest(own, "shop.admin.slow", { method: "nexo/admin/shop/slow", params: { ms: 1500 } });
    await own.barrier();
    const ack = await own.request("shutdown", {});
    const replies = own.frames.filter((f) => (f["params"] as Frame | undefined)?.["topic"] === call.replyTo);
    expect(replies).toHaveLength(1);
    expect(unpack(replies[0]!).payload).toEqual({ ok: false, error: expect.stringContaining("did not finish within the 100 ms shutdown drain") });
    expect(own.indexOf(replies[0]!)).toBeLessThan(own.indexOf(ack));
    expect(await own.exited()).toEqual({ code: 0, signal: null });
  });
});
