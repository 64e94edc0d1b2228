/**
 * The plugin under measurement: a decorated class run by `bootstrap()`, doing the conformance
 * fixture's workload the way the fixture's shape has it: one `>` pattern, an async handler
 * that awaits `this.publish`, and an async tool.
 */
import { bootstrap, NexoPlugin, OnEvent, Plugin, Tool, type Event, type ToolContext } from "../../../dist";
import { MANIFEST_PATH, markerOf, PUBLISH_TOPIC, RECALL_AGENT, recallQuery, SERVER_VERSION, TOOL_NAME, wantsRecall } from "./workload";

@Plugin({ manifest: MANIFEST_PATH, serverVersion: SERVER_VERSION })
class BenchFixture extends NexoPlugin {
  @OnEvent(">")
  async onEvent(event: Event): Promise<void> {
    if (wantsRecall(event.payload)) await this.broker.memoryRecall(RECALL_AGENT, recallQuery(markerOf(event.payload)));
    await this.publish(PUBLISH_TOPIC, { event_seen: markerOf(event.payload) });
  }

  @Tool({ name: TOOL_NAME, description: "echo" })
  async echo(args: unknown, ctx: ToolContext): Promise<unknown> {
    return { echoed: args ?? null, agent: ctx.agentId ?? null, plugin: ctx.pluginId };
  }
}

void bootstrap(BenchFixture);
