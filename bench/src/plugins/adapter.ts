/** The same workload on the decorator-free `PluginAdapter`, to tell the layers' costs apart. */
import { PluginAdapter } from "../../../dist";
import { MANIFEST_PATH, markerOf, PUBLISH_TOPIC, RECALL_AGENT, recallQuery, SERVER_VERSION, TOOL_NAME, wantsRecall } from "./workload";

const adapter = new PluginAdapter({ manifest: MANIFEST_PATH, serverVersion: SERVER_VERSION, tools: [{ name: TOOL_NAME, description: "echo" }] });
adapter.onEvent(async (_topic, event, broker) => {
  if (wantsRecall(event.payload)) await broker.memoryRecall(RECALL_AGENT, recallQuery(markerOf(event.payload)));
  await broker.publish(PUBLISH_TOPIC, { event_seen: markerOf(event.payload) });
});
adapter.onToolWithContext(async (invocation, ctx) => ({ echoed: invocation.args ?? null, agent: ctx.agentId ?? null, plugin: ctx.pluginId }));
void adapter.run();
