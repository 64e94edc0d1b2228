/**
 * The frames the host sends, built from templates so the driver spends its time on the pipe,
 * and the check every answer must pass before it is counted.
 */
import { PLUGIN_ID, PUBLISH_TOPIC, RECALL_AGENT, TOOL_NAME } from "../plugins/workload";

/** Sessions the events of a session run rotate through. */
export const SESSIONS: readonly string[] = Array.from({ length: 16 }, (_, i) => `5e55${String(i).padStart(4, "0")}-0000-4000-8000-000000000000`);

/** The session of event `seq` in a session run, else null. */
export function sessionOf(seq: number, withSessions: boolean): string | null {
  return withSessions ? SESSIONS[seq % SESSIONS.length]! : null;
}

/** A host request line. */
export function request(id: number, method: string, params?: unknown): string {
  return JSON.stringify(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params }) + "\n";
}

/**
 * `broker.event` lines in the daemon's full envelope, on a topic the `>` pattern matches, with
 * `payload.k` = the sequence number and, when given, `payload.data`; with `recall`, the payload
 * asks the plugin for a `memory.recall` first.
 */
export function eventLineFactory(data: string | null, withSessions: boolean, recall = false): (seq: number) => string {
  const build = (session: string | null): [string, string] => {
    const marker = -424242;
    const text = JSON.stringify({
      jsonrpc: "2.0",
      method: "broker.event",
      params: {
        topic: "plugin.outbound.bench.work",
        event: {
          id: "0194b3a2-0000-4000-8000-000000000000",
          timestamp: "2026-05-01T00:00:00Z",
          topic: "plugin.outbound.bench.work",
          source: "agent.bench",
          session_id: session,
          payload: { k: marker, ...(data === null ? {} : { data }), ...(recall ? { recall: true } : {}) },
        },
      },
    });
    return text.split(String(marker)) as [string, string];
  };
  const templates = withSessions ? SESSIONS.map(build) : [build(null)];
  return (seq) => {
    const [head, tail] = templates[seq % templates.length]!;
    return head + seq + tail + "\n";
  };
}

/** A `tool.invoke` request line of call `n`. */
export function toolCallLine(id: number, n: number): string {
  return request(id, "tool.invoke", { plugin_id: PLUGIN_ID, tool_name: TOOL_NAME, args: { n }, agent_id: "agent.bench" });
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const EVENT_KEYS = "id,timestamp,topic,source,session_id,payload";

/**
 * Checks one `broker.publish` line fully (parsed, every envelope key, the session of the event
 * it answers) and returns the sequence number it answers and the event id; throws on anything else.
 */
export function checkPublish(line: string, withSessions: boolean): { seq: number; id: string } {
  const frame = JSON.parse(line) as { jsonrpc?: unknown; method?: unknown; params?: { topic?: unknown; event?: Record<string, unknown> } };
  const event = frame.params?.event;
  if (frame.jsonrpc !== "2.0" || frame.method !== "broker.publish" || frame.params?.topic !== PUBLISH_TOPIC || !event) {
    throw new Error(`not a broker.publish on ${PUBLISH_TOPIC}: ${line.slice(0, 200)}`);
  }
  const seq = (event["payload"] as { event_seen?: unknown } | null)?.event_seen;
  if (typeof seq !== "number") throw new Error(`publish without payload.event_seen: ${line.slice(0, 200)}`);
  if (
    Object.keys(event).join(",") !== EVENT_KEYS ||
    typeof event["id"] !== "string" ||
    !UUID_V4.test(event["id"]) ||
    typeof event["timestamp"] !== "string" ||
    !ISO_MS.test(event["timestamp"]) ||
    event["topic"] !== PUBLISH_TOPIC ||
    event["source"] !== PLUGIN_ID ||
    event["session_id"] !== sessionOf(seq, withSessions)
  ) {
    throw new Error(`publish of event ${seq} has a wrong envelope: ${line.slice(0, 300)}`);
  }
  return { seq, id: event["id"] };
}

/**
 * Checks one line the plugin wrote in a recall run: a `memory.recall` request for
 * {@link RECALL_AGENT} returns its reply line; anything else is null (a publish, for the caller
 * to check).
 */
export function recallReplyFor(line: string): string | null {
  if (!line.includes('"method":"memory.recall"')) return null;
  const frame = JSON.parse(line) as { id?: unknown; method?: unknown; params?: { agent_id?: unknown; query?: unknown; limit?: unknown } };
  const params = frame.params;
  if (typeof frame.id !== "number" || params?.agent_id !== RECALL_AGENT || typeof params.query !== "string" || !params.query.startsWith("about ")) {
    throw new Error(`not a memory.recall of the workload: ${line.slice(0, 200)}`);
  }
  return JSON.stringify({ jsonrpc: "2.0", id: frame.id, result: { entries: [] } }) + "\n";
}

/** Checks one reply to a {@link toolCallLine} of id `base + n` and returns `n`; throws on anything else. */
export function checkToolReply(line: string, base: number): number {
  const frame = JSON.parse(line) as { jsonrpc?: unknown; id?: unknown; result?: { echoed?: { n?: unknown }; agent?: unknown; plugin?: unknown } };
  const result = frame.result;
  const n = typeof frame.id === "number" ? frame.id - base : NaN;
  if (frame.jsonrpc !== "2.0" || result?.echoed?.n !== n || result.agent !== "agent.bench" || result.plugin !== PLUGIN_ID) {
    throw new Error(`not the result of tool call ${n}: ${line.slice(0, 200)}`);
  }
  return n;
}
