/**
 * The part of a {@link PluginDefinition} that extends the daemon: the methods serving hooks,
 * channel kinds, LLM providers and vector backends, by the id the daemon sends.
 */
import type { HookRoute } from "./plugin-definition";

/** A `@Hook` method. */
export interface DaemonHookRoute extends HookRoute {
  /** The hook name, such as `before_message`. */
  readonly name: string;
  /** Its budget in milliseconds, when the decorator set one. */
  readonly budgetMs: number | undefined;
}

/** The `@Channel.*` methods of one channel kind. */
export interface ChannelRoute {
  readonly kind: string;
  readonly start: HookRoute | undefined;
  readonly stop: HookRoute | undefined;
  readonly send: HookRoute;
}

/** An `@LlmProvider` method. */
export interface LlmProviderRoute extends HookRoute {
  /** The provider name. */
  readonly name: string;
}

/** The `@VectorBackend.*` methods of one backend. */
export interface VectorBackendRoute {
  readonly name: string;
  readonly upsert: HookRoute;
  readonly search: HookRoute;
  readonly delete: HookRoute;
}

/** Every extension handler of a plugin class, in declaration order. */
export interface ExtensionRoutes {
  readonly hooks: readonly DaemonHookRoute[];
  readonly channels: readonly ChannelRoute[];
  readonly llmProviders: readonly LlmProviderRoute[];
  readonly vectorBackends: readonly VectorBackendRoute[];
}
