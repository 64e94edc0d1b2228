/**
 * The development host's answers file: what the stand-in daemon answers to the plugin's
 * `memory.recall` and `llm.complete` calls.
 *
 * ```json
 * {
 *   "memory": { "entries": [{ "content": "Lunch is at noon", "tags": ["food"] }] },
 *   "llm": { "reply": "A fixed answer", "chunk_size": 6 }
 * }
 * ```
 * Either section may instead be `{ "error": { "code": -32603, "message": "not configured" } }`.
 * Without `llm.reply`, the LLM echoes the last user message. `"config"` is the operator's
 * configuration, sent as `plugin.configure` right after `initialize` when the manifest has
 * `[plugin.config_schema]` (without it, `null` is sent, as the daemon does for no entry).
 */
import { isJsonObject, type JsonValue } from "../../core/wire/wire";
import { HostRequestError, type HostRequestHandler } from "../../testing/host-peer";
import { llmResponder, memoryResponder, type MemorySeed } from "../../testing/responders";
import { DevInputError, readJsonFile } from "./session-file";

/** The handlers of the two host methods, and the operator's configuration. */
export interface HostAnswers {
  readonly memoryRecall: HostRequestHandler;
  readonly llmComplete: HostRequestHandler;
  /** The `plugin.configure` value; `null` when the file gives none. */
  readonly config: JsonValue;
}

/** Default answers: an empty memory and an echoing LLM. */
export function defaultAnswers(): HostAnswers {
  return { memoryRecall: memoryResponder([]), llmComplete: llmResponder(), config: null };
}

/** Reads and checks an answers file. */
export function readAnswersFile(file: string): HostAnswers {
  const raw = readJsonFile(file);
  if (!isJsonObject(raw)) throw new DevInputError(file, "", "an answers file must be a JSON object");
  const unknown = Object.keys(raw).filter((k) => k !== "memory" && k !== "llm" && k !== "config");
  if (unknown.length > 0) throw new DevInputError(file, "", `unknown sections ${JSON.stringify(unknown)}; expected "memory", "llm" and "config"`);
  return {
    memoryRecall: memorySection(file, raw["memory"]),
    llmComplete: llmSection(file, raw["llm"]),
    config: (raw["config"] ?? null) as JsonValue,
  };
}

const ENTRY_STRINGS = ["content", "id", "agent_id", "created_at"];
const ENTRY_STRING_LISTS = ["tags", "concept_tags"];

function memorySection(file: string, section: unknown): HostRequestHandler {
  if (section === undefined) return memoryResponder([]);
  if (!isJsonObject(section)) throw new DevInputError(file, "memory", "must be an object");
  rejectUnknownKeys(file, "memory", section, ["entries", "error"]);
  const error = errorAnswer(file, "memory", section);
  if (error) return error;
  const entries = section["entries"] ?? [];
  if (!Array.isArray(entries)) throw new DevInputError(file, "memory.entries", "must be a list");
  entries.forEach((entry: unknown, index) => checkEntry(file, `memory.entries[${index}]`, entry));
  return memoryResponder(entries as MemorySeed[]);
}

/** An entry is echoed to the plugin as the daemon's memory would send it, so its fields have the daemon's types. */
function checkEntry(file: string, where: string, entry: unknown): void {
  if (!isJsonObject(entry) || typeof entry["content"] !== "string") throw new DevInputError(file, where, 'must be an object with a string "content"');
  rejectUnknownKeys(file, where, entry, [...ENTRY_STRINGS, ...ENTRY_STRING_LISTS, "memory_type"]);
  for (const key of ENTRY_STRINGS) {
    if (entry[key] !== undefined && typeof entry[key] !== "string") throw new DevInputError(file, `${where}.${key}`, "must be a string");
  }
  for (const key of ENTRY_STRING_LISTS) {
    const value = entry[key];
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
      throw new DevInputError(file, `${where}.${key}`, "must be a list of strings");
    }
  }
  const memoryType = entry["memory_type"];
  if (memoryType !== undefined && memoryType !== null && typeof memoryType !== "string") {
    throw new DevInputError(file, `${where}.memory_type`, "must be a string or null");
  }
}

function rejectUnknownKeys(file: string, where: string, object: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(object).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new DevInputError(file, where, `unknown field ${JSON.stringify(unknown)} (known: ${known.join(", ")})`);
}

function llmSection(file: string, section: unknown): HostRequestHandler {
  if (section === undefined) return llmResponder();
  if (!isJsonObject(section)) throw new DevInputError(file, "llm", "must be an object");
  rejectUnknownKeys(file, "llm", section, ["reply", "chunk_size", "error"]);
  const error = errorAnswer(file, "llm", section);
  if (error) return error;
  const { reply, chunk_size: chunkSize } = section;
  if (reply !== undefined && typeof reply !== "string") throw new DevInputError(file, "llm.reply", "must be a string");
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && (chunkSize as number) > 0)) {
    throw new DevInputError(file, "llm.chunk_size", "must be a positive integer");
  }
  return llmResponder({ chunkSize: chunkSize as number | undefined, reply: reply as string | undefined });
}

function errorAnswer(file: string, where: string, section: Record<string, unknown>): HostRequestHandler | undefined {
  const error = section["error"];
  if (error === undefined) return undefined;
  if (!isJsonObject(error) || typeof error["code"] !== "number" || typeof error["message"] !== "string") {
    throw new DevInputError(file, `${where}.error`, 'must be {"code": <number>, "message": <string>}');
  }
  const { code, message } = error as { code: number; message: string };
  return () => {
    throw new HostRequestError(code, message);
  };
}
