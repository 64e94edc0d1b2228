/**
 * The development host's session file: a JSON list of steps played against the plugin.
 *
 * ```json
 * [
 *   { "event": { "topic": "plugin.outbound.notes", "payload": { "text": "hi" }, "session_id": null } },
 *   { "tool": { "name": "notes_search", "args": { "query": "lunch" }, "agent_id": "kate" } },
 *   { "pause": 100 },
 *   { "configure": [{ "channel": "team_a" }] },
 *   { "shutdown": "demo finished" }
 * ]
 * ```
 */
import { readFileSync } from "node:fs";
import { isValidTopic } from "../../core/broker/topics";
import { isJsonObject, type JsonValue } from "../../core/wire/wire";

/** One step of a session. */
export type SessionStep =
  | { readonly kind: "event"; readonly topic: string; readonly payload: JsonValue; readonly sessionId: string | null; readonly source: string }
  | { readonly kind: "tool"; readonly name: string; readonly args: JsonValue; readonly agentId: string | null }
  | { readonly kind: "pause"; readonly ms: number }
  | { readonly kind: "configure"; readonly value: JsonValue }
  | { readonly kind: "shutdown"; readonly reason: string };

/** A session or answers file that cannot be used; names the file, the step and the problem. */
export class DevInputError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    problem: string,
  ) {
    super(`${file}${where ? ` ${where}` : ""}: ${problem}`);
    this.name = "DevInputError";
  }
}

/** Reads and checks a session file. A session without a shutdown step gets one at the end. */
export function readSessionFile(file: string): SessionStep[] {
  const raw = readJsonFile(file);
  if (!Array.isArray(raw)) throw new DevInputError(file, "", "a session file must be a JSON list of steps");
  const steps = raw.map((step, index) => parseStep(file, index, step));
  const shutdownAt = steps.findIndex((s) => s.kind === "shutdown");
  if (shutdownAt !== -1 && shutdownAt !== steps.length - 1) {
    throw new DevInputError(file, `step ${shutdownAt + 1}`, "shutdown must be the last step");
  }
  if (shutdownAt === -1) steps.push({ kind: "shutdown", reason: "session finished" });
  return steps;
}

/** Parses a JSON file, naming the file in any error. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DevInputError(file, "", `cannot read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DevInputError(file, "", `not valid JSON: ${(error as Error).message}`);
  }
}

const STEP_KINDS = ["event", "tool", "pause", "configure", "shutdown"];
const STEP_FIELDS: Readonly<Record<string, readonly string[]>> = {
  event: ["topic", "payload", "session_id", "source"],
  tool: ["name", "args", "agent_id"],
};

function parseStep(file: string, index: number, step: unknown): SessionStep {
  const where = `step ${index + 1}`;
  const fail = (problem: string): never => {
    throw new DevInputError(file, where, problem);
  };
  if (!isJsonObject(step)) return fail(`must be an object such as {"event": {...}}, got ${JSON.stringify(step)}`);
  const keys = Object.keys(step);
  if (keys.length !== 1 || !STEP_KINDS.includes(keys[0]!)) {
    return fail(`must have exactly one key of ${STEP_KINDS.join(", ")}, got ${JSON.stringify(keys)}`);
  }
  const kind = keys[0]!;
  const body = step[kind];
  if (kind === "pause") {
    if (typeof body !== "number" || !(body >= 0) || body > 60_000) return fail("pause must be a number of milliseconds, 0..60000");
    return { kind: "pause", ms: body };
  }
  // A hot reload: the operator's new configuration, any JSON (null for none).
  if (kind === "configure") return { kind: "configure", value: body as JsonValue };
  if (kind === "shutdown") {
    if (body !== true && typeof body !== "string") return fail("shutdown must be true or a reason string");
    return { kind: "shutdown", reason: typeof body === "string" ? body : "session finished" };
  }
  if (!isJsonObject(body)) return fail(`${kind} must be an object`);
  // A misspelt key would otherwise be dropped, and the step send something else than meant.
  const known = STEP_FIELDS[kind]!;
  const unknown = Object.keys(body).filter((key) => !known.includes(key));
  if (unknown.length > 0) return fail(`unknown ${kind} field ${JSON.stringify(unknown[0])} (known: ${known.join(", ")})`);
  if (kind === "event") {
    const { topic, payload, session_id: sessionId, source } = body;
    if (typeof topic !== "string" || !isValidTopic(topic)) return fail("event.topic must be a topic: non-empty dot-separated segments");
    if (sessionId !== undefined && sessionId !== null && typeof sessionId !== "string") return fail("event.session_id must be a string or null");
    if (source !== undefined && typeof source !== "string") return fail("event.source must be a string");
    return { kind: "event", topic, payload: (payload ?? null) as JsonValue, sessionId: sessionId ?? null, source: source ?? "nexo-dev" };
  }
  const { name, args, agent_id: agentId } = body;
  if (typeof name !== "string" || name === "") return fail("tool.name must be a non-empty string");
  if (agentId !== undefined && agentId !== null && typeof agentId !== "string") return fail("tool.agent_id must be a string or null");
  return { kind: "tool", name, args: (args ?? null) as JsonValue, agentId: agentId ?? null };
}
