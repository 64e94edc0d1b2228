/**
 * `bootstrap()`: runs a decorated plugin class on the nexo wire.
 */
import {
  installStdoutGuard,
  isStdoutGuardInstalled,
  PluginAdapter,
  uninstallStdoutGuard,
  type PluginAdapterOptions,
  type ToolDef,
} from "../core";
import { isThenable } from "../core/runtime/in-flight";
import { createLineLog, describeError, type LogSink } from "../core/log";
import type { PluginOptions } from "../decorators";
import { BootstrapError } from "./bootstrap-error";
import { registerBrokerServices } from "./broker-service-dispatchers";
import { createEventDispatcher } from "./event-dispatcher";
import { serveExtensions } from "./extension-dispatchers";
import { explorePlugin, type PluginClass } from "./explorer";
import { NexoPlugin } from "./nexo-plugin";
import { createPluginLogger } from "./plugin-logger";
import { constructWithRuntime, createPluginRuntime } from "./plugin-runtime";
import type { HookRoute, PluginDefinition } from "./plugin-definition";
import { createToolDispatcher } from "./tool-dispatcher";
import { createConfigureHandler } from "./configure-dispatcher";
import { answerProbe } from "./probes";
import { createCredentialsProvider } from "./credentials-dispatcher";

/**
 * Options of {@link bootstrap}: the adapter's runtime options (streams, signals, stdout guard,
 * frame cap) and any `@Plugin` option to override.
 */
export interface BootstrapOptions
  extends Omit<PluginAdapterOptions, "manifest" | "tools" | "serverVersion" | "envelope" | "callTimeoutMs">,
    PluginOptions {}

/** A running plugin, as returned by {@link createPlugin}. */
export interface PluginApplication<T extends object> {
  /** The plugin class instance. */
  readonly instance: T;
  /** What the explorer made of the class. */
  readonly definition: PluginDefinition;
  /** The runtime it is wired into. */
  readonly adapter: PluginAdapter;
}

/**
 * Reads the decorators of `pluginClass`, checks them against the manifest, constructs the class
 * once and runs it until `shutdown`, stdin EOF or a termination signal. Resolves with the exit
 * code once the plugin has stopped (and sets `process.exitCode` when it owns the process).
 * Started with `--print-manifest` (the daemon's discovery probe), it prints the manifest TOML
 * byte for byte and exits 0 before the class is constructed.
 *
 * @example
 * ```ts
 * bootstrap(EchoPlugin);
 * ```
 * @throws BootstrapError, DecoratorError or ManifestError (as a rejection) when the plugin cannot start.
 */
export function bootstrap<T extends object>(pluginClass: PluginClass<T>, options: BootstrapOptions = {}): Promise<number> {
  try {
    const { manifest, serverVersion, envelope, callTimeoutMs } = options;
    const probe = answerProbe(pluginClass, { manifest, serverVersion, envelope, callTimeoutMs }, ownsStdio(options));
    if (probe) return probe;
  } catch (error) {
    return startFailure(pluginClass, options, error);
  }
  const releaseGuard = guardConstruction(options);
  let app: PluginApplication<T>;
  try {
    app = createPlugin(pluginClass, options);
  } catch (error) {
    releaseGuard();
    return startFailure(pluginClass, options, error);
  }
  return app.adapter.run();
}

/**
 * On the process's own stdio, the stdout guard goes up before the plugin class is constructed,
 * so a `console.log` in a constructor or field initializer is diverted like one in a handler.
 * It then stays for the life of the process (the adapter leaves a guard it did not install), and
 * is taken down at exit to flush a partial line. Returns what undoes it when the plugin cannot start.
 */
function guardConstruction(options: BootstrapOptions): () => void {
  // Only when the plugin owns the process, as the adapter then keeps the guard until exit anyway.
  if (!ownsStdio(options) || options.enableStdoutGuard === false || isStdoutGuardInstalled()) return () => undefined;
  installStdoutGuard({ stdout: process.stdout, stderr: options.stderr ?? process.stderr });
  const uninstall = (): void => void uninstallStdoutGuard();
  process.once("exit", uninstall);
  return () => {
    process.removeListener("exit", uninstall);
    uninstall();
  };
}

/** Whether the plugin runs on the process's own stdin and stdout. */
function ownsStdio(options: BootstrapOptions): boolean {
  return (options.stdin ?? process.stdin) === process.stdin && (options.stdout ?? process.stdout) === process.stdout;
}

