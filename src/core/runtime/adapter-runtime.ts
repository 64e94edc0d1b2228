/**
 * The engine under `PluginAdapter`: the streams, the frame reader and writer, the method table
 * and its answerer, host calls, the broker transport, event delivery, flow control, and the
 * teardown in the contract's order on `shutdown`, stdin EOF or a termination signal. The
 * registration API the surfaces offer plugin authors is `PluginAdapter`'s.
 */
import type { Readable, Writable } from "node:stream";
import type { BrokerSender } from "../broker/broker";
import type { BrokerRequests } from "../broker/request-reply/broker-requests";
import { manifestSubscribePatterns } from "../broker/transport/create-transport";
import type { BrokerTransport } from "../broker/transport/transport";
import type { NatsRequestReply } from "../broker/request-reply/nats-request-reply";
import { WireError } from "../errors";
import { HostCalls } from "../host-calls/host-calls";
import { createLineLog, type LogSink } from "../log";
import type { Manifest } from "../manifest/manifest";
import { parseManifest } from "../manifest/manifest";
import { loadManifest } from "../manifest/manifest-source";
import { manifestBytes } from "../discovery/manifest-bytes";
import { isManifestProbe, printAndExit } from "../discovery/print-manifest";
import { registerConfigure, type ConfigureSurface } from "../surfaces/configure/configure-method";
import { explainCredentialsAbsence } from "../surfaces/credentials/credentials-methods";
import { ChannelSurface } from "../surfaces/channels/channel-methods";
import { explainExtensionAbsence, type ExtensionDeps } from "../surfaces/extension-handlers";
import { HookSurface } from "../surfaces/hooks/hook-method";
import { LlmProviderSurface } from "../surfaces/llm-provider/llm-chat-method";
import { VectorBackendSurface } from "../surfaces/vector-backend/vector-methods";
import { catalogEntries } from "../surfaces/tools/tools";
import type { ToolDef } from "../surfaces/tools/tools";
import { FrameReader } from "../wire/frame-reader";
import { FrameWriter } from "../wire/frame-writer";
import { rawWriteFor } from "../wire/stdout-guard";
import { adapterLimits, checkOptionKeys, SHUTDOWN_HOOKS_ALLOWANCE_MS } from "./adapter-options";
import type { PluginAdapterOptions, ShutdownHandler } from "./adapter-options";
import { holdEventLoop, tearDown } from "./teardown";
import { BrokerSide } from "./broker-side";
import type { EventDelivery } from "./event-delivery";
import { registerHandshake, type InitializeHandler } from "./handshake";
import { createFrameDispatch } from "./frame-dispatch";
import { InFlight } from "./in-flight";
import { InputThrottle } from "./input-throttle";
import { MethodTable } from "./method-table";
import type { RuntimeObservers } from "./observers";
import { bindProcess } from "./process-binding";
import { exitIfStillAlive } from "./process-signals";
import { RequestAnswerer } from "./request-answerer";

/** Why the adapter stopped. */
export type StopReason = "shutdown" | "stdin closed" | NodeJS.Signals;

/** Grace given to handles the plugin left open before a process that owns its stdio is ended. */
const EXIT_GRACE_MS = 1000;

type RunState = "idle" | "running" | "stopping" | "stopped";

/** The runtime of a {@link PluginAdapter}; not constructed on its own. */
export abstract class AdapterRuntime {
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

  protected readonly options: PluginAdapterOptions;
  protected readonly input: Readable;
  protected readonly output: Writable;
  protected readonly log: LogSink;
  protected readonly ownsProcess: boolean;
  protected readonly reader: FrameReader;
  protected readonly writer: FrameWriter;
  protected readonly calls: HostCalls;
  protected readonly inFlight: InFlight;
  protected readonly answerer: RequestAnswerer;
  protected readonly drainLimitMs: number;
  protected readonly throttle: InputThrottle;
  protected readonly events: EventDelivery;
  protected readonly transport: BrokerTransport;
  /** NATS mode's request/reply for the broker services; `undefined` on the stdio bridge. */
  protected readonly natsRequests: NatsRequestReply | undefined;
  protected readonly subscriptions: string[] = [];
  protected readonly configuration: ConfigureSurface;
  protected readonly shutdownHandlers: ShutdownHandler[] = [];
  protected readonly initializeHandlers: InitializeHandler[] = [];
  protected toolDefs: readonly ToolDef[] = [];
  protected toolNames: ReadonlySet<string> = new Set();
  protected hookSurface: HookSurface | undefined;
  protected channelSurface: ChannelSurface | undefined;
  protected llmSurface: LlmProviderSurface | undefined;
  protected vectorSurface: VectorBackendSurface | undefined;
  protected state: RunState = "idle";
  protected tearingDown: Promise<void> | undefined;
  protected finishing: Promise<void> | undefined;
  protected releaseHold: (() => void) | undefined;
  protected resolveStopped: (() => void) | undefined;
  protected releaseProcess: (() => void) | undefined;

  /**
   * @throws PluginError when an option is unknown or the manifest is given twice.
   * @throws ManifestError when the manifest is missing or invalid, or a declared tool is not in it.
   */
  protected constructor(options: PluginAdapterOptions) {
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
    const side = new BrokerSide({
      options,
      manifest: this.manifest,
      log: this.log,
      calls: this.calls,
      inFlight: this.inFlight,
      observers: this.observers,
      send: (line) => this.writer.write(line),
      accepting: () => this.state === "running",
      admit: () => this.throttle.admit(this.inFlight.count, this.calls.size),
    });
    ({ transport: this.transport, natsRequests: this.natsRequests, broker: this.broker, events: this.events, requests: this.requests } = side);
    this.reader = new FrameReader({ maxFrameBytes: limits.maxFrameBytes, onFrame: this.dispatchFrame(), log: this.log });
    this.registerLifecycle();
    this.configuration = registerConfigure(this.methods, this.manifest, this.log);
    explainCredentialsAbsence(this.methods, this.manifest);
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
  protected registerLifecycle(): void {
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

  protected extensionDeps(): ExtensionDeps {
    return { table: this.methods, manifest: this.manifest, broker: this.broker, log: this.log };
  }

  protected readonly onData = (chunk: Buffer | string): void => {
    this.writer.inputArrived();
    this.reader.push(chunk);
  };

  protected readonly onEnd = (): void => {
    this.reader.end();
    this.stop("stdin closed");
  };

  protected readonly onInputError = (error: Error): void => {
    this.log(`stdin failed: ${error.message}`);
    this.stop("stdin closed");
  };

  protected dispatchFrame(): (frame: Record<string, unknown>) => void {
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
  protected stop(reason: StopReason): void {
    void this.teardown(reason).then(() => this.finish());
  }

  /**
   * Tears down once, in the contract's order: abandon host calls, await in-flight handlers (not
   * past the drain limit), run the shutdown hooks. Later triggers (EOF after the ack, a signal
   * during the drain) join the teardown already under way.
   */
  protected teardown(reason: StopReason): Promise<void> {
    this.tearingDown ??= this.runTeardown(reason);
    return this.tearingDown;
  }

  protected async runTeardown(reason: StopReason): Promise<void> {
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
  protected finish(): Promise<void> {
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
