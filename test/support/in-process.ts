/**
 * Runs a PluginAdapter in-process over in-memory streams, for tests that drive the public API
 * and read the frames it writes.
 */
import { PassThrough } from "node:stream";
import { PluginAdapter, type PluginAdapterOptions } from "../../src";

/** A running adapter, its streams, and what it wrote. */
export interface Harness {
  adapter: PluginAdapter;
  stdin: PassThrough;
  /** Every stdout line, in order. */
  lines: string[];
  /** Every stderr line, in order. */
  stderr: string[];
  running: Promise<number>;
  /** The next frame (already written or still to come) that `predicate` accepts. */
  next(predicate: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Writes one frame to the adapter's stdin. */
  send(frame: Record<string, unknown>): void;
}

/** Starts an adapter on `manifest` with signals off; `setup` registers handlers before `run()`. */
export function startInProcess(
  manifest: string,
  options: PluginAdapterOptions = {},
  setup: (adapter: PluginAdapter) => void = () => undefined,
): Harness {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderrStream = new PassThrough();
  const lines: string[] = [];
  const stderr: string[] = [];
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<[(f: Record<string, unknown>) => boolean, (f: Record<string, unknown>) => void]> = [];
  stdout.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n").filter(Boolean)) {
      lines.push(line);
      const frame = JSON.parse(line) as Record<string, unknown>;
      frames.push(frame);
      for (const [test, resolve] of waiters.filter(([t]) => t(frame))) {
        waiters.splice(waiters.findIndex(([t]) => t === test), 1);
        resolve(frame);
      }
    }
  });
  stderrStream.setEncoding("utf8").on("data", (chunk: string) => stderr.push(...chunk.split("\n").filter(Boolean)));
  const adapter = new PluginAdapter({ manifest, stdin, stdout, stderr: stderrStream, handleProcessSignals: false, ...options });
  setup(adapter);
  const running = adapter.run();
  return {
    adapter,
    stdin,
    lines,
    stderr,
    running,
    next: (predicate) => {
      const seen = frames.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push([predicate, resolve]));
    },
    send: (frame) => void stdin.write(JSON.stringify({ jsonrpc: "2.0", ...frame }) + "\n"),
  };
}

/** Matches the response to request `id`. */
export const replyTo = (id: unknown) => (frame: Record<string, unknown>) => frame["id"] === id && frame["method"] === undefined;
