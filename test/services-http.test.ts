/**
 * SERVICES.md section 3, HTTP routes: `[plugin.http]` requests on `plugin.<id>.http.request`
 * answered by `@Get` / `@Post` / ... methods, over a real child process.
 */
import { inboxReplies, replyTo, sendRequest } from "./support/broker-requests";
import { http, sendHttp, startShop } from "./support/broker-services";
import { decodeHttpReply } from "../src/testing/service-requests";
import type { WireHost } from "./support/wire-host";

// One plugin serves the requests of every test but the shutdown ones, as the daemon's one child would.
let host: WireHost;

beforeAll(async () => {
  host = await startShop(undefined, "file");
});

afterEach(() => {
  expect(host.violations).toEqual([]);
});

describe("routes", () => {
  it("serves a route with its :param, the query, the path below the mount prefix, as JSON", async () => {
    const reply = await http(host, { path: "/shop/items/42?color=red&size=m&color=blue" });
    expect(reply.status).toBe(200);
    expect(reply.header("content-type")).toBe("application/json");
    expect(reply.json()).toEqual({ id: "42", query: { color: "blue", size: "m" }, path: "/items/42", route: "/items/:id" });
  });

  it("writes the reply as {status, headers: [[k, v]], body_base64}", async () => {
    const request = sendHttp(host, { path: "/shop/items/1" });
    const { payload } = await replyTo(host, request);
    expect(Object.keys(payload as object).sort()).toEqual(["body_base64", "headers", "status"]);
    expect((payload as { headers: unknown }).headers).toEqual([["content-type", "application/json"]]);
  });

  it("decodes a JSON body, and keeps the handler's status and headers", async () => {
    const reply = await http(host, { method: "POST", path: "/shop/items", body: { name: "lamp" } });
    expect(reply.status).toBe(201);
    expect(reply.header("location")).toBe("/shop/items/new");
    expect(reply.json()).toEqual({ created: { name: "lamp" } });
  });

  it("reads a text body, matches the method case-insensitively, and decodes percent-encoded params", async () => {
    const reply = await http(host, { method: "put", path: "/shop/items/a%20b", body: "plain words" });
    expect(reply.json()).toEqual({ replaced: "a b", text: "plain words" });
  });

  it("joins a wildcard's segments; the mount prefix itself is a path no route serves", async () => {
    expect((await http(host, { path: "/shop/files/a/b/c.txt" })).json()).toEqual({ rest: "a/b/c.txt" });
    expect((await http(host, { path: "/shop" })).status).toBe(404);
  });

  it("sends a string body as UTF-8 text, repeated headers as separate pairs, and request headers by lower-case name", async () => {
    const reply = await http(host, { path: "/shop/text", headers: [["X-Name", "Ana"]] });
    expect(reply.text()).toBe("hello Ana");
    expect(reply.headers).toEqual([
      ["x-shop", "yes"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["content-type", "text/plain; charset=utf-8"],
    ]);
  });

  it("sends a Buffer body byte for byte, and no body at all when there is none", async () => {
    const bytes = await http(host, { path: "/shop/bytes" });
    expect([...bytes.body]).toEqual([0, 1, 2, 255]);
    expect(bytes.header("content-type")).toBe("application/octet-stream");
    const empty = await http(host, { method: "DELETE", path: "/shop/items/9" });
    expect(empty.status).toBe(204);
    expect(empty.body.length).toBe(0);
    expect(empty.headers).toEqual([]);
  });
});

describe("failure shapes", () => {
  it("answers 404 for a path no route serves, and for a path outside the mount prefix", async () => {
    const missing = await http(host, { path: "/shop/nothing/here" });
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: "no route for GET /nothing/here" });
    expect((await http(host, { path: "/elsewhere/items/1" })).status).toBe(404);
  });

  it("answers 405 with allow when routes serve the path with other methods", async () => {
    const reply = await http(host, { method: "PATCH", path: "/shop/items/1" });
    expect(reply.status).toBe(405);
    expect(reply.header("allow")).toBe("GET, PUT, DELETE");
  });

  it("answers 500 without the reason for a thrown handler, and logs the reason naming the method", async () => {
    const reply = await http(host, { path: "/shop/fail" });
    expect(reply.status).toBe(500);
    expect(reply.json()).toEqual({ error: "internal error" });
    expect(reply.text()).not.toMatch(/secret|at /);
    await host.waitForStderr(/@Get\("\/fail"\) on Shop\.fail failed on GET \/shop\/fail: Error: secret internal detail/);
  });

  it("answers an HttpError with its own status and message", async () => {
    const reply = await http(host, { path: "/shop/teapot" });
    expect(reply.status).toBe(418);
    expect(reply.json()).toEqual({ error: "I am a teapot" });
  });

  it("answers 500 for a response that cannot be sent, logging what is wrong with it", async () => {
    const reply = await http(host, { path: "/shop/bad-status" });
    expect(reply.status).toBe(500);
    await host.waitForStderr(/Shop\.badStatus returned a response that cannot be sent for GET \/shop\/bad-status: status must be an integer/);
  });

  it("refuses a body over 16 KB with 413 before any handler runs", async () => {
    const reply = await http(host, { method: "POST", path: "/shop/items", body: "x".repeat(16 * 1024 + 1) });
    expect(reply.status).toBe(413);
    expect(reply.json()).toEqual({ error: expect.stringContaining("over the 16384-byte limit") });
    const fits = await http(host, { method: "POST", path: "/shop/items", body: JSON.stringify("y".repeat(16 * 1024 - 2)) });
    expect(fits.status).toBe(201);
  });

  it("answers 400 for a request it cannot read, naming the field", async () => {
    const { payload } = await replyTo(host, sendRequest(host, "plugin.shop.http.request", { method: "GET", path: "/shop/items/1", headers: "nope" }));
    const reply = decodeHttpReply(payload as never);
    expect(reply.status).toBe(400);
    expect(reply.json()).toEqual({ error: expect.stringContaining("headers") });
  });

  it("logs and drops a request without reply_to, then serves the next", async () => {
    const before = inboxReplies(host).length;
    sendRequest(host, "plugin.shop.http.request", { method: "GET", path: "/shop/items/1" }, { replyTo: null });
    await host.waitForStderr(/request on plugin\.shop\.http\.request dropped: it has no reply_to/);
    expect((await http(host, { path: "/shop/items/2" })).status).toBe(200);
    expect(inboxReplies(host)).toHaveLength(before + 1);
  });
});

