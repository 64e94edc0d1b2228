/**
 * How a tool call ended, for metrics: `ok`, or the failure its error reply encodes.
 */
import { isThenable } from "../../runtime/in-flight";
import { secondsSince } from "../../runtime/observers";
import { ToolError } from "./tool-errors";

const OUTCOMES: Readonly<Record<number, string>> = {
  [-33401]: "not_found",
  [-33402]: "invalid_argument",
  [-33403]: "execution_failed",
  [-33404]: "unavailable",
  [-33405]: "denied",
};

/** The outcome label of a thrown value: a typed tool failure's kind, else `execution_failed`. */
export function toolFailureOutcome(error: unknown): string {
  return (error instanceof ToolError && OUTCOMES[error.code]) || "execution_failed";
}

/** Runs `call` and reports its outcome and duration; the value or failure passes through unchanged. */
export function observeToolCall(tool: string, observe: (tool: string, outcome: string, seconds: number) => void, call: () => unknown): unknown {
  const startedAt = performance.now();
  let outcome: unknown;
  try {
    outcome = call();
  } catch (error) {
    observe(tool, toolFailureOutcome(error), secondsSince(startedAt));
    throw error;
  }
  if (!isThenable(outcome)) {
    observe(tool, "ok", secondsSince(startedAt));
    return outcome;
  }
  return Promise.resolve(outcome).then(
    (value) => {
      observe(tool, "ok", secondsSince(startedAt));
      return value;
    },
    (error: unknown) => {
      observe(tool, toolFailureOutcome(error), secondsSince(startedAt));
      throw error;
    },
  );
}
