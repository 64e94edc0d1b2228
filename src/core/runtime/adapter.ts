/**
 * `PluginAdapter`: the decorator-free API, the seed SDK's. Its members register handlers with
 * the surfaces (events, tools, configuration, credentials, extensions, broker requests); the
 * runtime they run on is {@link AdapterRuntime}.
 */
import { AdapterRuntime } from "./adapter-runtime";
import type { OnRequestOptions, RequestHandler } from "../broker/request-reply/request-route";
import type { BrokerResponder, BrokerTransport } from "../broker/transport/transport";
import { WireError } from "../errors";
import type { ConfigureHandler, ConfigureOptions } from "../surfaces/configure/configuration";
import { registerCredentials } from "../surfaces/credentials/credentials-methods";
import type { CredentialsProvider } from "../surfaces/credentials/credentials-provider";
import { ChannelSurface, type ChannelHandlers } from "../surfaces/channels/channel-methods";
import { HookSurface, type HookHandler, type HookOptions } from "../surfaces/hooks/hook-method";
import { LlmProviderSurface, type LlmProviderHandler } from "../surfaces/llm-provider/llm-chat-method";
import { serveMetricsIfEnabled, type MetricsRegistry } from "../surfaces/metrics/metrics-service";
import { registerToolMethod } from "../surfaces/tools/tool-method";
import { VectorBackendSurface, type VectorBackendHandlers } from "../surfaces/vector-backend/vector-methods";
import { checkToolCatalog } from "../surfaces/tools/tools";
import type { ToolDef, ToolHandler, ToolHandlerWithContext } from "../surfaces/tools/tools";
import type { PluginAdapterOptions, ShutdownHandler } from "./adapter-options";
import { type EventHandler } from "./event-delivery";
import { type InitializeHandler } from "./handshake";

export type { PluginAdapterOptions, ShutdownHandler } from "./adapter-options";
export type { InitializeHandler } from "./handshake";
export type { EventHandler } from "./event-delivery";

export type { StopReason } from "./adapter-runtime";

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
export class PluginAdapter extends AdapterRuntime {
  /**
   * The prom-client registry the daemon's scrapes are answered from, when the manifest has
   * `[plugin.metrics] prometheus = true`; `undefined` otherwise (prom-client is not loaded).
   */
  readonly metrics: MetricsRegistry | undefined;

  /**
   * @throws PluginError when an option is unknown or the manifest is given twice.
   * @throws ManifestError when the manifest is missing or invalid, or a declared tool is not in it.
   */
  constructor(options: PluginAdapterOptions = {}) {
    super(options);
    if (options.tools) this.tools(options.tools);
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
}
