/**
 * The ceiling: a plugin written by hand to do the decorated plugin's work as fast as Node
 * allows. Stdin chunks are split on newlines by hand, each line is `JSON.parse`d, and each
 * event gets the full envelope with a fresh UUID and an ISO timestamp. All the frames an input
 * chunk produces leave in one write, and while stdout refuses data, stdin is paused until it
 * drains, as a well-behaved plugin must. An event that asks for a `memory.recall` sends it and
 * publishes when the reply comes; its calls wait in a ring by id, which suffices because the
 * driver keeps fewer than {@link RECALL_SLOTS} events unanswered.
 */
import { randomUUID } from "node:crypto";
import { PLUGIN_ID, PUBLISH_TOPIC, RECALL_AGENT, SERVER_VERSION, readBenchManifest, recallQuery, wantsRecall } from "./workload";

const manifest = readBenchManifest();
let rest = "";

/** Slots of the ring of recalls awaiting their reply. */
const RECALL_SLOTS = 4096;
const recalls: Array<{ readonly id: number; readonly sessionId: unknown; readonly k: unknown } | undefined> = new Array(RECALL_SLOTS);
let nextRecallId = 1;

function recallLine(sessionId: unknown, k: unknown): string {
  const id = nextRecallId++;
  recalls[id % RECALL_SLOTS] = { id, sessionId, k };
  return JSON.stringify({ jsonrpc: "2.0", id, method: "memory.recall", params: { agent_id: RECALL_AGENT, query: recallQuery(k), limit: 10 } }) + "\n";
}

/** The publish a recall's reply releases, or nothing for an id no recall has. */
function recallAnswered(id: unknown, result: unknown): string {
  const slot = typeof id === "number" ? id % RECALL_SLOTS : -1;
  const recall = recalls[slot];
  if (recall === undefined || recall.id !== id) return "";
  recalls[slot] = undefined;
  if (!Array.isArray((result as { entries?: unknown } | null)?.entries)) throw new Error(`memory.recall ${String(id)} has no entries`);
  return publishLine(recall.sessionId, recall.k);
}

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

function answer(frame: { id?: unknown; method?: unknown; params?: Record<string, unknown>; result?: unknown }): string {
  const params = frame.params ?? {};
  switch (frame.method) {
    case "broker.event": {
      const event = params["event"] as { session_id?: unknown; payload?: { k?: unknown } | null };
      if (wantsRecall(event.payload)) return recallLine(event.session_id, event.payload?.k);
      return publishLine(event.session_id, event.payload?.k);
    }
    case undefined:
      return recallAnswered(frame.id, frame.result);
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
