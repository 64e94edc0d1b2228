/**
 * The host's side of the pipe: spawns a plugin, writes with the pipe's backpressure, hands
 * every stdout line to whoever listens, and reads the plugin's CPU time and memory from /proc.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** Starts each plugin as a release's launcher does (see plugins/launch.ts). */
const LAUNCHER = path.join(__dirname, "..", "plugins", "launch.js");

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** A spawned plugin under measurement. */
export class PluginProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  /** Receives every complete stdout line. */
  onLine: (line: string) => void = () => undefined;
  private rest = "";
  private readonly stderr: string[] = [];

  constructor(node: string, script: string) {
    this.child = spawn(node, [LAUNCHER, script], { stdio: ["pipe", "pipe", "pipe"] });
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
    this.child.stderr.setEncoding("utf8").on("data", (text: string) => this.stderr.push(text));
    this.child.stdin.on("error", () => undefined);
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  /** What the plugin wrote to stderr so far (a plugin under measurement should write nothing). */
  stderrText(): string {
    return this.stderr.join("");
  }

  /** Writes text, waiting for `drain` when the pipe is full. */
  async write(text: string): Promise<void> {
    if (!this.child.stdin.write(text)) await new Promise((resolve) => this.child.stdin.once("drain", resolve));
  }

  /** Resolves with the first stdout line satisfying `test`. */
  waitForLine(test: (line: string) => boolean, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no expected line from the plugin; stderr: ${this.stderrText().slice(-500)}`)), timeoutMs);
      this.onLine = (line) => {
        if (!test(line)) return;
        clearTimeout(timer);
        this.onLine = () => undefined;
        resolve(line);
      };
    });
  }

  /** CPU time the plugin used so far, user and system, all its threads, in microseconds. */
  cpuMicros(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, "utf8");
    // The command name in parentheses may hold spaces: fields are counted after its ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;
  }

  /**
   * CPU time the plugin's threads used so far, in microseconds, to the nanosecond the scheduler
   * keeps (/proc/<pid>/task/<tid>/schedstat): for spans too short for the clock ticks of stat.
   */
  preciseCpuMicros(): number {
    let nanos = 0;
    for (const tid of readdirSync(`/proc/${this.child.pid}/task`)) {
      nanos += Number(readFileSync(`/proc/${this.child.pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    }
    return nanos / 1000;
  }

  /** Peak resident set size so far, in MiB (VmHWM). */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    if (!match) throw new Error(`no VmHWM in /proc/${this.child.pid}/status`);
    return Number(match[1]) / 1024;
  }
}
