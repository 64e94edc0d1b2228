/**
 * A stand-in for the nexo daemon: spawns a plugin as a child process and speaks the wire
 * contract (CONTRACT.md) over its stdin/stdout.
 *
 * Every stdout line is parsed and checked as it arrives. A line that is not a JSON object, or
 * an object that is not a well-formed JSON-RPC frame with exactly the contract's keys, is
 * recorded in {@link WireHost.violations}; tests assert that list is empty at the end. The raw
 * stdout bytes are kept too, so a test can assert that stdout carried nothing but frames.
 *
 * Importing this module registers an `afterEach` that kills every child still running, so no
 * test leaves processes behind even when it fails half-way (children a file shares, spawned
 * with `scope: "file"`, are killed in an `afterAll`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** One parsed frame. */
export type Frame = Record<string, unknown>;

/** How the child ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * What an auto-responder returns for a request of the plugin: a result, an error object, or
 * `undefined` to leave the request unanswered (the test may answer it later with `send`).
 */
export type AutoReply = { result: unknown } | { error: { code: number; message: string; data?: unknown } } | undefined;

/** Answers the plugin's own requests (`memory.recall`, `llm.complete`) as the daemon would. */
export type AutoResponder = (request: Frame, host: WireHost) => AutoReply | Promise<AutoReply>;

/** Options of {@link WireHost.spawn}. */
export interface SpawnOptions {
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the child. */
  cwd?: string;
  /** Answers the plugin's requests; without one they stay unanswered. */
  autoRespond?: AutoResponder;
  /**
   * `"test"` (default): killed after the current test. `"file"`: shared by the tests of a file
   * (start it in `beforeAll`), killed after the file's last test.
   */
  scope?: "test" | "file";
}

/** Default wait of the `waitFor*` helpers and `request`. */
export const DEFAULT_WAIT_MS = 5000;

const KEY_SETS = {
  request: ["id", "jsonrpc", "method", "params"],
  requestNoParams: ["id", "jsonrpc", "method"],
  notification: ["jsonrpc", "method", "params"],
  notificationNoParams: ["jsonrpc", "method"],
  success: ["id", "jsonrpc", "result"],
  failure: ["error", "id", "jsonrpc"],
};

interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
}

/** Children killed after each test, and children shared by a file's tests. */
const live = new Set<WireHost>();
const liveForFile = new Set<WireHost>();
const tempDirs: string[] = [];

/** A child plugin process driven over newline-delimited JSON-RPC. */
export class WireHost {
  /** Every frame the child wrote to stdout, in order. */
  readonly frames: Frame[] = [];
  /** Contract violations seen on stdout: non-object lines and malformed frames. */
  readonly violations: string[] = [];
  /** Every stderr line, without its newline. */
  readonly stderrLines: string[] = [];
  /** Requests the plugin sent to the host (`memory.recall`, `llm.complete`), in order. */
  readonly hostRequests: Frame[] = [];

  private readonly child: ChildProcessWithoutNullStreams;
  private readonly stdoutChunks: Buffer[] = [];
  private stdoutPartial = Buffer.alloc(0);
  private stderrPartial = "";
  private readonly frameWaiters: Array<Waiter<Frame>> = [];
  private readonly stderrWaiters: Array<Waiter<string>> = [];
  private nextId = 1;
  private readonly exit: Promise<ExitStatus>;
  private exitStatus: ExitStatus | undefined;
  private autoRespond: AutoResponder | undefined;
  private readonly stdinErrors: Error[] = [];

