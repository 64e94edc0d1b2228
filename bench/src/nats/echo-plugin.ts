/**
 * The NATS benchmark's plugin, on `PluginAdapter`: counts the events it gets and publishes
 * `plugin.inbound.bench.done` after the last one (payload.total says how many); the tool
 * `bench_publish` publishes `count` events, each awaited. The broker transport is whatever
 * the adapter selects from NEXO_BROKER_KIND / NEXO_BROKER_URL.
 */
import * as path from "node:path";
import type * as Sdk from "../../../dist";

// The SDK under measurement: this checkout's build, or another one (NEXOAI_DIST) to compare.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require(process.env["NEXOAI_DIST"] ?? path.join(__dirname, "..", "..", "..", "dist")) as typeof Sdk;

const MANIFEST = `[plugin]
id = "bench"
version = "1.0.0"

[[plugin.channels.register]]
kind = "bench"

[plugin.extends]
tools = ["bench_publish"]
`;

let seen = 0;

const adapter = new sdk.PluginAdapter({
  manifestToml: MANIFEST,
  tools: [{ name: "bench_publish", description: "publish count events", inputSchema: { type: "object" } }],
  onEvent: (_topic, event, broker) => {
    seen++;
    const total = (event.payload as { total?: number } | null)?.total;
    if (seen !== total) return undefined;
    seen = 0;
    return broker.publish("plugin.inbound.bench.done", { count: total });
  },
  onTool: async (invocation) => {
    const count = (invocation.args as { count: number }).count;
    for (let i = 0; i < count; i++) await adapter.broker.publish("plugin.inbound.bench", { i });
    return { published: count };
  },
});
void adapter.run();