describe("concurrency and shutdown", () => {
  it("answers concurrent requests out of order, each on its own reply topic", async () => {
    const slow = sendHttp(host, { path: "/shop/slow/300" });
    const fast = sendHttp(host, { path: "/shop/slow/5" });
    const [slowReply, fastReply] = await Promise.all([replyTo(host, slow), replyTo(host, fast)]);
    expect(decodeHttpReply(slowReply.payload as never).json()).toEqual({ slept: 300 });
    expect(decodeHttpReply(fastReply.payload as never).json()).toEqual({ slept: 5 });
    expect(host.indexOf(fastReply.frame)).toBeLessThan(host.indexOf(slowReply.frame));
  });

  it("drains a request in flight at shutdown: its reply precedes the ack, and a request arriving after gets 503", async () => {
    const host = await startShop();
    const inFlight = sendHttp(host, { path: "/shop/slow/300" });
    await host.barrier();
    const ackPromise = host.request("shutdown", {});
    const late = sendHttp(host, { path: "/shop/items/1" });
    const ack = await ackPromise;
    const drained = await replyTo(host, inFlight);
    expect(decodeHttpReply(drained.payload as never).status).toBe(200);
    expect(host.indexOf(drained.frame)).toBeLessThan(host.indexOf(ack));
    const refused = await replyTo(host, late);
    expect(decodeHttpReply(refused.payload as never).status).toBe(503);
    expect(await host.exited()).toEqual({ code: 0, signal: null });
  });
});
