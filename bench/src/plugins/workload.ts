/**
 * What every plugin under measurement does, after the conformance fixture's `publish_marker`
 * event behaviour and `echo` tool: each `broker.event` publishes `{event_seen: payload.k}` on
 * {@link PUBLISH_TOPIC} within the event's session, and the tool returns
 * `{echoed: args, agent: agent_id, plugin: plugin_id}`. An event whose payload has
 * `recall: true` first awaits a `memory.recall` for {@link RECALL_AGENT}, as a plugin that looks
 * up what it remembers before it answers does.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The manifest every plugin under measurement runs with. */
export const MANIFEST_PATH = path.join(__dirname, "..", "..", "nexo-plugin.toml");

/** The plugin id in that manifest. */
export const PLUGIN_ID = "bench";

/** Where each event's answer is published. */
export const PUBLISH_TOPIC = "plugin.inbound.bench";

/** The `server_version` of the `initialize` reply. */
export const SERVER_VERSION = "bench-1.0.0";

/** The one tool. */
export const TOOL_NAME = "bench_echo";

/** The agent of every `memory.recall`. */
export const RECALL_AGENT = "agent.bench";

/** The query of the `memory.recall` made for event `k`. */
export function recallQuery(k: unknown): string {
  return `about ${String(k)}`;
}

/** Whether an event's payload asks for a `memory.recall` first. */
export function wantsRecall(payload: unknown): boolean {
  return typeof payload === "object" && payload !== null && (payload as { recall?: unknown }).recall === true;
}

/** The manifest as the `initialize` reply carries it, for the plugin that does not parse TOML. */
export function readBenchManifest(): Record<string, unknown> {
  const text = readFileSync(MANIFEST_PATH, "utf8");
  return { plugin: { id: PLUGIN_ID, version: "1.0.0", name: "Bench", description: `${text.length} bytes of TOML` } };
}

/** `payload.k` of an event payload, or null. */
export function markerOf(payload: unknown): unknown {
  return typeof payload === "object" && payload !== null && !Array.isArray(payload) ? ((payload as Record<string, unknown>)["k"] ?? null) : null;
}
