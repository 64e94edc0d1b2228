/**
 * `NexoPlugin`: the optional base class of a decorated plugin, giving its handlers the broker,
 * the manifest and a logger.
 */
import { PairingEvents, pairingChannel, type BrokerSender, type Manifest, type MetricsRegistry, type PublishOptions } from "../core";
import { BootstrapError } from "./bootstrap-error";
import type { PluginLogger } from "./plugin-logger";
import { takeConstructingRuntime, type PluginRuntime } from "./plugin-runtime";

const RUNTIME = Symbol("nexoai.runtime");

/**
 * Extend it to get `this.publish`, `this.broker`, `this.manifest`, `this.pluginId`, `this.log`
 * and `this.config` in a plugin class run by `bootstrap()`. They are available from the
 * constructor on. `Config` types `this.config`: the configuration DTO (a list of them for
 * `shape = "array"`), or the JSON the manifest's schema describes.
 *
 * @example
 * ```ts
 * @Plugin()
 * class Echo extends NexoPlugin {
 *   @OnEvent("plugin.outbound.echo")
 *   async echo(event: Event) {
 *     await this.publish("plugin.inbound.echo", event.payload);
 *   }
 * }
 * ```
 */
export abstract class NexoPlugin<Config = unknown> {
  private readonly [RUNTIME]: PluginRuntime | undefined = takeConstructingRuntime();

  /**
   * The broker: within an event handler, scoped to that event's session (so publishes carry
   * its `session_id`); elsewhere, the plugin-wide one.
   */
  get broker(): BrokerSender {
    const runtime = this.runtime();
    return runtime.eventScope.current() ?? runtime.broker;
  }

  /** The validated manifest. */
  get manifest(): Manifest {
    return this.runtime().manifest;
  }

  /** The plugin id from the manifest. */
  get pluginId(): string {
    return this.runtime().pluginId;
  }

  /**
   * The operator configuration last accepted by `plugin.configure` (after `@OnConfigure`
   * returned), or `null` before the first. Replaced whole on a hot reload, so a handler that
   * reads it once sees one consistent configuration.
   */
  get config(): Config | null {
    return this.runtime().config() as Config | null;
  }

  /** Writes one line per record to stderr, the plugin's log channel. */
  get log(): PluginLogger {
    return this.runtime().log;
  }

  /**
   * The prom-client registry the daemon's scrapes are answered from: add the plugin's own
   * metrics to it (`new Counter({ name, help, registers: [this.metrics] })`).
   *
   * @throws BootstrapError when the manifest does not set `[plugin.metrics] prometheus = true`.
   */
  get metrics(): MetricsRegistry {
    const metrics = this.runtime().metrics;
    if (!metrics) {
      throw new BootstrapError(this.constructor.name, "metrics are off: set prometheus = true and broker_topic_prefix in [plugin.metrics]");
    }
    return metrics;
  }

  /**
   * Publishes pairing events (`pairing.qr`, `pairing.state`) on the channel of
   * `[plugin.pairing.adapter] channel_id` (else the first registered channel), in the current
   * request's session.
   */
  get pairing(): PairingEvents {
    return new PairingEvents(this.broker, pairingChannel(this.manifest));
  }

  /**
   * Publishes an event with `source` = the plugin id and, inside an event handler, the
   * `session_id` of the event being handled. Resolves once the frame is handed to stdout.
   */
  publish(topic: string, payload: unknown, options?: PublishOptions): Promise<void> {
    return this.broker.publish(topic, payload, options);
  }

  private runtime(): PluginRuntime {
    const runtime = this[RUNTIME];
    if (!runtime) {
      throw new BootstrapError(
        this.constructor.name,
        "this plugin instance was not created by bootstrap(), so it has no broker, manifest or logger",
      );
    }
    return runtime;
  }
}