  private constructor(child: ChildProcessWithoutNullStreams, autoRespond: AutoResponder | undefined) {
    this.child = child;
    this.autoRespond = autoRespond;
    child.stdout.on("data", (chunk: Buffer) => this.onStdout(chunk));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => this.onStderr(text));
    // The child may exit while a test is still writing (EPIPE); that is the test's to judge.
    child.stdin.on("error", (error) => this.stdinErrors.push(error));
    // 'close' fires once stdout and stderr are drained, so every frame is in by then.
    this.exit = new Promise((resolve) => {
      child.once("close", (code, signal) => {
        this.flushStdoutPartial();
        if (this.stderrPartial) this.addStderrLine(this.stderrPartial);
        this.stderrPartial = "";
        this.exitStatus = { code, signal };
        live.delete(this);
        liveForFile.delete(this);
        resolve(this.exitStatus);
      });
    });
  }

  /** Spawns `node <script> [args]` with piped stdio. */
  static spawn(script: string, args: readonly string[] = [], options: SpawnOptions = {}): WireHost {
    return WireHost.spawnExecutable(process.execPath, [script, ...args], options);
  }

  /** Spawns an executable (such as a release's `bin/<id>` launcher) with piped stdio, as the daemon does. */
  static spawnExecutable(file: string, args: readonly string[] = [], options: SpawnOptions = {}): WireHost {
    const child = spawn(file, [...args], {
      stdio: ["pipe", "pipe", "pipe"],
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
    });
    const host = new WireHost(child, options.autoRespond);
    (options.scope === "file" ? liveForFile : live).add(host);
    return host;
  }

  /** The child's pid. */
  get pid(): number {
    return this.child.pid!;
  }

  /** How the child ended, once it has. */
  get status(): ExitStatus | undefined {
    return this.exitStatus;
  }

  /** Errors seen while writing to the child's stdin. */
  get inputErrors(): readonly Error[] {
    return this.stdinErrors;
  }

  /** Replaces the auto-responder. */
  setAutoResponder(responder: AutoResponder | undefined): void {
    this.autoRespond = responder;
  }

  /** Everything the child wrote to stdout so far. */
  stdoutBytes(): Buffer {
    return Buffer.concat(this.stdoutChunks);
  }

  /** Stdout as text. */
  stdoutText(): string {
    return this.stdoutBytes().toString("utf8");
  }

  /** Writes one frame as a compact JSON line. */
  send(frame: unknown): void {
    this.sendRaw(JSON.stringify(frame) + "\n");
  }

  /** Writes raw text or bytes to the child's stdin. */
  sendRaw(data: string | Buffer): boolean {
    return this.child.stdin.write(data);
  }

  /** Writes raw data and resolves once the child's stdin accepted it (respecting backpressure). */
  async write(data: string | Buffer): Promise<void> {
    if (!this.child.stdin.write(data)) await this.drained();
  }

  /**
   * Streams `totalBytes` of `fill` without any newline, in chunks, waiting for `drain` whenever
   * the pipe is full, so the harness never buffers more than one chunk.
   */
  async streamBytes(totalBytes: number, fill = "a", chunkBytes = 64 * 1024): Promise<void> {
    const chunk = Buffer.alloc(chunkBytes, fill);
    let sent = 0;
    while (sent < totalBytes) {
      if (this.exitStatus) throw new Error(`child exited while streaming: ${JSON.stringify(this.exitStatus)}`);
      const size = Math.min(chunkBytes, totalBytes - sent);
      await this.write(size === chunkBytes ? chunk : chunk.subarray(0, size));
      sent += size;
    }
  }

  /** Sends a notification (no `id` key). */
  notify(method: string, params?: unknown): void {
    this.send(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params });
  }

  /** Sends a `broker.event` notification carrying the full six-key envelope. */
  sendEvent(topic: string, payload: unknown, extra: { sessionId?: string | null; source?: string } = {}): void {
    this.notify("broker.event", {
      topic,
      event: {
        id: "0194f3c0-0000-4000-8000-000000000001",
        timestamp: "2026-05-01T00:00:00Z",
        topic,
        source: extra.source ?? "agent.coordinator",
        session_id: extra.sessionId ?? null,
        payload,
      },
    });
  }

  /**
   * Sends a request with a fresh host id (or `options.id`) and resolves with the matching
   * response frame; rejects with a clear message after `options.timeoutMs`.
   */
  request(method: string, params?: unknown, options: { id?: number | string; timeoutMs?: number } = {}): Promise<Frame> {
    const id = options.id ?? this.nextId++;
    const frame: Frame = { jsonrpc: "2.0", id, method };
    if (params !== undefined) frame["params"] = params;
    const reply = this.waitFor(
      (f) => isResponse(f) && f["id"] === id,
      options.timeoutMs ?? DEFAULT_WAIT_MS,
      `the response to ${method} (id ${JSON.stringify(id)})`,
    );
    this.send(frame);
    return reply;
  }

  /** Sends a request and returns its id without waiting for the reply. */
  sendRequest(method: string, params?: unknown, id: number | string = this.nextId++): number | string {
    const frame: Frame = { jsonrpc: "2.0", id, method };
    if (params !== undefined) frame["params"] = params;
    this.send(frame);
    return id;
  }

  /** Waits for the response to a request sent earlier. */
  response(id: number | string, timeoutMs = DEFAULT_WAIT_MS): Promise<Frame> {
    return this.waitFor((f) => isResponse(f) && f["id"] === id, timeoutMs, `the response to id ${JSON.stringify(id)}`);
  }

  /** Sends `tool.invoke` and resolves with its response frame. */
  invoke(toolName: string, args?: unknown, extra: Frame = {}, options: { id?: number | string; timeoutMs?: number } = {}): Promise<Frame> {
    const params: Frame = { plugin_id: "demo", tool_name: toolName, agent_id: "agent-1", ...extra };
    if (args !== undefined) params["args"] = args;
    return this.request("tool.invoke", params, options);
  }

  /**
   * Resolves with the first frame (already received or yet to come) that matches, or rejects
   * after `timeoutMs` naming what was awaited and what did arrive.
   */
  waitFor(predicate: (frame: Frame) => boolean, timeoutMs = DEFAULT_WAIT_MS, what = "a matching frame"): Promise<Frame> {
    const found = this.frames.find(predicate);
    if (found) return Promise.resolve(found);
    return this.wait(this.frameWaiters, predicate, timeoutMs, () =>
      `timed out after ${timeoutMs} ms waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(-2000)}; ` +
        `stderr tail: ${JSON.stringify(this.stderrLines.slice(-10))}; exit: ${JSON.stringify(this.exitStatus ?? null)}`,
    );
  }

  /** Resolves with the first stderr line matching `pattern`, already written or yet to come. */
  waitForStderr(pattern: RegExp, timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
    const predicate = (line: string): boolean => pattern.test(line);
    const found = this.stderrLines.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return this.wait(this.stderrWaiters, predicate, timeoutMs, () =>
      `timed out after ${timeoutMs} ms waiting for a stderr line matching ${pattern}; stderr: ` +
        JSON.stringify(this.stderrLines.slice(-20)),
    );
  }

  /**
   * Waits until `count` stderr lines match `pattern` in total and returns them. stderr is a
   * separate pipe from stdout, so a reply seen on stdout says nothing about what stderr
   * has delivered yet.
   */
  async waitForStderrCount(pattern: RegExp, count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let seen = this.stderrLines.filter((l) => pattern.test(l));
    while (seen.length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${count} stderr lines matching ${pattern}, got ${seen.length}`);
      const before = seen.length;
      await this.wait(this.stderrWaiters, (l: string) => pattern.test(l), remaining, () =>
        `timed out waiting for stderr line ${before + 1} of ${count} matching ${pattern}; stderr: ` +
          JSON.stringify(this.stderrLines.slice(-20)),
      );
      seen = this.stderrLines.filter((l) => pattern.test(l));
    }
    return seen;
  }

  /** Waits for `count` frames matching `predicate` in total. */
  async waitForCount(predicate: (frame: Frame) => boolean, count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    let seen = this.frames.filter(predicate);
    while (seen.length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${count} frames, got ${seen.length}: ${JSON.stringify(seen)}`);
      const already = new Set(seen);
      await this.waitFor((f) => predicate(f) && !already.has(f), remaining, `frame ${seen.length + 1} of ${count}`);
      seen = this.frames.filter(predicate);
    }
    return seen;
  }

  /**
   * A stdout sync point: sends a request for a method no plugin has and waits for its
   * `-32601`. Frames are answered in order, so anything a frame sent earlier provoked
   * synchronously is in {@link frames} by the time this resolves. Returns the reply.
   */
  async barrier(timeoutMs = DEFAULT_WAIT_MS): Promise<Frame> {
    const reply = await this.request("nexo.test.barrier", undefined, { timeoutMs });
    if ((reply["error"] as Frame | undefined)?.["code"] !== -32601) {
      throw new Error(`barrier expected -32601, got ${JSON.stringify(reply)}`);
    }
    return reply;
  }

  /**
   * A stderr sync point: sends a line that is not JSON and waits for the SDK's `malformed`
   * report quoting it. Stderr lines are written in order, so everything logged for earlier
   * frames precedes the returned index.
   */
  async stderrBarrier(timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
    const token = `barrier-${this.nextId++}`;
    this.sendRaw(`#${token}\n`);
    const line = await this.waitForStderr(new RegExp(`malformed.*#${token}`), timeoutMs);
    return this.stderrLines.indexOf(line);
  }

  /** Frames that are responses to host requests (no `method`). */
  responses(): Frame[] {
    return this.frames.filter(isResponse);
  }

  /** Notifications of `method` the child sent. */
  notifications(method: string): Frame[] {
    return this.frames.filter((f) => f["method"] === method && !("id" in f));
  }

  /** Index of `frame` in {@link frames}. */
  indexOf(frame: Frame): number {
    return this.frames.indexOf(frame);
  }

  /** Closes the host's end of the child's stdout, as a host that stopped reading would: the child's next write fails (EPIPE). */
  closeOutput(): void {
    this.child.stdout.destroy();
  }

  /**
   * Stops reading the child's stdout, as a host that is busy elsewhere would: once the pipe is
   * full, the child's writes report backpressure. {@link resumeOutput} reads on.
   */
  pauseOutput(): void {
    this.child.stdout.pause();
  }

  /** Reads the child's stdout again after {@link pauseOutput}. */
  resumeOutput(): void {
    this.child.stdout.resume();
  }

  /** Closes the child's stdin (EOF). */
  endInput(): void {
    this.child.stdin.end();
  }

  /** Sends a signal to the child; a no-op once it has exited. */
  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (!this.exitStatus) this.child.kill(signal);
  }

  /** Resolves once the child has exited and its stdout and stderr are drained. */
  exited(): Promise<ExitStatus> {
    return this.exit;
  }

  /** Like {@link exited}, but rejects after `timeoutMs`. */
  exitedWithin(timeoutMs: number): Promise<ExitStatus> {
    return withTimeout(this.exit, timeoutMs, () => `child did not exit within ${timeoutMs} ms; stderr: ${JSON.stringify(this.stderrLines.slice(-10))}`);
  }

  /** Current resident set size of the child in KiB (VmRSS). */
  rssKb(): number {
    return this.procStatus("VmRSS");
  }

  /** Peak resident set size of the child in KiB (VmHWM). */
  peakRssKb(): number {
    return this.procStatus("VmHWM");
  }

  private procStatus(field: string): number {
    const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${this.pid}/status`);
    return Number(match[1]);
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.child.removeListener("close", onClose);
        resolve();
      };
      const onClose = (): void => {
        this.child.stdin.removeListener("drain", onDrain);
        reject(new Error("child exited while waiting for its stdin to drain"));
      };
      this.child.stdin.once("drain", onDrain);
      this.child.once("close", onClose);
    });
  }

  private wait<T>(waiters: Array<Waiter<T>>, predicate: (item: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        const index = waiters.indexOf(waiter);
        if (index !== -1) waiters.splice(index, 1);
        reject(new Error(describe()));
      }, timeoutMs);
      waiters.push(waiter);
    });
  }

  private onStdout(chunk: Buffer): void {
    this.stdoutChunks.push(chunk);
    let data = this.stdoutPartial.length > 0 ? Buffer.concat([this.stdoutPartial, chunk]) : chunk;
    for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a)) {
      this.onStdoutLine(data.subarray(0, newline));
      data = data.subarray(newline + 1);
    }
    this.stdoutPartial = Buffer.from(data);
  }

  private flushStdoutPartial(): void {
    if (this.stdoutPartial.length === 0) return;
    this.violations.push(`unterminated last stdout line: ${preview(this.stdoutPartial.toString("utf8"))}`);
    this.stdoutPartial = Buffer.alloc(0);
  }

  private onStdoutLine(bytes: Buffer): void {
    const text = bytes.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(bytes)) {
      this.violations.push(`stdout line is not valid UTF-8: ${preview(text)}`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.violations.push(`stdout line is not JSON: ${preview(text)}`);
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.violations.push(`stdout line is not a JSON object: ${preview(text)}`);
      return;
    }
    const frame = value as Frame;
    const problem = frameProblem(frame);
    if (problem) this.violations.push(`${problem}: ${preview(text)}`);
    this.frames.push(frame);
    if (typeof frame["method"] === "string" && "id" in frame) this.onHostRequest(frame);
    notify(this.frameWaiters, frame);
  }

  private onHostRequest(request: Frame): void {
    this.hostRequests.push(request);
    const responder = this.autoRespond;
    if (!responder) return;
    void Promise.resolve(responder(request, this)).then((reply) => {
      if (reply === undefined || this.exitStatus) return;
      this.send({ jsonrpc: "2.0", id: request["id"], ...reply });
    });
  }

  private onStderr(text: string): void {
    const lines = (this.stderrPartial + text).split("\n");
    this.stderrPartial = lines.pop() ?? "";
    for (const line of lines) this.addStderrLine(line);
  }

  private addStderrLine(line: string): void {
    this.stderrLines.push(line);
    notify(this.stderrWaiters, line);
  }
}

/** True for a response frame: an `id` and no `method`. */
export function isResponse(frame: Frame): boolean {
  return !("method" in frame) && "id" in frame;
}

/** Why `frame` breaks the contract's frame shapes (section 2), or `undefined` when it does not. */
export function frameProblem(frame: Frame): string | undefined {
  if (frame["jsonrpc"] !== "2.0") return 'frame without "jsonrpc": "2.0"';
  const keys = Object.keys(frame).sort();
  const is = (set: string[]): boolean => keys.length === set.length && set.every((k, i) => keys[i] === k);
  if ("method" in frame) {
    if (typeof frame["method"] !== "string") return "frame with a non-string method";
    if ("id" in frame) {
      if (!Number.isInteger(frame["id"])) return "plugin request id is not an integer";
      return is(KEY_SETS.request) || is(KEY_SETS.requestNoParams) ? undefined : `request with keys ${keys.join(",")}`;
    }
    return is(KEY_SETS.notification) || is(KEY_SETS.notificationNoParams) ? undefined : `notification with keys ${keys.join(",")}`;
  }
  if (is(KEY_SETS.success)) return frame["result"] === undefined ? "result is undefined" : undefined;
  if (!is(KEY_SETS.failure)) return `response with keys ${keys.join(",")}`;
  const error = frame["error"];
  if (typeof error !== "object" || error === null || Array.isArray(error)) return "error is not an object";
  const errorKeys = Object.keys(error).sort().join(",");
  if (errorKeys !== "code,message" && errorKeys !== "code,data,message") return `error with keys ${errorKeys}`;
  const { code, message } = error as Frame;
  if (!Number.isInteger(code)) return "error.code is not an integer";
  if (typeof message !== "string") return "error.message is not a string";
  return undefined;
}

/** Kills every per-test child still running and waits for it; registered as an `afterEach`. */
export async function killAllHosts(): Promise<void> {
  await killAll(live);
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

async function killAll(hosts: Set<WireHost>): Promise<void> {
  const running = [...hosts];
  for (const host of running) host.kill("SIGKILL");
  await Promise.all(running.map((host) => host.exited()));
}

if (typeof afterEach === "function") afterEach(killAllHosts);
if (typeof afterAll === "function") afterAll(() => killAll(liveForFile));

/** Writes `toml` to a `nexo-plugin.toml` in a fresh temp directory (removed after the test); returns its path. */
export function writeTempManifest(toml: string, fileName = "nexo-plugin.toml"): string {
  const dir = tempDir();
  const file = path.join(dir, fileName);
  writeFileSync(file, toml);
  return file;
}

/** A fresh temp directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "nexoai-wire-"));
  tempDirs.push(dir);
  return dir;
}

/** The manifest fields tests vary; everything else has a working default. */
export interface ManifestSpec {
  id?: string;
  version?: string;
  /** `[[plugin.channels.register]]` kinds. */
  channels?: string[];
  /** `[plugin.extends].tools`; omitted -> no `[plugin.extends]` table. */
  tools?: string[];
  /** `[plugin.entrypoint].env`. */
  env?: Record<string, string>;
  /** Raw TOML appended at the end. */
  extra?: string;
}

/** Builds manifest TOML text. */
export function manifestToml(spec: ManifestSpec = {}): string {
  const id = spec.id ?? "demo";
  const lines = [
    "[plugin]",
    `id = ${JSON.stringify(id)}`,
    `version = ${JSON.stringify(spec.version ?? "1.2.3")}`,
    'name = "Demo"',
    'description = "Wire test fixture"',
    'min_nexo_version = ">=0.1.0"',
    "",
    "[plugin.requires]",
    'nexo_capabilities = ["broker"]',
    "",
    "[plugin.entrypoint]",
    'command = "node"',
    'args = ["main.js"]',
  ];
  if (spec.env) {
    lines.push("", "[plugin.entrypoint.env]");
    for (const [key, value] of Object.entries(spec.env)) lines.push(`${key} = ${JSON.stringify(value)}`);
  }
  for (const kind of spec.channels ?? [id]) {
    lines.push("", "[[plugin.channels.register]]", `kind = ${JSON.stringify(kind)}`, 'adapter = "DemoAdapter"');
  }
  if (spec.tools) lines.push("", "[plugin.extends]", `tools = ${JSON.stringify(spec.tools)}`);
  if (spec.extra) lines.push("", spec.extra);
  return lines.join("\n") + "\n";
}

/** Resolves after `ms` with a clear rejection message. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message())), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Resolves (and removes, in place) every waiter `item` satisfies. */
function notify<T>(waiters: Array<Waiter<T>>, item: T): void {
  for (let i = waiters.length - 1; i >= 0; i--) {
    const waiter = waiters[i]!;
    if (waiter.predicate(item)) {
      waiters.splice(i, 1);
      waiter.resolve(item);
    }
  }
}

function preview(text: string): string {
  return JSON.stringify(text.length > 200 ? text.slice(0, 200) + "..." : text);
}
