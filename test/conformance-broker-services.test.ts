/**
 * The conformance fixture's broker service keys (FIXTURE.md, "Production surfaces"):
 * `http_routes`, `admin_methods`, `metrics` and `requests`, driven as a cross-SDK suite would.
 */
import { tmpdir } from "node:os";
import * as path from "node:path";
import { decodeHttpReply } from "../src/testing/service-requests";
import { ask } from "./support/broker-requests";
import { parsePrometheusText } from "./support/prometheus-text";
import { WireHost } from "./support/wire-host";

const FIXTURE = path.join(__dirname, "..", "conformance", "fixture");

const MANIFEST = `[plugin]
id = "conf"
version = "1.0.0"

[[plugin.channels.register]]
kind = "conf"

[plugin.capabilities.broker]
subscribe = ["plugin.conf.http.request", "conf.admin.>", "conf.metrics.scrape", "conf.rpc.>"]
publish = ["_inbox.>"]

[plugin.http]
mount_prefix = "/conf"

[plugin.admin]
method_prefix = "nexo/admin/conf/"
broker_topic_prefix = "conf.admin"

[plugin.metrics]
prometheus = true
broker_topic_prefix = "conf"
`;

async function fixture(config: Record<string, unknown>): Promise<WireHost> {
  const host = WireHost.spawn(FIXTURE, ["--config", JSON.stringify({ manifest: MANIFEST, ...config })], { cwd: tmpdir() });
  const reply = await host.request("initialize", {}, { timeoutMs: 10_000 });
  if (!("result" in reply)) throw new Error(`initialize failed: ${JSON.stringify(reply)}`);
  return host;
}

function http(host: WireHost, method: string, fullPath: string, query = "", body = "") {
  const payload = { method, path: fullPath, query, headers: [], body_base64: Buffer.from(body).toString("base64") };
  return ask(host, "plugin.conf.http.request", payload).then((reply) => decodeHttpReply(reply as never));
}

it("answers http_routes with the request as JSON, 500 for /fail and 404 for no route", async () => {
  const host = await fixture({ http_routes: [{ method: "GET", path: "/items/:id" }, { method: "POST", path: "/items" }, { method: "GET", path: "/fail" }] });
  const item = await http(host, "GET", "/conf/items/42", "x=1&y=2");
  expect(item.status).toBe(200);
  expect(item.header("content-type")).toBe("application/json");
  expect(item.json()).toEqual({ method: "GET", path: "/items/42", params: { id: "42" }, query: { x: "1", y: "2" }, body: "" });
  expect((await http(host, "POST", "/conf/items", "", "hello")).json()).toMatchObject({ body: "hello", params: {} });
  expect((await http(host, "GET", "/conf/fail")).status).toBe(500);
  expect((await http(host, "GET", "/conf/none")).status).toBe(404);
  expect(host.violations).toEqual([]);
});

it("answers admin_methods with {ok: true, result: {method, params}}, and fail with its message", async () => {
  const host = await fixture({ admin_methods: ["list", "items/add", "fail"] });
  expect(await ask(host, "conf.admin.list", { method: "nexo/admin/conf/list", params: { a: 1 } })).toEqual({
    ok: true,
    result: { method: "list", params: { a: 1 } },
  });
  expect(await ask(host, "conf.admin.items.add", { method: "nexo/admin/conf/items/add", params: null })).toEqual({
    ok: true,
    result: { method: "items/add", params: null },
  });
  expect(await ask(host, "conf.admin.fail", { method: "nexo/admin/conf/fail", params: {} })).toEqual({ ok: false, error: "admin failed on purpose" });
});

it("echoes requests on each pattern of requests", async () => {
  const host = await fixture({ requests: ["conf.rpc.*"] });
  expect(await ask(host, "conf.rpc.echo", { k: [1, 2] })).toEqual({ echo: { k: [1, 2] } });
});

it("counts handled events in fixture_events_total with metrics on", async () => {
  const host = await fixture({ metrics: true, event_handler: "publish_marker" });
  for (let k = 0; k < 3; k++) host.sendEvent("plugin.outbound.conf", { k });
  await host.waitForCount((f) => f["method"] === "broker.publish" && !String((f["params"] as { topic: string }).topic).startsWith("_inbox."), 3);
  const reply = (await ask(host, "conf.metrics.scrape", {})) as { text: string };
  expect(parsePrometheusText(reply.text).value("fixture_events_total")).toBe(3);
});

it("refuses metrics: true without [plugin.metrics] in the manifest, as bad usage", async () => {
  const manifest = '[plugin]\nid = "conf"\nversion = "1.0.0"\n';
  const host = WireHost.spawn(FIXTURE, ["--config", JSON.stringify({ manifest, metrics: true })], { cwd: tmpdir() });
  expect(await host.exited()).toEqual({ code: 2, signal: null });
  expect(host.stderrLines.join("\n")).toMatch(/metrics: true needs \[plugin\.metrics\]/);
});
