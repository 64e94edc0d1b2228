/**
 * Drives the broker services fixture (test/fixtures/broker-services-plugin) over the wire: HTTP
 * requests, admin calls and scrapes as the daemon sends them.
 */
import * as path from "node:path";
import type { Manifest } from "../../src";
import { decodeHttpReply, httpRequestPayload, type TestHttpReply, type TestHttpRequest } from "../../src/testing/service-requests";
import { ask, replyTo, sendRequest, type SentRequest } from "./broker-requests";
import { WireHost } from "./wire-host";

/** The fixture's entry script. */
export const SHOP_SCRIPT = path.join(__dirname, "..", "fixtures", "broker-services-plugin", "main.js");

const SHOP_MANIFEST = { plugin: { id: "shop", version: "1.0.0" } } as Manifest;

/** Answers memory.recall with one entry. */
function recallResponder(request: Record<string, unknown>) {
  return request["method"] === "memory.recall" ? { result: { entries: [{ content: "remembered" }] } } : undefined;
}

/** Starts the fixture and waits for its `initialize` reply. */
export async function startShop(drainTimeoutMs?: number, scope: "test" | "file" = "test"): Promise<WireHost> {
  const args = drainTimeoutMs === undefined ? [] : [String(drainTimeoutMs)];
  const host = WireHost.spawn(SHOP_SCRIPT, args, { autoRespond: recallResponder, scope });
  const reply = await host.request("initialize", {}, { timeoutMs: 10_000 });
  if (!("result" in reply)) throw new Error(`initialize failed: ${JSON.stringify(reply)}`);
  return host;
}

/** Sends an HTTP request without waiting. */
export function sendHttp(host: WireHost, request: TestHttpRequest): SentRequest {
  const { topic, payload } = httpRequestPayload(SHOP_MANIFEST, request);
  return sendRequest(host, topic, payload);
}

/** Sends an HTTP request and decodes its reply. */
export async function http(host: WireHost, request: TestHttpRequest): Promise<TestHttpReply> {
  return decodeHttpReply((await replyTo(host, sendHttp(host, request))).payload as never);
}

/** Calls admin method `nexo/admin/shop/<name>`. */
export function admin(host: WireHost, name: string, params: unknown = null): Promise<unknown> {
  return ask(host, `shop.admin.${name.replace(/\//g, ".")}`, { method: `nexo/admin/shop/${name}`, params });
}

/** Scrapes the fixture's metrics. */
export async function scrape(host: WireHost): Promise<string> {
  const reply = (await ask(host, "shop.metrics.scrape", {})) as { text?: unknown };
  if (typeof reply?.text !== "string") throw new Error(`scrape reply without text: ${JSON.stringify(reply)}`);
  return reply.text;
}
