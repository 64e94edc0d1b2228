/**
 * The logger a plugin gets as `this.log`: one stderr line per record, so the daemon's
 * line-based log capture keeps records whole.
 */
import type { Writable } from "node:stream";

/** Severity of a log record. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Writes log records to stderr, one line each. */
export interface PluginLogger {
  /** Detail for debugging; `fields` are appended as JSON. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Normal operation; `fields` are appended as JSON. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something unexpected the plugin recovered from; `fields` are appended as JSON. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** A failure; `fields` are appended as JSON. */
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger writing `[<plugin id>] <level>: <message> <fields as JSON>` lines to `stream`. */
export function createPluginLogger(pluginId: string, stream: Writable): PluginLogger {
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    const text = String(message).replace(/\r?\n/g, "\\n");
    stream.write(`[${pluginId}] ${level}: ${text}${fields === undefined ? "" : " " + safeJson(fields)}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  } catch {
    return "[unserializable fields]";
  }
}
