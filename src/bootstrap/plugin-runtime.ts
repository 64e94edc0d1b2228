/**
 * What a running plugin instance is bound to: the manifest, the broker, the logger, and the
 * broker scoped to the event being handled. `bootstrap()` creates it before constructing the
 * plugin class, so `NexoPlugin` members work from the constructor on.
 */
import type { BrokerSender, Manifest, MetricsRegistry } from "../core";
import { EventScope } from "./event-scope";
import type { PluginLogger } from "./plugin-logger";

/** The services a plugin instance reaches through `NexoPlugin`. */
export interface PluginRuntime {
  readonly manifest: Manifest;
  readonly pluginId: string;
  /** The broker outside any event's session. */
  readonly broker: BrokerSender;
  readonly log: PluginLogger;
  /** The last accepted operator configuration, `null` before the first. */
  readonly config: () => unknown;
  /** Carries the session-scoped broker through the asynchronous work of an event handler. */
  readonly eventScope: EventScope;
  /** The metrics registry, when `[plugin.metrics] prometheus = true`. */
  readonly metrics?: MetricsRegistry;
}

/** Builds the runtime of one plugin instance. */
export function createPluginRuntime(
  manifest: Manifest,
  broker: BrokerSender,
  log: PluginLogger,
  config: () => unknown,
  metrics?: MetricsRegistry,
): PluginRuntime {
  return { manifest, pluginId: manifest.plugin.id, broker, log, config, eventScope: new EventScope(), metrics };
}

let constructing: PluginRuntime | undefined;

/** Constructs `pluginClass` with `runtime` available to the `NexoPlugin` constructor. */
export function constructWithRuntime<T>(pluginClass: new () => T, runtime: PluginRuntime): T {
  constructing = runtime;
  try {
    return new pluginClass();
  } finally {
    constructing = undefined;
  }
}

/** The runtime of the instance under construction, taken by the `NexoPlugin` constructor. */
export function takeConstructingRuntime(): PluginRuntime | undefined {
  const runtime = constructing;
  constructing = undefined;
  return runtime;
}
