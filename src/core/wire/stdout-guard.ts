/**
 * Keeps stdout for the SDK's frame stream.
 *
 * The daemon reads the plugin's stdout as newline-delimited JSON-RPC frames, so a stray
 * `console.log` or `process.stdout.write` from plugin code must never reach fd 1 as a raw
 * line. The guard replaces `write` on the stdout stream instance: foreign output is buffered
 * up to each `\n`, a complete line that is a JSON object passes through unchanged, and any
 * other line (blank lines included) goes to stderr, the plugin's log channel, prefixed with
 * {@link STDOUT_GUARD_MARKER}. The SDK's own frames bypass the guard through
 * {@link rawWriteFor} and are never re-parsed.
 */

import { StringDecoder } from "node:string_decoder";

import { isJsonObject, MAX_FRAME_BYTES } from "./wire";

/** Prefix of every stderr line the guard writes for a diverted stdout line. */
export const STDOUT_GUARD_MARKER = "[stdout-guard]";

/** The completion callback of a stream write. */
export type WriteCallback = (error?: Error | null) => void;

/** A write that goes straight to a stream, past the guard. */
export type RawWrite = (chunk: string | Uint8Array, callback?: WriteCallback) => boolean;

/** Where the guard is installed and where diverted lines go. */
export interface StdoutGuardOptions {
  /** The stream to guard; defaults to `process.stdout`. */
  stdout?: NodeJS.WritableStream;
  /** Where non-JSON lines are diverted; defaults to `process.stderr`. */
  stderr?: NodeJS.WritableStream;
}

/** `Writable.write` with both of its call shapes in one signature. */
type WriteMethod = (
  this: NodeJS.WritableStream,
  chunk: string | Uint8Array,
  encodingOrCallback?: BufferEncoding | WriteCallback,
  callback?: WriteCallback,
) => boolean;

/** Everything an installed guard needs, and everything uninstalling must undo. */
interface GuardState {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** The `write` that was in effect at install time (own or inherited); pass-through uses it. */
  readonly originalWrite: WriteMethod;
  /** The instance's own `write` property at install time, or `undefined` if it inherited one. */
  readonly ownWriteDescriptor: PropertyDescriptor | undefined;
  /** Decodes byte chunks so a multi-byte character split across writes stays whole. */
  readonly decoder: StringDecoder;
  /** Text of the current line, not yet terminated by `\n`. */
  pending: string;
}

let state: GuardState | null = null;

/**
 * Installs the guard on `options.stdout` (default `process.stdout`). Idempotent: while a guard
 * is installed, further calls do nothing, whatever their options.
 */
export function installStdoutGuard(options: StdoutGuardOptions = {}): void {
  if (state !== null) return;
  const stdout = options.stdout ?? process.stdout;
  const guard: GuardState = {
    stdout,
    stderr: options.stderr ?? process.stderr,
    originalWrite: stdout.write as WriteMethod,
    ownWriteDescriptor: Object.getOwnPropertyDescriptor(stdout, "write"),
    decoder: new StringDecoder("utf8"),
    pending: "",
  };
  // Same attributes as a plain assignment would give, so later code may still replace it.
  Object.defineProperty(stdout, "write", {
    value: makeGuardedWrite(guard),
    writable: true,
    enumerable: true,
    configurable: true,
  });
  state = guard;
}

/**
 * Removes the guard and restores the stream's original `write` exactly: its own property as it
 * was, or no own property when the method was inherited. A pending partial line is flushed
 * first, classified like a complete line. Idempotent.
 */
export function uninstallStdoutGuard(): void {
  if (state === null) return;
  const guard = state;
  appendText(guard, guard.decoder.end());
  if (guard.pending !== "") emitLine(guard, takePending(guard));
  if (guard.ownWriteDescriptor === undefined) {
    delete (guard.stdout as { write?: unknown }).write;
  } else {
    Object.defineProperty(guard.stdout, "write", guard.ownWriteDescriptor);
  }
  state = null;
}

/** True while the guard is installed. */
export function isStdoutGuardInstalled(): boolean {
  return state !== null;
}

/**
 * Returns a write to `stream` that bypasses the guard: the original `write` while the guard is
 * installed on `stream`, the stream's current `write` otherwise. The choice is made at each
 * call, so a writer captured before the guard is installed keeps bypassing it afterwards.
 */
export function rawWriteFor(stream: NodeJS.WritableStream): RawWrite {
  return (chunk, callback) => {
    const write = state !== null && state.stdout === stream ? state.originalWrite : (stream.write as WriteMethod);
    return write.call(stream, chunk, callback);
  };
}

/** Builds the replacement `write`: it behaves like `Writable.write` to its callers. */
function makeGuardedWrite(guard: GuardState): WriteMethod {
  return function guardedWrite(chunk, encodingOrCallback, callback) {
    const encoding = typeof encodingOrCallback === "string" ? encodingOrCallback : undefined;
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    appendText(guard, guard.decoder.write(toBuffer(chunk, encoding)));
    // Writable.write never calls back synchronously; callers may rely on that.
    if (done !== undefined) process.nextTick(done);
    // The guard buffers whole lines itself, so it never asks the caller to wait for 'drain'.
    return true;
  };
}

/**
 * Normalizes a chunk to bytes. Strings go through their encoding into bytes first so that they
 * and byte chunks share one decoder and stay in write order.
 */
function toBuffer(chunk: unknown, encoding: BufferEncoding | undefined): Buffer {
  if (typeof chunk === "string") return Buffer.from(chunk, encoding ?? "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
}

/** Adds decoded text to the pending line, emitting every line it completes. */
function appendText(guard: GuardState, text: string): void {
  const buffered = guard.pending + text;
  // Scan by index rather than re-slicing the remainder, so a chunk of many lines stays linear.
  let start = 0;
  for (let newline = buffered.indexOf("\n"); newline !== -1; newline = buffered.indexOf("\n", start)) {
    emitLine(guard, buffered.slice(start, newline));
    start = newline + 1;
  }
  guard.pending = buffered.slice(start);
  // Bound memory for output that never ends its line. Counting UTF-16 code units is enough:
  // UTF-8 never takes fewer bytes, so a line this long is over the daemon's frame cap and
  // could never have been accepted as a frame anyway.
  if (guard.pending.length > MAX_FRAME_BYTES) divert(guard, takePending(guard));
}

/** Empties the pending line and returns what it held. */
function takePending(guard: GuardState): string {
  const line = guard.pending;
  guard.pending = "";
  return line;
}

/** Routes one line (without its `\n`): a JSON object to stdout, anything else to stderr. */
function emitLine(guard: GuardState, line: string): void {
  if (isJsonObjectLine(line)) {
    guard.originalWrite.call(guard.stdout, line + "\n");
  } else {
    divert(guard, line);
  }
}

/** Writes a foreign line to stderr with the marker, so it lands in the daemon's log. */
function divert(guard: GuardState, line: string): void {
  guard.stderr.write(`${STDOUT_GUARD_MARKER} ${line}\n`);
}

/** True when the trimmed line parses as a JSON object (not an array, not null). */
function isJsonObjectLine(line: string): boolean {
  const trimmed = line.trim();
  // Cheap pre-check: most foreign output is plain log text and need not be parsed.
  if (!trimmed.startsWith("{")) return false;
  try {
    return isJsonObject(JSON.parse(trimmed));
  } catch {
    return false;
  }
}