/**
 * A plugin that cannot start says why in one stderr line (the daemon keeps the tail of stderr
 * for its crash report) and, when it owns the process, exits 1. The rejection is still there for
 * a caller who awaits it, but `bootstrap(X)` left unawaited does not also dump an unhandled one.
 */
function startFailure(pluginClass: Function, options: BootstrapOptions, error: unknown): Promise<number> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  createLineLog(options.stderr ?? process.stderr)(`${pluginClass?.name || "plugin"} cannot start: ${message}`);
  if (!options.stdin && !options.stdout) process.exitCode = 1;
  const failed = Promise.reject(error);
  failed.catch(() => undefined);
  return failed;
}

/**
 * Builds a plugin without running it: the explored definition, the instance and the adapter
 * wired to it. `bootstrap()` is `createPlugin(...).adapter.run()`.
 */
export function createPlugin<T extends object>(pluginClass: PluginClass<T>, options: BootstrapOptions = {}): PluginApplication<T> {
  assertReflectMetadata(pluginClass);
  const { manifest, serverVersion, envelope, callTimeoutMs, ...runtimeOptions } = options;
  // Silent here: the adapter validates the manifest again and warns once, on the plugin's stderr.
  const definition = explorePlugin(pluginClass, { manifest, serverVersion, envelope, callTimeoutMs }, () => undefined);
  const stderr = options.stderr ?? process.stderr;
  const adapter = new PluginAdapter({
    ...runtimeOptions,
    manifest: definition.manifest,
    serverVersion: definition.options.serverVersion,
    envelope: definition.options.envelope,
    callTimeoutMs: definition.options.callTimeoutMs,
    tools: definition.tools.map(toToolDef),
  });
  const runtime = createPluginRuntime(adapter.manifest, adapter.broker, createPluginLogger(adapter.pluginId, stderr), () => adapter.config, adapter.metrics);
  const instance = constructWithRuntime(pluginClass, runtime);
  const log = createLineLog(stderr);
  if (definition.events.length > 0) {
    // In NATS mode these are the subjects the plugin subscribes: the same wildcards.
    adapter.subscribe(...definition.events.flatMap((route) => route.patterns));
    adapter.onEvent(createEventDispatcher(instance, definition.events, runtime, instance instanceof NexoPlugin, log, adapter.observers));
  }
  for (const warning of definition.services.warnings) log(warning);
  registerBrokerServices(adapter, instance, definition.services, runtime, instance instanceof NexoPlugin);
  if (definition.tools.length > 0) adapter.onToolWithContext(createToolDispatcher(instance, definition.tools));
  if (definition.configure) {
    const { handler, options: configureOptions } = createConfigureHandler(instance, definition.configure);
    adapter.onConfigure(handler, configureOptions);
  }
  if (definition.credentials) adapter.onCredentials(createCredentialsProvider(instance, definition.credentials));
  serveExtensions(adapter, instance, definition.extensions);
  for (const hook of definition.shutdownHooks) adapter.onShutdown(() => runHook(instance, hook, "during shutdown", log));
  for (const hook of definition.initializeHooks) {
    adapter.onInitialize((params) => runHook(instance, hook, "after initialize", log, params));
  }
  return { instance, definition, adapter };
}

function toToolDef(route: PluginDefinition["tools"][number]): ToolDef {
  return { name: route.name, description: route.description, inputSchema: route.inputSchema };
}

/**
 * Calls a lifecycle hook and logs its failure (sync or async) naming `Class.method`: the
 * adapter only knows it as an anonymous function, and a thrown non-Error carries no stack.
 */
function runHook(instance: object, hook: HookRoute, phase: string, log: LogSink, ...args: unknown[]): unknown {
  const fail = (error: unknown): void => log(`${hook.handlerName} failed ${phase}: ${describeError(error)}`);
  try {
    const outcome = (instance as Record<string | symbol, Function>)[hook.method]!.apply(instance, args);
    return isThenable(outcome) ? Promise.resolve(outcome).catch(fail) : undefined;
  } catch (error) {
    fail(error);
    return undefined;
  }
}

function assertReflectMetadata(pluginClass: Function): void {
  if (typeof (Reflect as { getMetadata?: unknown }).getMetadata !== "function") {
    throw new BootstrapError(
      pluginClass?.name || "<plugin>",
      'reflect-metadata is not loaded: add `import "reflect-metadata";` as the first line of the entry file',
    );
  }
}
