/**
 * The benchmark's side of the pipe: spawns a plugin, writes frames with the pipe's
 * backpressure, and hands every stdout line to the scenario that is running.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";

/** A spawned plugin under measurement. */
export class PluginProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  /** Receives every complete stdout line. */
  onLine: (line: string) => void = () => undefined;
  private rest = "";

  constructor(command: string, args: readonly string[]) {
    this.child = spawn(command, [...args], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => {
      const text = this.rest + chunk;
      let start = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
        this.onLine(text.slice(start, nl));
        start = nl + 1;
      }
      this.rest = text.slice(start);
    });
    this.child.stderr.resume();
    this.child.stdin.on("error", () => undefined);
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  /** Writes text, waiting for `drain` when the pipe is full. */
  async write(text: string): Promise<void> {
    if (!this.child.stdin.write(text)) await new Promise((resolve) => this.child.stdin.once("drain", resolve));
  }

  /** Resolves with the first stdout line satisfying `test`. */
  waitForLine(test: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("benchmark: no expected line from the plugin")), timeoutMs);
      this.onLine = (line) => {
        if (!test(line)) return;
        clearTimeout(timer);
        this.onLine = () => undefined;
        resolve(line);
      };
    });
  }

  /** Peak resident set size so far, in KiB (VmHWM). */
  peakRssKb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : NaN;
  }
}

/** Serializes a host request. */
export function request(id: number, method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n";
}

/**
 * Builds `broker.event` frames in the daemon's full envelope. The frame text is built once and
 * only the sequence number is spliced in, so the driver spends its time on the pipe, not on
 * serializing.
 */
export function eventFrameFactory(data: string | null): (seq: number) => string {
  const marker = -424242;
  const template = JSON.stringify({
    jsonrpc: "2.0",
    method: "broker.event",
    params: {
      topic: "plugin.outbound.bench",
      event: {
        id: "0194b3a2-0000-4000-8000-000000000000",
        timestamp: "2026-05-01T00:00:00Z",
        topic: "plugin.outbound.bench",
        source: "agent.bench",
        session_id: null,
        payload: { seq: marker, data },
      },
    },
  });
  const [head, tail] = template.split(String(marker)) as [string, string];
  return (seq) => head + seq + tail + "\n";
}
