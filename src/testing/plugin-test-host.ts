/**
 * `PluginTestHost`: runs a decorated plugin class in-process over in-memory streams and plays
 * the daemon, so a Jest test can send events and tool calls and assert on the frames.
 */
import { PassThrough } from "node:stream";
// The package entry, not the modules behind it: the plugin class under test extends the entry's
// NexoPlugin and throws the entry's ToolErrors, so the runtime must be that same copy.
import { createPlugin, type BootstrapOptions, type JsonObject, type JsonValue, type PluginAdapter, type PluginClass } from "../index";
import { HostPeer, type HostReply, type WireFrame } from "./host-peer";
import { llmResponder, memoryResponder, type LlmResponderOptions, type MemorySeed } from "./responders";
import {
  adminRequestPayload,
  brokerRequestEvent,
  decodeHttpReply,
  httpRequestPayload,
  replyPayload,
  scrapeTopic,
  type TestHttpReply,
  type TestHttpRequest,
} from "./service-requests";

/** Options of {@link PluginTestHost.start}. */
export interface PluginTestHostOptions
  extends Pick<BootstrapOptions, "manifest" | "serverVersion" | "envelope" | "callTimeoutMs" | "maxFrameBytes"> {
  /** Entries the stand-in memory answers `memory.recall` from. Default none. */
  memory?: MemorySeed[];
  /** Behaviour of the stand-in LLM that echoes the last user message. */
  llm?: LlmResponderOptions;
}

/** Options of {@link PluginTestHost.event}. */
export interface TestEventOptions {
  /** Default `"test"`. */
  source?: string;
  /** Default `null`. */
  sessionId?: string | null;
}

/**
 * Plays the daemon for one plugin instance in the same process.
 *
 * @example
 * ```ts
 * const host = PluginTestHost.start(EchoPlugin, { manifest: MANIFEST });
 * await host.initialize();
 * host.event("plugin.outbound.echo", { text: "hi" });
 * const published = await host.waitForPublish("plugin.inbound.echo");
 * expect(await host.shutdown()).toBe(0);
 * ```
 */
export class PluginTestHost<T extends object> {
  /** The daemon side of the wire: every frame, violations, request handlers. */
  readonly peer: HostPeer;
  /** The plugin instance. */
  readonly instance: T;
  /** Lines the plugin wrote to stderr. */
  readonly stderr: string[] = [];
  private readonly adapter: PluginAdapter;
  private readonly input: PassThrough;
  private readonly running: Promise<number>;
  private eventCount = 0;

