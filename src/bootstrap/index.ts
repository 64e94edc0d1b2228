/**
 * Joins the decorators and the core: the explorer, the `NexoPlugin` base class and `bootstrap()`.
 */
export { bootstrap, createPlugin } from "./bootstrap";
export type { BootstrapOptions, PluginApplication } from "./bootstrap";
export { BootstrapError } from "./bootstrap-error";
export type { EventContext } from "./contexts";
export { explorePlugin } from "./explorer";
export type { PluginClass } from "./explorer";
export { NexoPlugin } from "./nexo-plugin";
export type { ConfigureRoute, CredentialsRoutes, EventRoute, HookRoute, PluginDefinition, ToolRoute } from "./plugin-definition";
export type { ChannelRoute, DaemonHookRoute, ExtensionRoutes, LlmProviderRoute, VectorBackendRoute } from "./extension-routes";
export type { LogLevel, PluginLogger } from "./plugin-logger";
