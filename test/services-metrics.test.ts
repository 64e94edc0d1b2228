/**
 * SERVICES.md section 3, metrics: `[plugin.metrics] prometheus = true` scrapes answered from a
 * prom-client registry holding the SDK's metrics and the plugin's own, parsed back from the
 * Prometheus text the plugin sent.
 */
import { ask, replyTo, sendRequest, startRequests, SVC_MANIFEST } from "./support/broker-requests";
import { admin, http, scrape, sendHttp, startShop } from "./support/broker-services";
import { parsePrometheusText } from "./support/prometheus-text";
import type { WireHost } from "./support/wire-host";

let host: WireHost;

beforeAll(async () => {
  host = await startShop(undefined, "file");
});

afterEach(() => {
  expect(host.violations).toEqual([]);
});

it("answers a scrape with {text} in the Prometheus text format, the SDK's metrics declared", async () => {
  const reply = (await ask(host, "shop.metrics.scrape", {})) as Record<string, unknown>;
  expect(Object.keys(reply)).toEqual(["text"]);
  const metrics = parsePrometheusText(reply["text"] as string);
  for (const [name, type] of [
    ["nexo_plugin_events_received_total", "counter"],
    ["nexo_plugin_events_dropped_total", "counter"],
    ["nexo_plugin_handler_duration_seconds", "histogram"],
    ["nexo_plugin_handler_failures_total", "counter"],
    ["nexo_plugin_tool_calls_total", "counter"],
    ["nexo_plugin_tool_call_duration_seconds", "histogram"],
    ["nexo_plugin_host_calls_total", "counter"],
    ["nexo_plugin_published_events_total", "counter"],
    ["nexo_plugin_stdout_backpressure_waits_total", "counter"],
    ["nexo_plugin_broker_requests_total", "counter"],
    ["shop_items_viewed_total", "counter"],
  ]) {
    expect([name, metrics.types.get(name!)]).toEqual([name, type]);
  }
});

it("counts the plugin's own metric and what the SDK saw, by label", async () => {
  const base = parsePrometheusText(await scrape(host));
  const count = (name: string, labels: Record<string, string> = {}) => base.value(name, labels) ?? 0;

  await http(host, { path: "/shop/items/1" });
  await http(host, { path: "/shop/items/2" });
  await http(host, { path: "/shop/fail" });
  await admin(host, "items/count");
  host.sendEvent("plugin.outbound.shop", { text: "hi" });
  host.sendEvent("plugin.outbound.shop", { text: 5 });
  host.sendEvent("plugin.outbound.elsewhere", {});
  await host.waitFor((f) => f["method"] === "broker.publish" && (f["params"] as { topic?: string }).topic === "plugin.inbound.shop");
  expect((await host.invoke("shop_recall", {}))["result"]).toBeDefined();
  expect((await host.invoke("shop_missing", {}))["error"]).toBeDefined();
  await host.barrier();

  const after = parsePrometheusText(await scrape(host));
  const delta = (name: string, labels: Record<string, string> = {}) => (after.value(name, labels) ?? 0) - count(name, labels);
  expect(delta("shop_items_viewed_total")).toBe(2);
  expect(delta("nexo_plugin_events_received_total", { pattern: "plugin.outbound.shop" })).toBe(2);
  expect(delta("nexo_plugin_events_dropped_total", { pattern: "plugin.outbound.shop", reason: "invalid_payload" })).toBe(1);
  expect(delta("nexo_plugin_events_dropped_total", { pattern: "", reason: "no_route" })).toBe(1);
  expect(delta("nexo_plugin_handler_duration_seconds_count", { handler: "Shop.outbound" })).toBe(1);
  expect(delta("nexo_plugin_handler_duration_seconds_count", { handler: "Shop.item" })).toBe(2);
  expect(delta("nexo_plugin_handler_failures_total", { handler: "Shop.fail" })).toBe(1);
  expect(delta("nexo_plugin_tool_calls_total", { tool: "shop_recall", outcome: "ok" })).toBe(1);
  expect(delta("nexo_plugin_tool_calls_total", { tool: "shop_missing", outcome: "not_found" })).toBe(1);
  expect(delta("nexo_plugin_tool_call_duration_seconds_count", { tool: "shop_recall" })).toBe(1);
  expect(delta("nexo_plugin_host_calls_total", { method: "memory.recall", outcome: "ok" })).toBe(1);
  expect(delta("nexo_plugin_published_events_total")).toBe(1);
  expect(delta("nexo_plugin_broker_requests_total", { service: "HTTP routes", outcome: "ok" })).toBe(3);
  expect(delta("nexo_plugin_broker_requests_total", { service: "admin methods", outcome: "ok" })).toBe(1);
  // The first scrape's own request finished before the second scrape was taken.
  expect(delta("nexo_plugin_broker_requests_total", { service: "metrics scrape", outcome: "ok" })).toBe(1);
});

it("counts dropped requests and the waits for a host that stopped reading stdout", async () => {
  const dropped = { service: "admin methods", outcome: "dropped" };
  const base = parsePrometheusText(await scrape(host));
  sendRequest(host, "shop.admin.items.count", {}, { replyTo: null });
  await host.waitForStderr(/request on shop\.admin\.items\.count dropped/);
  // About 300 KB of replies: more than the pipe and the reader's buffer hold while paused.
  host.pauseOutput();
  const requests = Array.from({ length: 100 }, (_, i) => sendHttp(host, { path: `/shop/files/${"x".repeat(2000)}/${i}` }));
  await new Promise((resolve) => setTimeout(resolve, 500));
  host.resumeOutput();
  await Promise.all(requests.map((request) => replyTo(host, request, 10_000)));
  const after = parsePrometheusText(await scrape(host));
  expect((after.value("nexo_plugin_broker_requests_total", dropped) ?? 0) - (base.value("nexo_plugin_broker_requests_total", dropped) ?? 0)).toBe(1);
  const waits = (e: ReturnType<typeof parsePrometheusText>) => e.value("nexo_plugin_stdout_backpressure_waits_total") ?? 0;
  expect(waits(after) - waits(base)).toBeGreaterThanOrEqual(1);
});

describe("without decorators", () => {
  it("loads neither prom-client nor path-to-regexp for a plugin that uses neither", async () => {
    const plain = await startRequests({ requests: { "svc.loaded": "loaded" } });
    expect(await ask(plain, "svc.loaded", {})).toEqual({ promClient: false, pathToRegexp: false });
  });

  it("serves the scrape topic of [plugin.metrics] from PluginAdapter, with adapter.metrics for the plugin's own", async () => {
    const manifest = `${SVC_MANIFEST}\n[plugin.metrics]\nprometheus = true\nbroker_topic_prefix = "svc"\n`;
    const plugin = await startRequests({ manifest, requests: { "svc.loaded": "loaded", "svc.count": "count" } });
    expect(await ask(plugin, "svc.loaded", {})).toEqual({ promClient: true, pathToRegexp: false });
    await ask(plugin, "svc.count", {});
    const reply = (await ask(plugin, "svc.metrics.scrape", {})) as { text: string };
    const metrics = parsePrometheusText(reply.text);
    expect(metrics.value("svc_counted_total")).toBe(1);
    expect(metrics.value("nexo_plugin_broker_requests_total", { service: "onRequest(svc.count)", outcome: "ok" })).toBe(1);
  });
});
