/**
 * The ceiling: a plugin written by hand to do the decorated plugin's work as fast as Node
 * allows. Stdin chunks are split on newlines by hand, each line is `JSON.parse`d, and each
 * event gets the full envelope with a fresh UUID and an ISO timestamp. All the frames an input
 * chunk produces leave in one write, and while stdout refuses data, stdin is paused until it
 * drains, as a well-behaved plugin must.
 */
import { randomUUID } from "node:crypto";
import { PLUGIN_ID, PUBLISH_TOPIC, SERVER_VERSION, readBenchManifest } from "./workload";

const manifest = readBenchManifest();
let rest = "";

function publishLine(sessionId: unknown, k: unknown): string {
  const event = {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    topic: PUBLISH_TOPIC,
    source: PLUGIN_ID,
    session_id: typeof sessionId === "string" ? sessionId : null,
    payload: { event_seen: k ?? null },
  };
  return JSON.stringify({ jsonrpc: "2.0", method: "broker.publish", params: { topic: PUBLISH_TOPIC, event } }) + "\n";
}

function answer(frame: { id?: unknown; method?: unknown; params?: Record<string, unknown> }): string {
  const params = frame.params ?? {};
  switch (frame.method) {
    case "broker.event": {
      const event = params["event"] as { session_id?: unknown; payload?: { k?: unknown } | null };
      return publishLine(event.session_id, event.payload?.k);
    }
    case "tool.invoke": {
      const result = { echoed: params["args"] ?? null, agent: params["agent_id"] ?? null, plugin: params["plugin_id"] };
      return JSON.stringify({ jsonrpc: "2.0", id: frame.id, result }) + "\n";
    }
    case "initialize":
      return JSON.stringify({ jsonrpc: "2.0", id: frame.id, result: { manifest, server_version: SERVER_VERSION } }) + "\n";
    case "shutdown":
      process.stdin.destroy();
      return JSON.stringify({ jsonrpc: "2.0", id: frame.id, result: { ok: true } }) + "\n";
    default:
      return "";
  }
}

process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  let out = "";
  let start = 0;
  const text = rest + chunk;
  for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
    if (newline > start) out += answer(JSON.parse(text.slice(start, newline)));
    start = newline + 1;
  }
  rest = text.slice(start);
  if (out && !process.stdout.write(out)) {
    process.stdin.pause();
    process.stdout.once("drain", () => process.stdin.resume());
  }
});