  private constructor(pluginClass: PluginClass<T>, options: PluginTestHostOptions) {
    const { memory, llm, ...pluginOptions } = options;
    this.input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    this.peer = new HostPeer((line) => this.input.write(line));
    this.peer.handle("memory.recall", memoryResponder(memory ?? []));
    this.peer.handle("llm.complete", llmResponder(llm));
    output.setEncoding("utf8").on("data", (chunk: string) => this.peer.feed(chunk));
    let partial = "";
    errors.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      this.stderr.push(...lines);
    });
    const app = createPlugin(pluginClass, {
      // The host plays the daemon over stdio: a NEXO_BROKER_* variable of the test's own
      // environment must not move the events it sends to NATS.
      broker: "stdio",
      ...pluginOptions,
      stdin: this.input,
      stdout: output,
      stderr: errors,
      handleProcessSignals: false,
      enableStdoutGuard: false,
    });
    this.instance = app.instance;
    this.adapter = app.adapter;
    this.running = app.adapter.run();
  }

  /**
   * Builds and starts the plugin.
   *
   * @throws BootstrapError, DecoratorError or ManifestError when the plugin cannot start.
   */
  static start<T extends object>(pluginClass: PluginClass<T>, options: PluginTestHostOptions = {}): PluginTestHost<T> {
    return new PluginTestHost(pluginClass, options);
  }

  /** Sends `initialize` and returns its result. */
  async initialize(params: JsonObject = { nexo_version: "0.1.0" }): Promise<JsonObject> {
    const reply = await this.peer.request("initialize", params);
    if (reply.error) throw new Error(`initialize failed: ${reply.error.message}`);
    return reply.result as JsonObject;
  }

  /** Sends a `broker.event` with the daemon's full envelope. */
  event(topic: string, payload: JsonValue, options: TestEventOptions = {}): void {
    this.peer.notify("broker.event", {
      topic,
      event: {
        id: `00000000-0000-4000-8000-${String(++this.eventCount).padStart(12, "0")}`,
        timestamp: new Date().toISOString(),
        topic,
        source: options.source ?? "test",
        session_id: options.sessionId ?? null,
        payload,
      },
    });
  }

  /** Calls a tool and returns the reply (`result` or `error`). */
  invokeTool(name: string, args: JsonValue = null, options: { agentId?: string } = {}): Promise<HostReply> {
    const params: JsonObject = { plugin_id: this.adapter.pluginId, tool_name: name, args };
    if (options.agentId !== undefined) params["agent_id"] = options.agentId;
    return this.peer.request("tool.invoke", params);
  }

  /**
   * Sends `plugin.configure` with `value` (the operator's configuration as JSON), as the daemon
   * does after `initialize` and on a hot reload, and returns the reply.
   */
  configure(value: JsonValue): Promise<HostReply> {
    return this.peer.request("plugin.configure", { value });
  }

  /**
   * Sends `plugin.credentials.<method>` with the daemon's params (`account_id`, `agent_id`,
   * `fingerprint`) and returns the reply.
   */
  credentials(method: "list" | "issue" | "resolve_bytes" | "reload", params: JsonObject = {}): Promise<HostReply> {
    return this.peer.request(`plugin.credentials.${method}`, params);
  }

  /**
   * Sends a broker request on `topic`, as the daemon does (a message with `reply_to =
   * "_inbox.<uuid>"`), and resolves with the reply's payload.
   */
  async request(topic: string, payload: JsonValue = {}, options: { sessionId?: string | null; timeoutMs?: number } = {}): Promise<JsonValue> {
    const built = brokerRequestEvent(topic, payload, options.sessionId ?? null);
    this.peer.notify("broker.event", built.params);
    return replyPayload(await this.waitForPublish(built.replyTo, options.timeoutMs)) ?? null;
  }

  /** Sends an HTTP request under `[plugin.http]` (`path` with the mount prefix, and any `?query`) and decodes the reply. */
  async http(request: TestHttpRequest): Promise<TestHttpReply> {
    const { topic, payload } = httpRequestPayload(this.adapter.manifest, request);
    return decodeHttpReply(await this.request(topic, { ...payload }));
  }

  /** Calls the admin method `<method_prefix><name>` and resolves with the reply (`{ok, result}` or `{ok, error}`). */
  admin(name: string, params: JsonValue = null): Promise<JsonValue> {
    const { topic, payload } = adminRequestPayload(this.adapter.manifest, name, params);
    return this.request(topic, payload);
  }

  /** Scrapes the plugin's metrics and resolves with the Prometheus text. */
  async scrapeMetrics(): Promise<string> {
    const reply = await this.request(scrapeTopic(this.adapter.manifest), {});
    const text = typeof reply === "object" && reply !== null && !Array.isArray(reply) ? reply["text"] : undefined;
    if (typeof text !== "string") throw new Error(`the scrape reply has no text: ${JSON.stringify(reply)}`);
    return text;
  }

  /** Resolves with the params of the first publish on `topic` (or satisfying the predicate). */
  async waitForPublish(match: string | ((params: JsonObject) => boolean), timeoutMs = 5000): Promise<JsonObject> {
    const test = typeof match === "string" ? (p: JsonObject) => p["topic"] === match : match;
    const frame = await this.peer.waitForFrame(
      (f: WireFrame) => f["method"] === "broker.publish" && test(f["params"] as JsonObject),
      timeoutMs,
      `publish matching ${typeof match === "string" ? match : "the predicate"}`,
    );
    return frame["params"] as JsonObject;
  }

  /** Resolves once everything sent so far has been handled and its frames received. */
  async idle(): Promise<void> {
    await nextMacrotask();
    await this.adapter.idle();
    await nextMacrotask();
  }

  /** Sends `shutdown` and resolves with the exit code once the plugin has stopped. */
  async shutdown(): Promise<number> {
    const reply = await this.peer.request("shutdown", {});
    if (reply.error) throw new Error(`shutdown failed: ${reply.error.message}`);
    return this.running;
  }

  /** Closes the plugin's stdin (the host going away) and resolves with the exit code. */
  close(): Promise<number> {
    this.input.end();
    return this.running;
  }
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
