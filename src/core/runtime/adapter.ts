/**
 * `PluginAdapter`: the decorator-free runtime. It owns the dispatch loop over stdin, answers
 * the lifecycle requests, runs event and tool handlers detached from the reader, and tears
 * down in the contract's order on `shutdown`, stdin EOF or a termination signal.
 */
import type { Readable, Writable } from "node:stream";
import { BrokerSender, type BrokerLink } from "../broker/broker";
import { WireError } from "../errors";
import { parseBrokerEventParams, type Event, type EventEnvelope } from "../broker/event";
import { FrameReader } from "../wire/frame-reader";
import { FrameWriter } from "../wire/frame-writer";
import { DEFAULT_RPC_TIMEOUT_MS, HostCalls } from "../host-calls/host-calls";
import { InFlight, isThenable } from "./in-flight";
import { DEFAULT_MAX_IN_FLIGHT, InputThrottle } from "./input-throttle";
import { createLineLog, describeError, showValue, type LogSink } from "../log";
import type { Manifest } from "../manifest/manifest";
import { loadManifest, type ManifestSource } from "../manifest/manifest-source";
import { exitIfStillAlive, onTerminationSignal } from "./process-signals";
import { createPublishAllowlistCheck } from "../broker/publish-allowlist";
import { installStdoutGuard, isStdoutGuardInstalled, rawWriteFor, uninstallStdoutGuard } from "../wire/stdout-guard";
import { PendingToolCalls, type PendingToolCall } from "../surfaces/tools/pending-tool-calls";
import { ToolExecutionError, ToolNotFoundError } from "../surfaces/tools/tool-errors";
import { catalogEntries, checkToolCatalog, parseToolInvocation, toolFailureLine, toolSuccessLine } from "../surfaces/tools/tools";
import type { ToolContext, ToolDef, ToolHandler, ToolHandlerWithContext, ToolInvocation } from "../surfaces/tools/tools";
import { buildErrorResponse, buildResponse, ErrorCode, isJsonObject, MAX_FRAME_BYTES, serializeFrame } from "../wire/wire";
import type { JsonObject, RequestId } from "../wire/wire";

/** Handles a broker event; the broker it gets publishes within the event's session. */
export type EventHandler = (event: Event, broker: BrokerSender) => unknown;

/** Runs during teardown, after in-flight handlers finished and before the shutdown ack. */
export type ShutdownHandler = () => unknown;

/** Runs once the `initialize` reply has been queued; the handshake never waits for it. */
export type InitializeHandler = (params: JsonObject) => unknown;

/** Options of {@link PluginAdapter}. */
export interface PluginAdapterOptions {
  /** The manifest: TOML text, a file path, or an object. Default: `nexo-plugin.toml` above the entry script. */
  manifest?: ManifestSource;
  /** `server_version` of the `initialize` reply. Default `"<plugin.id>-<plugin.version>"`. */
  serverVersion?: string;
  /** Envelope of published events. Default `"full"`. */
  envelope?: EventEnvelope;
  /** Divert foreign writes to stdout onto stderr (only when writing to `process.stdout`). Default true. */
  enableStdoutGuard?: boolean;
  /** Inbound frame cap in UTF-8 bytes. Default {@link MAX_FRAME_BYTES}. */
  maxFrameBytes?: number;
  /** Tear down and exit 0 on SIGTERM and SIGINT (only when running on the process's stdio). Default true. */
  handleProcessSignals?: boolean;
  /** Default timeout of calls to the host, in milliseconds. Default 30 000. */
  callTimeoutMs?: number;
  /**
   * Handlers in flight before stdin is paused (default 1024). The daemon then queues, and drops
   * events at its own bounded queue, instead of the plugin running out of memory. While a
   * handler awaits a host reply reading continues, and events beyond twice the limit are dropped
   * with a stderr line.
   */
  maxInFlightHandlers?: number;
  /** Longest wait for in-flight handlers at shutdown, in milliseconds: an integer from 0 to 2^31 - 1001 (default 4000, inside the daemon's 5 s). */
  drainTimeoutMs?: number;
  /** The tool catalog; also settable with {@link PluginAdapter.tools}. */
  tools?: readonly ToolDef[];
  /** Input stream of frames. Default `process.stdin`. */
  stdin?: Readable;
  /** Output stream of frames. Default `process.stdout`. */
  stdout?: Writable;
  /** Log stream. Default `process.stderr`. */
  stderr?: Writable;
}

