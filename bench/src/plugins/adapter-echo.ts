/** The echo on the decorator-free `PluginAdapter`. */
import * as path from "node:path";
import { PluginAdapter } from "../../../dist";

const adapter = new PluginAdapter({
  manifest: path.join(__dirname, "..", "..", "nexo-plugin.toml"),
  tools: [{ name: "bench_echo", description: "echo" }],
});
adapter.onEvent((_topic, event, broker) => broker.publish("plugin.inbound.bench", event.payload));
adapter.onTool((invocation) => invocation.args);
void adapter.run();
