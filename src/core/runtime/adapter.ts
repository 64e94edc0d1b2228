/**
 * `PluginAdapter`: the decorator-free runtime. It owns the dispatch loop over stdin, looks host
 * requests up in its method table, runs event handlers detached from the reader, and tears
 * down in the contract's order on `shutdown`, stdin EOF or a termination signal.
 */
import type { Readable, Writable } from "node:stream";
import { BrokerSender, type BrokerLink } from "../broker/broker";
import { createPublishAllowlistCheck } from "../broker/publish-allowlist";
import { BrokerRequests } from "../broker/request-reply/broker-requests";
import type { OnRequestOptions, RequestHandler } from "../broker/request-reply/request-route";
import { StdioBridgeTransport } from "../broker/request-reply/stdio-bridge-transport";
import { selectBrokerMode } from "../broker/transport/broker-mode";
import { createBrokerTransport, manifestSubscribePatterns } from "../broker/transport/create-transport";
import type { BrokerResponder, BrokerTransport } from "../broker/transport/transport";
import { NatsRequestReply } from "../broker/request-reply/nats-request-reply";
import { WireError } from "../errors";
import { DEFAULT_RPC_TIMEOUT_MS, HostCalls } from "../host-calls/host-calls";
import { createLineLog, type LogSink } from "../log";
import type { Manifest } from "../manifest/manifest";
import { parseManifest } from "../manifest/manifest";
import { loadManifest } from "../manifest/manifest-source";
import { manifestBytes } from "../discovery/manifest-bytes";
import { isManifestProbe, printAndExit } from "../discovery/print-manifest";
import { registerConfigure, type ConfigureSurface } from "../surfaces/configure/configure-method";
import type { ConfigureHandler, ConfigureOptions } from "../surfaces/configure/configuration";
import { explainCredentialsAbsence, registerCredentials } from "../surfaces/credentials/credentials-methods";
import type { CredentialsProvider } from "../surfaces/credentials/credentials-provider";
import { ChannelSurface, type ChannelHandlers } from "../surfaces/channels/channel-methods";
import { explainExtensionAbsence, type ExtensionDeps } from "../surfaces/extension-handlers";
import { HookSurface, type HookHandler, type HookOptions } from "../surfaces/hooks/hook-method";
import { LlmProviderSurface, type LlmProviderHandler } from "../surfaces/llm-provider/llm-chat-method";
import { serveMetricsIfEnabled, type MetricsRegistry } from "../surfaces/metrics/metrics-service";
import { registerToolMethod } from "../surfaces/tools/tool-method";
import { VectorBackendSurface, type VectorBackendHandlers } from "../surfaces/vector-backend/vector-methods";
import { catalogEntries, checkToolCatalog } from "../surfaces/tools/tools";
import type { ToolDef, ToolHandler, ToolHandlerWithContext } from "../surfaces/tools/tools";
import { FrameReader } from "../wire/frame-reader";
import { FrameWriter } from "../wire/frame-writer";
import { rawWriteFor } from "../wire/stdout-guard";
import { adapterLimits, checkOptionKeys, SHUTDOWN_HOOKS_ALLOWANCE_MS } from "./adapter-options";
import type { PluginAdapterOptions, ShutdownHandler } from "./adapter-options";
import { holdEventLoop, tearDown } from "./teardown";
import { EventDelivery, type EventHandler } from "./event-delivery";
import { registerHandshake, type InitializeHandler } from "./handshake";
import { createFrameDispatch } from "./frame-dispatch";
import { InFlight } from "./in-flight";
import { InputThrottle } from "./input-throttle";
import { MethodTable } from "./method-table";
import type { RuntimeObservers } from "./observers";
import { bindProcess } from "./process-binding";
import { exitIfStillAlive } from "./process-signals";
import { RequestAnswerer } from "./request-answerer";

export type { PluginAdapterOptions, ShutdownHandler } from "./adapter-options";
export type { InitializeHandler } from "./handshake";
export type { EventHandler } from "./event-delivery";

/** Why the adapter stopped. */
export type StopReason = "shutdown" | "stdin closed" | NodeJS.Signals;

/** Grace given to handles the plugin left open before a process that owns its stdio is ended. */
const EXIT_GRACE_MS = 1000;

type RunState = "idle" | "running" | "stopping" | "stopped";

