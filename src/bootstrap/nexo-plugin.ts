/**
 * `NexoPlugin`: the optional base class of a decorated plugin, giving its handlers the broker,
 * the manifest and a logger.
 */
import type { BrokerSender, Manifest, PublishOptions } from "../core";
import { BootstrapError } from "./bootstrap-error";
import type { PluginLogger } from "./plugin-logger";
import { takeConstructingRuntime, type PluginRuntime } from "./plugin-runtime";

const RUNTIME = Symbol("nexoai.runtime");

/**
 * Extend it to get `this.publish`, `this.broker`, `this.manifest`, `this.pluginId` and
 * `this.log` in a plugin class run by `bootstrap()`. They are available from the constructor on.
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
export abstract class NexoPlugin {
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

  /** Writes one line per record to stderr, the plugin's log channel. */
  get log(): PluginLogger {
    return this.runtime().log;
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
