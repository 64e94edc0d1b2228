/**
 * The decorators. They only check their own arguments and record them; `bootstrap()` reads the
 * records.
 */
export { CredentialsIssue } from "./credentials-issue.decorator";
export { CredentialsList } from "./credentials-list.decorator";
export { CredentialsReload } from "./credentials-reload.decorator";
export { CredentialsResolveBytes } from "./credentials-resolve-bytes.decorator";
export { DecoratorError } from "./decorator-error";
export type { DtoClass } from "./metadata-store";
export { OnConfigure } from "./on-configure.decorator";
export type { OnConfigureOptions } from "./on-configure.decorator";
export { OnEvent } from "./on-event.decorator";
export type { OnEventOptions } from "./on-event.decorator";
export { OnInitialize } from "./on-initialize.decorator";
export { OnShutdown } from "./on-shutdown.decorator";
export { Plugin } from "./plugin.decorator";
export type { PluginOptions } from "./plugin-options";
export { Tool } from "./tool.decorator";
export type { ToolOptions } from "./tool.decorator";
export { Channel } from "./channel.decorator";
export { Hook } from "./hook.decorator";
export type { HookDecoratorOptions } from "./hook.decorator";
export { LlmProvider } from "./llm-provider.decorator";
export { VectorBackend } from "./vector-backend.decorator";
