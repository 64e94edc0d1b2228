/**
 * `[plugin.metrics] prometheus = true`: the daemon scrapes the plugin over the broker on
 * `<broker_topic_prefix>.metrics.scrape` (payload `{}`) and expects `{text}` in the Prometheus
 * text format, within `timeout_seconds` (5 s by default). The scrape is answered from one
 * prom-client registry holding the SDK's own metrics and whatever the plugin adds to it.
 */
import type { Registry } from "prom-client";
import type { BrokerRequests } from "../../broker/request-reply/broker-requests";
import { reasonOf } from "../../log";
import type { Manifest } from "../../manifest/manifest";
import type { RuntimeObservers } from "../../runtime/observers";
import { promClient } from "./prom-client";
import { installSdkMetrics } from "./sdk-metrics";

/** The registry scrapes are answered from: prom-client's `Registry`. */
export type MetricsRegistry = Registry;

/** What the metrics surface needs from the adapter. */
export interface MetricsHost {
  readonly manifest: Manifest;
  readonly requests: BrokerRequests;
  readonly observers: RuntimeObservers;
}

/** The topic scrapes arrive on, or `undefined` when metrics are off. */
export function metricsScrapeTopic(manifest: Manifest): string | undefined {
  const section = manifest.plugin.metrics;
  if (section?.prometheus !== true || !section.broker_topic_prefix) return undefined;
  return `${section.broker_topic_prefix}.metrics.scrape`;
}

/**
 * When the manifest switches metrics on: loads prom-client, creates the registry with the SDK's
 * metrics, serves the scrape topic, and returns the registry. Otherwise returns `undefined`
 * and loads nothing.
 */
export function serveMetricsIfEnabled(host: MetricsHost): MetricsRegistry | undefined {
  const topic = metricsScrapeTopic(host.manifest);
  if (topic === undefined) return undefined;
  const prom = promClient();
  const registry = new prom.Registry();
  installSdkMetrics(prom, registry, host.observers);
  host.requests.add({
    pattern: topic,
    label: "metrics scrape",
    serves: [{ topic, label: "[plugin.metrics] prometheus = true" }],
    handle: async () => ({ text: await registry.metrics() }),
    // The daemon reads `text`; an empty exposition keeps its scrape parseable.
    failure: (error) => ({ text: "", error: reasonOf(error) }),
  });
  return registry;
}