/** Why the adapter stopped. */
export type StopReason = "shutdown" | "stdin closed" | NodeJS.Signals;

/** Grace given to handles the plugin left open before a process that owns its stdio is ended. */
const EXIT_GRACE_MS = 1000;

/** Default longest wait for in-flight handlers at shutdown, inside the daemon's 5 s. */
const DEFAULT_DRAIN_TIMEOUT_MS = 4000;

/** What the daemon's 5 s leaves the shutdown hooks after a full default drain. */
const SHUTDOWN_HOOKS_ALLOWANCE_MS = 1000;

/** Node's timers overflow past 2^31 - 1 ms; the teardown's hold adds the hook allowance. */
const MAX_DRAIN_TIMEOUT_MS = 2 ** 31 - 1 - SHUTDOWN_HOOKS_ALLOWANCE_MS;

type RunState = "idle" | "running" | "stopping" | "stopped";

/**
 * Runs a plugin on the nexo wire without decorators.
 *
 * @example
 * ```ts
 * const adapter = new PluginAdapter({ manifest: "./nexo-plugin.toml" });
 * adapter.onEvent(async (event, broker) => {
 *   await broker.publish("plugin.inbound.echo", event.payload);
 * });
 * await adapter.run();
 * ```
 */
export class PluginAdapter {
  /** The validated manifest. */
  readonly manifest: Manifest;
  /** The plugin id from the manifest. */
  readonly pluginId: string;
  /** Sends events and host calls outside any event's session. */
  readonly broker: BrokerSender;

  private readonly options: PluginAdapterOptions;
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly log: LogSink;
  private readonly ownsProcess: boolean;
  private readonly reader: FrameReader;
  private readonly writer: FrameWriter;
  private readonly calls: HostCalls;
  private readonly inFlight: InFlight;
  private readonly pendingTools = new PendingToolCalls();
  private readonly drainLimitMs: number;
  private readonly throttle: InputThrottle;
  private readonly eventHandlers: EventHandler[] = [];
  private readonly shutdownHandlers: ShutdownHandler[] = [];
  private readonly initializeHandlers: InitializeHandler[] = [];
  private toolDefs: readonly ToolDef[] = [];
  private toolNames: ReadonlySet<string> = new Set();
  private toolHandler: ToolHandlerWithContext | undefined;
  private state: RunState = "idle";
  private stopped: Promise<void> | undefined;
  private resolveStopped: (() => void) | undefined;
  private releaseProcess: (() => void) | undefined;

