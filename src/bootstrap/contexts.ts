/**
 * The second argument of `@OnEvent` methods (`@Tool` methods get the core `ToolContext`).
 */
import type { BrokerSender, Event, JsonValue, PublishOptions } from "../core";

/** What an `@OnEvent` method receives besides the event. */
export interface EventContext<P = JsonValue> {
  /** The event being handled (its payload is the DTO instance when a payload DTO is declared). */
  readonly event: Event<P>;
  /** The pattern of this method that matched the topic. */
  readonly pattern: string;
  /** The segments the pattern's wildcards matched: one per `*`, then the `>` remainder joined by `.`. */
  readonly captures: readonly string[];
  /** The broker, scoped to the event's session. */
  readonly broker: BrokerSender;
  /** The plugin id from the manifest. */
  readonly pluginId: string;
  /** Publishes within the event's session, with `source` = the plugin id. */
  publish(topic: string, payload: unknown, options?: PublishOptions): Promise<void>;
}