/**
 * Runs a plugin on the nexo wire without decorators.
 *
 * @example
 * ```ts
 * const adapter = new PluginAdapter({
 *   manifestToml: readFileSync("nexo-plugin.toml", "utf8"),
 *   onEvent: async (topic, event, broker) => {
 *     await broker.publish("plugin.inbound.echo", Event.new("plugin.inbound.echo", "echo", { echoed: event.payload }));
 *   },
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
  /**
   * The host -> child request methods the plugin answers. Surfaces register into it before
   * {@link run}; a method nobody registered is answered `-32601`.
   */
  readonly methods = new MethodTable();
  /**
   * The broker request routes (HTTP, admin, metrics, pairing, {@link onRequest}): requests
   * arrive as broker events on their topics and are answered through the broker mode's
   * request/reply transport.
   */
  readonly requests: BrokerRequests;
  /** Observation points of the runtime; the metrics surface fills them in. */
  readonly observers: RuntimeObservers = {};
  /**
   * The prom-client registry the daemon's scrapes are answered from, when the manifest has
   * `[plugin.metrics] prometheus = true`; `undefined` otherwise (prom-client is not loaded).
   */
  readonly metrics: MetricsRegistry | undefined;

  private readonly options: PluginAdapterOptions;
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly log: LogSink;
  private readonly ownsProcess: boolean;
  private readonly reader: FrameReader;
  private readonly writer: FrameWriter;
  private readonly calls: HostCalls;
  private readonly inFlight: InFlight;
  private readonly answerer: RequestAnswerer;
  private readonly drainLimitMs: number;
  private readonly throttle: InputThrottle;
  private readonly events: EventDelivery;
  private readonly transport: BrokerTransport;
  /** NATS mode's request/reply for the broker services; `undefined` on the stdio bridge. */
  private readonly natsRequests: NatsRequestReply | undefined;
  private readonly subscriptions: string[] = [];
  private readonly configuration: ConfigureSurface;
  private readonly shutdownHandlers: ShutdownHandler[] = [];
  private readonly initializeHandlers: InitializeHandler[] = [];
  private toolDefs: readonly ToolDef[] = [];
  private toolNames: ReadonlySet<string> = new Set();
  private hookSurface: HookSurface | undefined;
  private channelSurface: ChannelSurface | undefined;
  private llmSurface: LlmProviderSurface | undefined;
  private vectorSurface: VectorBackendSurface | undefined;
  private state: RunState = "idle";
  private tearingDown: Promise<void> | undefined;
  private finishing: Promise<void> | undefined;
  private releaseHold: (() => void) | undefined;
  private resolveStopped: (() => void) | undefined;
  private releaseProcess: (() => void) | undefined;

  /**
   * @throws PluginError when an option is unknown or the manifest is given twice.
   * @throws ManifestError when the manifest is missing or invalid, or a declared tool is not in it.
   */
  constructor(options: PluginAdapterOptions = {}) {
    checkOptionKeys(options);
    this.options = options;
    this.input = options.stdin ?? process.stdin;
    this.output = options.stdout ?? process.stdout;
    this.log = createLineLog(options.stderr ?? process.stderr);
    this.ownsProcess = this.input === process.stdin && this.output === process.stdout;
    this.manifest =
      options.manifestToml !== undefined
        ? parseManifest(options.manifestToml, { warn: this.log })
        : loadManifest(options.manifest, this.log);
    this.pluginId = this.manifest.plugin.id;
    if (options.tools) this.tools(options.tools);
    const limits = adapterLimits(options);
    this.drainLimitMs = limits.drainLimitMs;
    this.throttle = new InputThrottle(this.input, limits.maxInFlight, this.log);
    const flowChanged = (): void => this.throttle.update(this.inFlight.count, this.calls.size, this.writer.backlogged);
    this.writer = new FrameWriter(this.output, rawWriteFor(this.output), this.log, {
      // A call whose request was lost with stdout would otherwise wait out its whole timeout:
      // a write failure is a transport failure.
      onFail: () => this.calls.abandonAll("stdout is closed"),
      onBackpressure: () => {
        flowChanged();
        if (this.writer.backlogged) this.observers.stdoutBackpressure?.();
      },
    });
    this.calls = new HostCalls((line) => this.writer.write(line), () => this.writer.closed, this.log, flowChanged, this.observers);
    this.inFlight = new InFlight(this.log, flowChanged);
    this.answerer = new RequestAnswerer((line) => this.writer.write(line), this.inFlight, this.log);
    const mode = selectBrokerMode(options.broker, process.env, this.log);
    this.transport = createBrokerTransport(
      mode,
      this.pluginId,
      { send: (line) => this.writer.write(line), envelope: options.envelope ?? "full" },
      { log: this.log, deliver: (event) => this.events.deliver(event), run: (label, body) => this.inFlight.run(label, body) },
    );
    // Broker services reply through the same broker mode: published on reply_to, or NATS's own reply.
    const requestReply =
      mode.kind === "nats" ? new NatsRequestReply(this.transport) : new StdioBridgeTransport((line) => this.writer.write(line), this.pluginId);
    this.natsRequests = requestReply instanceof NatsRequestReply ? requestReply : undefined;
    const allowlistCheck = mode.kind === "nats" ? undefined : createPublishAllowlistCheck(this.manifest, this.log);
    const link: BrokerLink = {
      transport: this.transport,
      calls: this.calls,
      source: this.pluginId,
      // NATS bodies are always the full Event, and the daemon's allowlist does not apply there.
      envelope: mode.kind === "nats" ? "full" : (options.envelope ?? "full"),
      callTimeoutMs: options.callTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS,
      onPublish: (topic) => {
        allowlistCheck?.(topic);
        this.observers.published?.();
      },
    };
    this.broker = new BrokerSender(link);
    this.events = new EventDelivery({
      broker: this.broker,
      inFlight: this.inFlight,
      log: this.log,
      accepting: () => this.state === "running",
      admit: () => this.throttle.admit(this.inFlight.count, this.calls.size),
      claim: (event) => this.requests.claimEvent(event),
      observers: this.observers,
    });
    this.requests = new BrokerRequests({
      manifest: this.manifest,
      broker: this.broker,
      transport: requestReply,
      inFlight: this.inFlight,
      log: this.log,
      observers: this.observers,
      accepting: () => this.state === "running",
      admit: () => this.throttle.admit(this.inFlight.count, this.calls.size),
    });
    this.reader = new FrameReader({ maxFrameBytes: limits.maxFrameBytes, onFrame: this.dispatchFrame(), log: this.log });
    this.registerLifecycle();
    this.configuration = registerConfigure(this.methods, this.manifest, this.log);
    explainCredentialsAbsence(this.methods, this.manifest);
    if (options.onEvent) this.onEvent(options.onEvent);
    if (options.onShutdown) this.onShutdown(options.onShutdown);
    const toolHandler = options.onToolWithContext ?? options.onTool;
    if (toolHandler) this.onToolWithContext(toolHandler);
    this.metrics = serveMetricsIfEnabled(this);
  }

  /** Adds a handler for every `broker.event`; several handlers all run, each isolated. */
  onEvent(handler: EventHandler): this {
    this.events.add(handler);
    return this;
  }

  /**
   * Answers broker requests on `pattern`: `handler` gets the request's payload and a context and
   * returns the reply's payload, sent to the request's `reply_to`. A request without `reply_to`
   * is logged and dropped; a thrown handler is logged and gets `options.failure`'s reply, or none.
   *
   * @throws TopicPatternError for an invalid pattern; WireError when the pattern is already served.
   */
  onRequest(pattern: string, handler: RequestHandler, options: OnRequestOptions = {}): this {
    this.requests.add({ pattern, handle: handler, label: options.label ?? `onRequest(${pattern})`, failure: options.failure });
    return this;
  }

  /**
   * Declares topic patterns whose events the plugin handles. In NATS mode these are what the
   * plugin subscribes (without any, the manifest's subscribe patterns: `plugin.outbound.<kind>`
   * and `.>` per channel, plus `[plugin.capabilities.broker].subscribe`); on the stdio bridge
   * the daemon routes by the manifest, and the patterns are only checked.
   *
   * @throws TopicPatternError when a pattern is invalid; WireError once {@link run} was called.
   */
  subscribe(...patterns: string[]): this {
    if (this.state !== "idle") throw new WireError("PluginAdapter.subscribe() must be called before run()");
    for (const pattern of patterns) this.transport.subscribe(pattern);
    this.subscriptions.push(...patterns);
    return this;
  }

  /**
   * Serves broker requests on a topic pattern: `responder` receives the request Message and
   * returns the reply payload (see {@link BrokerTransport.respond} for each transport).
   *
   * @throws TopicPatternError when the pattern is invalid.
   */
  respond(pattern: string, responder: BrokerResponder): this {
    this.transport.respond(pattern, responder);
    return this;
  }

  /** Adds a shutdown hook; hooks run in the order they were added. */
  onShutdown(handler: ShutdownHandler): this {
    this.shutdownHandlers.push(handler);
    return this;
  }

  /** Adds a hook that runs once the `initialize` reply has been handed to stdout. */
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
    if (this.methods.has("tool.invoke")) throw new WireError("a tool handler is already set; one handler serves every tool");
    registerToolMethod(this.methods, { pluginId: this.pluginId, broker: this.broker, catalog: () => this.toolNames, handler, observers: this.observers });
    return this;
  }

  /**
   * The last configuration `plugin.configure` accepted (after the handler's own checks), or
   * `null` before the first. Requests the daemon sends after the reply see the new value.
   */
  get config(): unknown {
    return this.configuration.current;
  }

  /**
   * Sets the handler of `plugin.configure`. Each configuration is first checked (against the
   * manifest's `[plugin.config_schema].schema`, or by `options.validate`), then passed to the
   * handler; it becomes {@link config} once the handler returns, and a handler that throws
   * refuses it, leaving the previous one.
   *
   * @throws ManifestError without `[plugin.config_schema]`; WireError when a handler is already set.
   */
  onConfigure<C = unknown>(handler: ConfigureHandler<C>, options?: ConfigureOptions): this {
    this.configuration.setHandler(handler as ConfigureHandler, options);
    return this;
  }

  /**
   * Handles hook `name` (`hook.on_hook`). Hooks fail open: a handler that throws, returns
   * something other than a `HookDecision`, or exceeds `options.budgetMs` (default 4000) is
   * answered "continue", with a stderr line saying why.
   *
   * @throws ManifestError when `name` is not in `[plugin.extends].hooks`; WireError when it has a handler already.
   */
  onHook<N extends string>(name: N, handler: HookHandler<N>, options?: HookOptions): this {
    (this.hookSurface ??= new HookSurface(this.extensionDeps())).add(name, handler, options);
    return this;
  }

  /**
   * Serves `plugin.credentials.list`, `issue`, `resolve_bytes` and `reload` with `provider`.
   *
   * @throws ManifestError unless `[plugin.credentials_schema] enabled = true`; WireError for a second or incomplete provider.
   */
  onCredentials(provider: CredentialsProvider): this {
    registerCredentials(this.methods, this.manifest, provider, this.log);
    return this;
  }

  /**
   * Serves channel `kind` (`channel.start`, `channel.stop`, `channel.send_outbound`).
   *
   * @throws ManifestError when `kind` is not in `[plugin.extends].channels`; WireError when it is served already.
   */
  serveChannel(kind: string, handlers: ChannelHandlers): this {
    (this.channelSurface ??= new ChannelSurface(this.extensionDeps())).add(kind, handlers);
    return this;
  }

  /**
   * Answers `llm.chat` for provider `name`, streaming `llm.chat.delta` notifications when asked.
   *
   * @throws ManifestError when `name` is not in `[plugin.extends].llm_providers`; WireError when it has a handler already.
   */
  llmProvider(name: string, handler: LlmProviderHandler): this {
    (this.llmSurface ??= new LlmProviderSurface(this.extensionDeps())).add(name, handler);
    return this;
  }

  /**
   * Serves vector backend `name` (`memory.vector_upsert`, `memory.vector_search`, `memory.vector_delete`).
   *
   * @throws ManifestError when `name` is not in `[plugin.extends].memory_backends`; WireError when it is served already.
   */
  vectorBackend(name: string, handlers: VectorBackendHandlers): this {
    (this.vectorSurface ??= new VectorBackendSurface(this.extensionDeps())).add(name, handlers);
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
   * sets `process.exitCode`. A process started with `--print-manifest` (the daemon's discovery
   * probe) instead writes the manifest TOML to stdout, byte for byte, and exits 0.
   *
   * @throws WireError (a PluginError) when called a second time.
   */
  run(): Promise<number> {
    if (this.state !== "idle") return Promise.reject(new WireError("PluginAdapter.run() was already called"));
    // The daemon's discovery probe: the manifest alone on stdout, then exit, before anything else runs.
    if (isManifestProbe(this.ownsProcess)) return Promise.resolve(this.options.manifest).then((source) => printAndExit(manifestBytes(source)));
    this.state = "running";
    const stopped = new Promise<void>((resolve) => (this.resolveStopped = resolve));
    this.releaseProcess = bindProcess({
      writesRealStdout: this.output === process.stdout,
      ownsProcess: this.ownsProcess,
      enableStdoutGuard: this.options.enableStdoutGuard !== false,
      handleProcessSignals: this.options.handleProcessSignals !== false,
      stderr: this.options.stderr ?? process.stderr,
      onSignal: (signal) => this.stop(signal),
    });
    this.input.on("data", this.onData);
    this.input.once("end", this.onEnd);
    this.input.on("error", this.onInputError);
    if (this.subscriptions.length === 0) for (const pattern of manifestSubscribePatterns(this.manifest)) this.transport.subscribe(pattern);
    this.natsRequests?.serve(this.requests);
    this.transport.start();
    return stopped.then(() => 0);
  }

  /** `initialize` and `shutdown` are methods like any other. */
  private registerLifecycle(): void {
    registerHandshake(this.methods, {
      manifest: this.manifest,
      serverVersion: this.options.serverVersion ?? `${this.pluginId}-${this.manifest.plugin.version}`,
      catalog: () => (this.toolDefs.length > 0 ? catalogEntries(this.toolDefs) : undefined),
      hooks: this.initializeHandlers,
      inFlight: this.inFlight,
    });
    this.methods.register("shutdown", {
      duringShutdown: true,
      // The drain awaits everything in flight; the shutdown request itself is what it serves.
      untracked: true,
      handle: () => this.teardown("shutdown").then(() => ({ ok: true })),
      onReplied: () => void this.finish(),
    });
    this.methods.explainAbsence("tool.invoke", "the plugin registered no tool handler");
    explainExtensionAbsence(this.methods);
  }

  private extensionDeps(): ExtensionDeps {
    return { table: this.methods, manifest: this.manifest, broker: this.broker, log: this.log };
  }

  private readonly onData = (chunk: Buffer | string): void => this.reader.push(chunk);

  private readonly onEnd = (): void => {
    this.reader.end();
    this.stop("stdin closed");
  };

  private readonly onInputError = (error: Error): void => {
    this.log(`stdin failed: ${error.message}`);
    this.stop("stdin closed");
  };

  private dispatchFrame(): (frame: Record<string, unknown>) => void {
    return createFrameDispatch({
      methods: this.methods,
      answerer: this.answerer,
      calls: this.calls,
      brokerEvent: (params) => this.transport.stdioEvent(params),
      log: this.log,
      running: () => this.state === "running",
    });
  }

  /** Stops without a reply owed (stdin EOF, a signal); joins a teardown already under way. */
  private stop(reason: StopReason): void {
    void this.teardown(reason).then(() => this.finish());
  }

  /**
   * Tears down once, in the contract's order: abandon host calls, await in-flight handlers (not
   * past the drain limit), run the shutdown hooks. Later triggers (EOF after the ack, a signal
   * during the drain) join the teardown already under way.
   */
  private teardown(reason: StopReason): Promise<void> {
    this.tearingDown ??= this.runTeardown(reason);
    return this.tearingDown;
  }

  private async runTeardown(reason: StopReason): Promise<void> {
    this.state = "stopping";
    this.releaseHold = holdEventLoop(this.drainLimitMs + SHUTDOWN_HOOKS_ALLOWANCE_MS);
    this.transport.stopInbound();
    const why = reason === "shutdown" ? "the plugin is shutting down" : `the plugin is stopping (${reason})`;
    // The host still waits for the replies of requests the drain cut off; after the ack nothing more would reach it.
    const expireOwed = (limitMs: number): void => {
      this.answerer.expireAll(limitMs);
      this.requests.expireAll(limitMs);
    };
    const deps = { calls: this.calls, inFlight: this.inFlight, expireOwed, log: this.log };
    await tearDown({ ...deps, drainLimitMs: this.drainLimitMs, shutdownHooks: this.shutdownHandlers }, why);
    // Before the ack: every publish made until now reaches the broker.
    await this.transport.close();
  }

  /** Once every frame written so far has been handed to stdout, stops reading and releases the process. */
  private finish(): Promise<void> {
    this.finishing ??= this.writer.flush().then(() => {
      this.state = "stopped";
      this.input.removeListener("data", this.onData);
      this.input.removeListener("end", this.onEnd);
      this.throttle.stop();
      this.releaseProcess?.();
      if (this.ownsProcess) {
        process.stdin.destroy();
        exitIfStillAlive(0, EXIT_GRACE_MS);
      }
      this.releaseHold?.();
      this.resolveStopped?.();
    });
    return this.finishing;
  }
}
