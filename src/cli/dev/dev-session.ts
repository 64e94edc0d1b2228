/**
 * One session of the development host against a spawned plugin: the handshake and the
 * configuration, then the session's steps in order, then the end of the process and the
 * summary. It records the contract problems that the steps, the frames and the exit reveal.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import type { Manifest } from "../../core/manifest/manifest";
import type { JsonValue } from "../../core/wire/wire";
import type { HostPeer, HostReply } from "../../testing/host-peer";
import type { HostAnswers } from "./answers-file";
import { playConfigure } from "./configure-step";
import type { DevNats } from "./dev-nats";
import { FrameView } from "./frame-view";
import { playHandshake, type HandshakeHost } from "./handshake-step";
import { answerHostCalls } from "./host-calls";
import { PluginChild } from "./plugin-child";
import { ServiceStepPlayer } from "./service-steps";
import type { SessionStep } from "./session-file";
import { playStep, type StepHost } from "./session-steps";
import { sleep } from "./sleep";
import { preview, type Transcript } from "./transcript";

/** How a session talks to the plugin; the daemon's values where unset. */
export interface SessionSettings {
  /** `nexo_version` sent in `initialize`. */
  readonly nexoVersion?: string;
  /** Limits, in milliseconds (the daemon's defaults unless set). */
  readonly initTimeoutMs?: number;
  readonly toolTimeoutMs?: number;
  readonly shutdownTimeoutMs?: number;
}

/** What the session found. */
export interface DevHostResult {
  /** Contract problems; empty when the plugin behaved. */
  readonly problems: readonly string[];
  /** The plugin's exit code (`null` when it was killed by a signal). */
  readonly exitCode: number | null;
}

const SETTLE_QUIET_MS = 40;
const SETTLE_MAX_MS = 1500;
const NATS_READY_MS = 5000;

/** One run of a plugin process. It lends itself to the handshake and to the step runners. */
export class DevSession implements HandshakeHost, StepHost {
  private readonly found: string[] = [];
  private readonly child: PluginChild;
  readonly peer: HostPeer;
  private readonly frames: FrameView;
  readonly services: ServiceStepPlayer;
  private lastFrameAt = Date.now();

  constructor(
    readonly manifest: Manifest,
    private readonly steps: readonly SessionStep[],
    private readonly answers: HostAnswers,
    spawned: ChildProcessWithoutNullStreams,
    readonly transcript: Transcript,
    readonly options: SessionSettings,
    readonly nats: DevNats | undefined,
  ) {
    this.frames = new FrameView(manifest, transcript, (topic) => this.services.isAwaitedReply(topic));
    this.child = new PluginChild(spawned, this);
    this.peer = this.child.peer;
    answerHostCalls(this.peer, answers, transcript);
    this.services = new ServiceStepPlayer({
      manifest,
      peer: this.peer,
      transcript,
      problem: (text) => this.problem(text),
      gone: () => this.child.goneBecause,
      nats,
    });
    this.peer.onFrame((frame) => {
      this.lastFrameAt = Date.now();
      this.frames.show(frame);
    });
    this.peer.onViolation((v) => this.problem(`stdout line ${v.reason}: ${preview(v.line)}`));
    this.peer.onUnmatchedReply((frame) => this.problem(`a reply to id ${preview(frame["id"] ?? null)} answers no waiting request: ${preview(frame)}`));
  }

  /** The contract problems recorded so far. */
  get problems(): readonly string[] {
    return this.found;
  }

  /** Plays the handshake, the configuration and the steps, then ends the process and prints the summary. */
  async play(): Promise<DevHostResult> {
    const connected =
      (await playHandshake(this, this.manifest, this.options.nexoVersion ?? "0.1.0", this.options.initTimeoutMs ?? 5000)) &&
      (await playConfigure(this, this.manifest, this.answers.config, false));
    if (connected && this.nats) await this.natsReady();
    if (connected) {
      for (const step of this.steps) {
        if (!this.child.alive) {
          this.problem("the plugin exited before the session finished");
          break;
        }
        await playStep(this, step);
      }
    }
    const exitCode = await this.child.finish(!connected, this.options.shutdownTimeoutMs ?? 5000);
    this.summary(exitCode);
    return { problems: this.problems, exitCode };
  }

  /** Events published before the plugin subscribed would find no one: waits for the SDK's line saying it has. */
  private async natsReady(): Promise<void> {
    const deadline = Date.now() + NATS_READY_MS;
    const ready = (): boolean => this.child.stderrLines.some((line) => line.includes("broker traffic on NATS at"));
    while (this.child.alive && !ready() && Date.now() < deadline) await sleep(20);
    if (!ready()) this.transcript.note(`the plugin did not say it was on NATS within ${NATS_READY_MS / 1000} s; playing the session anyway`, "warn");
  }

  /** Sends a request; a missing reply is a contract problem. */
  async ask(method: string, params: JsonValue, timeoutMs: number, problem: string): Promise<HostReply | undefined> {
    try {
      return await this.peer.request(method, params, timeoutMs);
    } catch {
      this.problem(this.child.goneBecause === undefined ? problem : `no reply to ${method}: the plugin is gone (${this.child.goneBecause})`);
      return undefined;
    }
  }

  /** Waits until the plugin has been quiet for a moment, so the transcript reads in order. */
  async settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_MAX_MS;
    await sleep(SETTLE_QUIET_MS);
    while (this.child.alive && Date.now() < deadline && Date.now() - this.lastFrameAt < SETTLE_QUIET_MS) await sleep(10);
  }

  /** Records a contract problem, and shows it in the transcript. */
  problem(text: string): void {
    this.found.push(text);
    this.transcript.note(`✘ ${text}`, "error");
  }

  private summary(exitCode: number | null): void {
    const t = this.transcript;
    const stderr = this.child.stderrLines;
    if (stderr.length > 0) {
      t.line(t.paint("dim", `plugin stderr (${stderr.length} line${stderr.length === 1 ? "" : "s"}):`));
      for (const line of stderr) t.line(t.paint("dim", "  │ ") + line);
    }
    const stats = `${this.steps.length} steps, ${this.peer.frames.length} frames from the plugin, exit ${exitCode ?? "killed"}, ${t.seconds().toFixed(2)} s`;
    t.line(
      this.problems.length === 0
        ? t.paint("ok", `✔ contract kept: ${stats}`)
        : t.paint("error", `✘ ${this.problems.length} contract problem${this.problems.length === 1 ? "" : "s"}: ${stats}`),
    );
  }
}