  /** @throws ManifestError when the manifest is missing or invalid. */
  constructor(options: PluginAdapterOptions = {}) {
    this.options = options;
    this.input = options.stdin ?? process.stdin;
    this.output = options.stdout ?? process.stdout;
    this.log = createLineLog(options.stderr ?? process.stderr);
    this.ownsProcess = this.input === process.stdin && this.output === process.stdout;
    this.manifest = loadManifest(options.manifest, this.log);
    this.pluginId = this.manifest.plugin.id;
    if (options.tools) this.tools(options.tools);
    const maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes <= 0) {
      throw new RangeError(`maxFrameBytes must be a positive integer, got ${String(maxFrameBytes)}`);
    }
    const maxInFlight = options.maxInFlightHandlers ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isInteger(maxInFlight) || maxInFlight <= 0) {
      throw new RangeError(`maxInFlightHandlers must be a positive integer, got ${String(maxInFlight)}`);
    }
    this.drainLimitMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    if (!Number.isInteger(this.drainLimitMs) || this.drainLimitMs < 0 || this.drainLimitMs > MAX_DRAIN_TIMEOUT_MS) {
      throw new RangeError(`drainTimeoutMs must be an integer from 0 to ${MAX_DRAIN_TIMEOUT_MS}, got ${String(this.drainLimitMs)}`);
    }
    this.throttle = new InputThrottle(this.input, maxInFlight, this.log);
    const flowChanged = (): void => this.throttle.update(this.inFlight.count, this.calls.size, this.writer.backlogged);
    this.writer = new FrameWriter(this.output, rawWriteFor(this.output), this.log, {
      // A call whose request was lost with stdout would otherwise wait out its whole timeout:
      // a write failure is a transport failure.
      onFail: () => this.calls.abandonAll("stdout is closed"),
      onBackpressure: flowChanged,
    });
    this.calls = new HostCalls((line) => this.writer.write(line), () => this.writer.closed, this.log, flowChanged);
    this.inFlight = new InFlight(this.log, flowChanged);
    const link: BrokerLink = {
      send: (line) => this.writer.write(line),
      calls: this.calls,
      source: this.pluginId,
      envelope: options.envelope ?? "full",
      callTimeoutMs: options.callTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS,
      onPublish: createPublishAllowlistCheck(this.manifest, this.log),
    };
    this.broker = new BrokerSender(link);
    this.reader = new FrameReader({ maxFrameBytes, onFrame: this.dispatch, log: this.log });
  }

  /** Adds a handler for every `broker.event`; several handlers all run, each isolated. */
  onEvent(handler: EventHandler): this {
    this.eventHandlers.push(handler);
    return this;
  }

  /** Adds a shutdown hook; hooks run in the order they were added. */
  onShutdown(handler: ShutdownHandler): this {
    this.shutdownHandlers.push(handler);
    return this;
  }

  /** Adds a hook that runs after the `initialize` reply has been queued. */
  onInitialize(handler: InitializeHandler): this {
    this.initializeHandlers.push(handler);
    return this;
  }

  /**
   * Declares the tool catalog advertised in the `initialize` reply.
   *
   * @throws ManifestError when a tool is not in `[plugin.extends].tools`, outside the namespace, or declared twice.
   */
  tools(defs: readonly ToolDef[]): this {
    checkToolCatalog(this.manifest, defs);
    this.toolDefs = [...defs];
    this.toolNames = new Set(defs.map((d) => d.name));
    return this;
  }

  /**
   * Sets the handler of `tool.invoke`; it dispatches on `invocation.toolName`.
   *
   * @throws WireError when a tool handler is already set (one handler serves every tool).
   */
  onTool(handler: ToolHandler): this {
    return this.onToolWithContext((invocation) => handler(invocation));
  }

  /**
   * Sets the handler of `tool.invoke`, which also receives the broker and plugin id.
   *
   * @throws WireError when a tool handler is already set (one handler serves every tool).
   */
  onToolWithContext(handler: ToolHandlerWithContext): this {
    if (this.toolHandler) throw new WireError("a tool handler is already set; one handler serves every tool");
    this.toolHandler = handler;
    return this;
  }

  /**
   * Resolves once no event, tool or initialize handler is running and every frame written so
   * far has been handed to stdout. Useful to tests and embedders that need a quiet point.
   */
  async idle(): Promise<void> {
    await this.inFlight.idle();
    await this.writer.flush();
  }

  /**
   * Reads frames until `shutdown`, stdin EOF or a termination signal, then tears down.
   * Resolves with the exit code (0); when the adapter runs on the process's own stdio, it also
   * sets `process.exitCode`.
   *
   * @throws WireError when called a second time.
   */
  run(): Promise<number> {
    if (this.state !== "idle") return Promise.reject(new WireError("PluginAdapter.run() was already called"));
    this.state = "running";
    let resolveStopped!: () => void;
    this.stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
    this.resolveStopped = resolveStopped;
    const guard = this.options.enableStdoutGuard !== false && this.output === process.stdout && !isStdoutGuardInstalled();
    if (guard) installStdoutGuard({ stdout: process.stdout, stderr: this.options.stderr ?? process.stderr });
    const removeSignals =
      this.ownsProcess && this.options.handleProcessSignals !== false
        ? onTerminationSignal((signal) => void this.stop(signal))
        : undefined;
    this.releaseProcess = () => {
      if (this.ownsProcess) {
        // The process is ending, but handles the plugin left open may hold it for up to
        // EXIT_GRACE_MS. Until it exits, stdout is still the host's, so the guard stays (it is
        // removed on exit, flushing a partial line), and the signal listeners stay too: a signal
        // now joins the finished teardown instead of killing the process, which the daemon
        // would report as a crash.
        if (guard) process.once("exit", () => uninstallStdoutGuard());
        return;
      }
      removeSignals?.();
      if (guard) uninstallStdoutGuard();
    };
    this.input.on("data", this.onData);
    this.input.once("end", this.onEnd);
    this.input.on("error", this.onInputError);
    return this.stopped.then(() => 0);
  }

  private readonly onData = (chunk: Buffer | string): void => this.reader.push(chunk);

  private readonly onEnd = (): void => {
    this.reader.end();
    void this.stop("stdin closed");
  };

  private readonly onInputError = (error: Error): void => {
    this.log(`stdin failed: ${error.message}`);
    void this.stop("stdin closed");
  };

  /** Classifies one inbound object: request, notification, or a reply to the plugin's own call. */
  private readonly dispatch = (frame: Record<string, unknown>): void => {
    const method = frame["method"];
    const hasId = frame["id"] !== undefined;
    if (typeof method === "string") {
      if (hasId) this.handleRequest(frame["id"], method, frame["params"]);
      else this.handleNotification(method, frame["params"]);
    } else if (method === undefined) {
      if (!this.calls.settle(frame)) this.log(`response for unknown id ${showValue(frame["id"] ?? null)} dropped`);
    } else if (hasId) {
      this.reply(validId(frame["id"]), null, ErrorCode.InvalidRequest, "invalid request: method must be a string");
    } else {
      this.log(`notification with a non-string method dropped: ${showValue(method)}`);
    }
  };

  private handleRequest(rawId: unknown, method: string, params: unknown): void {
    const id = validId(rawId);
    if (id === null) {
      this.reply(null, null, ErrorCode.InvalidRequest, `invalid request: id must be an integer or a string, got ${showValue(rawId)}`);
      return;
    }
    if (method === "shutdown") {
      void this.stop("shutdown", id);
      return;
    }
    // Method not found is answered the same at any time; only known methods are refused while stopping.
    const tool = method === "tool.invoke" ? this.toolHandler : undefined;
    if (method !== "initialize" && !tool) {
      const why = method === "tool.invoke" ? " (the plugin registered no tool handler)" : "";
      this.reply(id, null, ErrorCode.MethodNotFound, `method not found: ${method}${why}`);
      return;
    }
    if (this.state !== "running") {
      this.reply(id, null, ErrorCode.InternalError, `${method} refused: the plugin is shutting down`);
      return;
    }
    if (tool) this.invokeTool(id, tool, params);
    else this.initialize(id, params);
  }

  private handleNotification(method: string, params: unknown): void {
    switch (method) {
      case "broker.event":
        this.deliverEvent(params);
        return;
      case "llm.complete.delta":
        this.deliverDelta(params);
        return;
      case "tool.invoke":
        this.log("tool.invoke without an id dropped: a tool call must be a request");
        return;
      default:
      // Unknown notifications are ignored by contract: newer daemons may send more.
    }
  }

  private initialize(id: RequestId, params: unknown): void {
    const result: JsonObject = {
      manifest: this.manifest as unknown as JsonObject,
      server_version: this.options.serverVersion ?? `${this.pluginId}-${this.manifest.plugin.version}`,
    };
    if (this.toolDefs.length > 0) result["tools"] = catalogEntries(this.toolDefs);
    const answered = this.reply(id, result);
    if (this.initializeHandlers.length === 0) return;
    const hookParams = isJsonObject(params) ? (params as JsonObject) : {};
    // The reply is only queued until the next turn: hooks start once it has been handed to
    // stdout, so not even a hook's synchronous work holds up the daemon's init timeout.
    const runHooks = (): void => {
      for (const hook of this.initializeHandlers) this.inFlight.run("initialize hook", () => hook(hookParams));
    };
    this.inFlight.track("initialize hooks", answered.then(runHooks));
  }

  private deliverEvent(params: unknown): void {
    const event = parseBrokerEventParams(params);
    if (typeof event === "string") {
      this.log(`broker.event dropped: ${event}`);
      return;
    }
    if (this.state !== "running") {
      this.log(`broker.event on ${event.topic} dropped: the plugin is shutting down`);
      return;
    }
    if (!this.throttle.admit(this.inFlight.count, this.calls.size)) return;
    const broker = this.broker.withSession(event.sessionId);
    for (const handler of this.eventHandlers) {
      this.inFlight.run(`event handler for ${event.topic}`, () => handler(event, broker));
    }
  }

  private deliverDelta(params: unknown): void {
    const requestId = isJsonObject(params) ? params["request_id"] : undefined;
    const chunk = isJsonObject(params) ? params["chunk"] : undefined;
    if (!this.calls.delta(requestId, chunk)) {
      this.log(`llm.complete.delta for unknown request id ${showValue(requestId ?? null)} dropped`);
    }
  }

  private invokeTool(id: RequestId, handler: ToolHandlerWithContext, params: unknown): void {
    const invocation = parseToolInvocation(params, this.pluginId);
    if (typeof invocation === "string") {
      this.reply(id, null, ErrorCode.InvalidParams, `invalid params: ${invocation}`);
      return;
    }
    if (this.toolNames.size > 0 && !this.toolNames.has(invocation.toolName)) {
      this.sendReply(toolFailureLine(id, new ToolNotFoundError(invocation.toolName)));
      return;
    }
    const context = this.toolContext(invocation);
    let outcome: unknown;
    try {
      outcome = handler(invocation, context);
    } catch (error) {
      this.sendReply(toolFailureLine(id, error));
      return;
    }
    if (!isThenable(outcome)) {
      this.sendReply(toolSuccessLine(id, outcome));
      return;
    }
    const call = this.pendingTools.start(id, invocation.toolName);
    this.inFlight.track(
      `tool ${invocation.toolName}`,
      Promise.resolve(outcome).then(
        (result) => this.answerTool(call, () => toolSuccessLine(id, result)),
        (error: unknown) => this.answerTool(call, () => toolFailureLine(id, error)),
      ),
    );
  }

  /** Writes the reply of a finished tool call; the write is then tracked on its own, as every reply is. */
  private answerTool(call: PendingToolCall, line: () => string): void {
    if (this.pendingTools.claim(call)) {
      this.sendReply(line());
      return;
    }
    this.log(`tool ${call.toolName} finished after the shutdown drain; request ${showValue(call.id)} was already answered`);
  }

  private toolContext(invocation: ToolInvocation): ToolContext {
    return { broker: this.broker, pluginId: this.pluginId, agentId: invocation.agentId, invocation };
  }

  /** Queues a response; the promise resolves once stdout has taken it. */
  private reply(id: RequestId | null, result: unknown, errorCode?: number, errorMessage?: string): Promise<void> {
    const frame =
      errorCode === undefined ? buildResponse(id, result) : buildErrorResponse(id, errorCode, errorMessage ?? "error");
    let line: string;
    try {
      line = serializeFrame(frame);
    } catch (error) {
      // Every request gets exactly one reply, even when its result cannot be serialized.
      this.log(`reply to ${showValue(id)} cannot be serialized: ${describeError(error)}`);
      line = serializeFrame(buildErrorResponse(id, ErrorCode.InternalError, "internal error: the reply cannot be serialized"));
    }
    return this.sendReply(line);
  }

  /**
   * Writes a reply. Until stdout takes it, it counts as in flight: a host that pipelines
   * requests but stops reading replies then pauses stdin instead of growing the write queue.
   */
  private sendReply(line: string): Promise<void> {
    const written = this.writer.write(line);
    this.inFlight.track("reply", written);
    return written;
  }

  /**
   * Tears down in the contract's order: abandon host calls, await in-flight handlers, run the
   * shutdown hooks, acknowledge a `shutdown` request, stop reading. Later triggers (EOF after
   * the ack, a signal during the drain) join the teardown already under way.
   */
  private async stop(reason: StopReason, replyId?: RequestId): Promise<void> {
    if (this.state === "running") {
      this.state = "stopping";
      const release = holdEventLoop(this.drainLimitMs + SHUTDOWN_HOOKS_ALLOWANCE_MS);
      try {
        this.calls.abandonAll(reason === "shutdown" ? "the plugin is shutting down" : `the plugin is stopping (${reason})`);
        await this.drain();
        await this.runShutdownHooks();
        if (replyId !== undefined) this.reply(replyId, { ok: true });
        await this.writer.flush();
        this.finish();
      } finally {
        release();
      }
    } else {
      await this.stopped;
      if (replyId !== undefined && !this.writer.closed) {
        this.reply(replyId, { ok: true });
        await this.writer.flush();
      }
    }
  }

  /**
   * Awaits in-flight handlers, but not past the drain limit: the daemon waits 5 s for the ack,
   * then kills the plugin and reports a crash, so a handler that never settles must not cost
   * the clean stop of everything else.
   */
  private async drain(): Promise<void> {
    const limitMs = this.drainLimitMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), limitMs);
      timer.unref();
    });
    const timedOut = await Promise.race([this.inFlight.idle().then(() => false), expired]);
    clearTimeout(timer);
    if (!timedOut) return;
    this.log(`${this.inFlight.count} handler(s) still running after ${limitMs} ms of shutdown drain; stopping without them`);
    // The host still waits for these replies; after the ack nothing more would reach it.
    for (const call of this.pendingTools.claimAll()) {
      const failure = new ToolExecutionError(`${call.toolName} did not finish within the ${limitMs} ms shutdown drain`);
      this.sendReply(toolFailureLine(call.id, failure));
    }
  }

  private async runShutdownHooks(): Promise<void> {
    for (const hook of this.shutdownHandlers) {
      try {
        await hook();
      } catch (error) {
        this.log(`shutdown hook failed: ${describeError(error)}`);
      }
    }
  }

  private finish(): void {
    this.state = "stopped";
    this.input.removeListener("data", this.onData);
    this.input.removeListener("end", this.onEnd);
    this.throttle.stop();
    this.releaseProcess?.();
    if (this.ownsProcess) {
      process.stdin.destroy();
      exitIfStillAlive(0, EXIT_GRACE_MS);
    }
    this.resolveStopped?.();
  }
}

/**
 * Keeps Node's event loop alive for at most `ms`, until the returned function is called. Once
 * stdin has ended, a handler or shutdown hook awaiting only unref'd work (a library's timer,
 * say) would otherwise let Node exit in the middle of the teardown, losing that work's frames
 * and the ack. The bound keeps a hook that never settles from holding an orphan open.
 */
function holdEventLoop(ms: number): () => void {
  const timer = setTimeout(() => undefined, ms);
  return () => clearTimeout(timer);
}

/**
 * A host request id as the contract allows it (an integer or a string), or `null`. Integers past
 * 2^53 are refused too: JSON.parse has already rounded them, so they could not be echoed verbatim.
 */
function validId(id: unknown): RequestId | null {
  if (typeof id === "string") return id;
  if (typeof id === "number" && Number.isSafeInteger(id)) return id;
  return null;
}
