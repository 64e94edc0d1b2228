/**
 * The spawned plugin as the development host sees it: its stdout fed line by line to a
 * {@link HostPeer}, its stderr kept as lines for the summary, and its exit, awaited and judged
 * the way the daemon judges it.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { HostPeer } from "../../testing/host-peer";
import type { Transcript } from "./transcript";

/** Where the child reports what it sees. */
export interface ChildReporter {
  readonly transcript: Transcript;
  /** Records a contract problem. */
  problem(text: string): void;
}

/** One spawned plugin process and the wire to it. */
export class PluginChild {
  /** The host end of the wire: requests go to the plugin's stdin, its stdout lines are fed in. */
  readonly peer: HostPeer;
  /** The plugin's stderr, line by line. */
  readonly stderrLines: string[] = [];
  private readonly exited: Promise<number | null>;
  private running = true;
  private goneReason: string | undefined;
  /** Set when the host itself kills the plugin, so that a death by signal is not blamed on it. */
  private killedByHost = false;
  private exitSignal: NodeJS.Signals | null = null;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly reporter: ChildReporter,
  ) {
    this.peer = new HostPeer((line) => {
      if (!this.child.stdin.destroyed) this.child.stdin.write(line);
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => this.peer.feed(chunk));
    child.stdout.on("end", () => {
      this.goneReason ??= "its stdout ended";
      this.peer.end();
    });
    child.stdin.on("error", () => undefined);
    let partial = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      this.stderrLines.push(...lines);
    });
    this.exited = new Promise((resolve) => {
      child.on("error", (error) => {
        this.reporter.problem(`the plugin could not be started: ${error.message}`);
        this.goneReason ??= "it could not be started";
        this.peer.close("the plugin could not be started");
        resolve(null);
      });
      child.on("exit", (code, signal) => {
        this.running = false;
        this.exitSignal = signal;
        if (partial) this.stderrLines.push(partial);
        resolve(code);
      });
    });
  }

  /** Whether the process has not exited yet. */
  get alive(): boolean {
    return this.running;
  }

  /** Why the plugin can answer nothing more (its stdout ended, or it never started). */
  get goneBecause(): string | undefined {
    return this.goneReason;
  }

  /**
   * Ends the process: closes stdin, waits for the exit, kills it if it lingers past `limitMs`
   * (at once when `kill`, after a failed handshake). Resolves with the exit code.
   */
  async finish(kill: boolean, limitMs: number): Promise<number | null> {
    this.child.stdin.end();
    if (kill && this.running) {
      this.reporter.transcript.note("killing the plugin, as the daemon would", "error");
      this.killedByHost = true;
      this.child.kill("SIGKILL");
    }
    const timer = setTimeout(() => {
      if (!this.running) return;
      this.reporter.problem(`the plugin did not exit within ${limitMs / 1000} s of stdin closing; killed`);
      this.killedByHost = true;
      this.child.kill("SIGKILL");
    }, limitMs);
    const code = await this.exited;
    clearTimeout(timer);
    if (code !== 0 && code !== null) this.reporter.problem(`the plugin exited with code ${code}; the daemon reports that as a crash`);
    if (code === null && this.exitSignal !== null && !this.killedByHost) {
      this.reporter.problem(`the plugin was killed by ${this.exitSignal}; the daemon reports that as a crash`);
    }
    this.reporter.transcript.note(`exit code ${code ?? "none (killed)"}`, code === 0 ? "ok" : "error");
    return code;
  }
}
