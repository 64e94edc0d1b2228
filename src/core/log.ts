/**
 * The SDK's diagnostic channel. Stderr is the plugin's log: the daemon reads it line by line
 * and keeps the last lines for crash reports, so every diagnostic is exactly one line.
 */
import type { Writable } from "node:stream";

/** Receives one diagnostic message; the sink adds the prefix and the newline. */
export type LogSink = (message: string) => void;

/** Prefix of every line the SDK itself writes to stderr. */
export const LOG_PREFIX = "[nexoai] ";

/** Writes each message as one prefixed line; embedded newlines are escaped so a record stays one line. */
export function createLineLog(stream: Writable, prefix: string = LOG_PREFIX): LogSink {
  return (message) => {
    stream.write(prefix + message.replace(/\r?\n/g, "\\n") + "\n");
  };
}

/** Longest rendering of a value in a log line. */
const SHOWN_CHARS = 120;

/**
 * Renders any value for a message: JSON when it has one, cut to a readable length, and never
 * throwing (untrusted input may nest deeper than `JSON.stringify` can go, or hold a BigInt).
 */
export function showValue(value: unknown, maxChars: number = SHOWN_CHARS): string {
  const text = render(value);
  return text.length > maxChars ? text.slice(0, Math.max(0, maxChars - 3)) + "..." : text;
}

function render(value: unknown): string {
  if (typeof value === "function") return `function ${value.name || "<anonymous>"}`;
  // JSON would render NaN and the infinities as `null`, hiding the actual value.
  if (typeof value === "number" || typeof value === "symbol" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? "[unrenderable array]" : "[unrenderable object]";
  }
}

/** Renders a thrown value for a log line: the stack of an Error, the text of anything else. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  try {
    return `non-error thrown: ${JSON.stringify(error)}`;
  } catch {
    return `non-error thrown: ${String(error)}`;
  }
}

/** The text of a failure for a reply message: an Error's message, a string as it is, a rendering of anything else. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : showValue(error);
}
