/**
 * The development host: starts a plugin the way the daemon does, plays a session against it
 * over the real wire, answers its host calls, checks what the daemon checks, and prints a
 * transcript. The result says whether the plugin kept the contract.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { Writable } from "node:stream";
import { readManifestFile, type Manifest } from "../../core/manifest/manifest";
import { isJsonObject, type JsonValue } from "../../core/wire/wire";
import type { HostPeer, HostReply } from "../../testing/host-peer";
import { defaultAnswers, readAnswersFile, type HostAnswers } from "./answers-file";
import { startDevNats, type DevNats } from "./dev-nats";
import { FrameView } from "./frame-view";
import { playHandshake } from "./handshake-step";
import { answerHostCalls } from "./host-calls";
import { playConfigure } from "./configure-step";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { PluginChild } from "./plugin-child";
import { resolvePluginCommand, spawnPlugin } from "./plugin-process";
import { ServiceStepPlayer } from "./service-steps";
import { readSessionFile, type SessionStep } from "./session-file";
import { playStep, type StepHost } from "./session-steps";
import { sleep } from "./sleep";
import { preview, Transcript } from "./transcript";

/** Options of {@link runDevHost}. */
export interface DevHostOptions {
  /** The plugin's folder (holding `nexo-plugin.toml`). */
  readonly pluginDir: string;
  /** Session file; default `<pluginDir>/dev-session.json` when present, else just handshake and shutdown. */
  readonly sessionFile?: string;
  /** Answers file; default `<pluginDir>/dev-answers.json` when present, else empty memory and an echoing LLM. */
  readonly answersFile?: string;
  /** Where the transcript goes. */
  readonly out: Writable;
  readonly color: boolean;
  /** `nexo_version` sent in `initialize`. */
  readonly nexoVersion?: string;
  /** Limits, in milliseconds (the daemon's defaults unless set). */
  readonly initTimeoutMs?: number;
  readonly toolTimeoutMs?: number;
  readonly shutdownTimeoutMs?: number;
  /** Runs the plugin in NATS mode: against `url`, or a local nats-server started for the session. */
  readonly nats?: { readonly url?: string };
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

/** Plays one session. Input files are read first, so a bad file fails before anything starts. */
export async function runDevHost(options: DevHostOptions): Promise<DevHostResult> {
  const pluginDir = path.resolve(options.pluginDir);
  const manifest = readManifestFile(path.join(pluginDir, "nexo-plugin.toml"));
  const sessionFile = options.sessionFile ?? existing(path.join(pluginDir, "dev-session.json"));
  const answersFile = options.answersFile ?? existing(path.join(pluginDir, "dev-answers.json"));
  const steps: SessionStep[] = sessionFile ? readSessionFile(sessionFile) : [{ kind: "shutdown", reason: "no session" }];
  const answers = answersFile ? readAnswersFile(answersFile) : defaultAnswers();
  const command = resolvePluginCommand(pluginDir, manifest);
  const transcript = new Transcript(options.out, options.color);
  const nats = options.nats
    ? await startDevNats(options.nats.url, (subject, body) => transcript.received(`nats ${subject}`, natsPayload(body)))
    : undefined;
  transcript.line(transcript.paint("plain", `nexo-plugin dev: ${manifest.plugin.id} ${manifest.plugin.version} (${command.origin})`));
  if (sessionFile) transcript.line(transcript.paint("dim", `session ${path.relative(process.cwd(), sessionFile)}, ${steps.length} steps`));
  if (nats) transcript.line(transcript.paint("dim", `NATS mode: ${nats.url}${nats.started ? " (nats-server started for this session)" : ""}`));
  const env = nats ? { ...command.env, NEXO_BROKER_KIND: "nats", NEXO_BROKER_URL: nats.url } : command.env;
  try {
    return await new DevSession(manifest, steps, answers, spawnPlugin({ ...command, env }), transcript, options, nats).play();
  } finally {
    await nats?.close();
  }
}

/** A NATS body as the transcript shows it: an Event's payload, else the body. */
function natsPayload(body: string): JsonValue {
  try {
    const value = JSON.parse(body) as JsonValue;
    return isJsonObject(value) && "payload" in value ? (value["payload"] ?? null) : value;
  } catch {
    return body;
  }
}

function existing(file: string): string | undefined {
  return existsSync(file) ? file : undefined;
}

/** One run of a plugin process. */
class DevSession implements StepHost {
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
    readonly options: DevHostOptions,
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

  problem(text: string): void {
    this.found.push(text);
    this.transcript.note(`✘ ${text}`, "error");
  }

  private summary(exitCode: number | null): void {
    const t = this.transcript;
    if (this.child.stderrLines.length > 0) {
      t.line(t.paint("dim", `plugin stderr (${this.child.stderrLines.length} line${this.child.stderrLines.length === 1 ? "" : "s"}):`));
      for (const line of this.child.stderrLines) t.line(t.paint("dim", "  │ ") + line);
    }
    const stats = `${this.steps.length} steps, ${this.peer.frames.length} frames from the plugin, exit ${exitCode ?? "killed"}, ${t.seconds().toFixed(2)} s`;
    t.line(
      this.problems.length === 0
        ? t.paint("ok", `✔ contract kept: ${stats}`)
        : t.paint("error", `✘ ${this.problems.length} contract problem${this.problems.length === 1 ? "" : "s"}: ${stats}`),
    );
  }
}
