/**
 * The frozen description of a plugin that the explorer derives from decorator metadata and
 * `bootstrap()` wires into the runtime.
 */
import type { JsonObject, Manifest } from "../core";
import type { DtoClass, PluginOptions } from "../decorators";
import type { ExtensionRoutes } from "./extension-routes";

/** A method that handles broker events. */
export interface EventRoute {
  /** The method's key on the instance. */
  readonly method: string | symbol;
  /** `Class.method`, for messages. */
  readonly handlerName: string;
  /** Its patterns, in source order. */
  readonly patterns: readonly string[];
  /** The payload DTO, when declared (on any of its `@OnEvent`s). */
  readonly payload: DtoClass | undefined;
}

/** A method exposed as a tool. */
export interface ToolRoute {
  /** The method's key on the instance. */
  readonly method: string | symbol;
  /** `Class.method`, for messages. */
  readonly handlerName: string;
  /** The tool name advertised in the catalog. */
  readonly name: string;
  /** The tool description advertised in the catalog. */
  readonly description: string;
  /** The arguments DTO, when declared. */
  readonly input: DtoClass | undefined;
  /** The advertised schema: given, generated from `input`, or `{}`. */
  readonly inputSchema: JsonObject;
}

/** A lifecycle hook method (`@OnShutdown`, `@OnInitialize`). */
export interface HookRoute {
  /** The method's key on the instance. */
  readonly method: string | symbol;
  /** `Class.method`, for messages. */
  readonly handlerName: string;
}

/** The `@OnConfigure` method. */
export interface ConfigureRoute extends HookRoute {
  /** The DTO of one configuration object, when declared. */
  readonly schema: DtoClass | undefined;
}

/** The methods serving `plugin.credentials.*`. */
export interface CredentialsRoutes {
  readonly list: HookRoute;
  readonly issue: HookRoute;
  readonly resolveBytes: HookRoute;
  /** Optional: without it, a reload answers ok. */
  readonly reload: HookRoute | undefined;
}

/** Everything `bootstrap()` needs to run a decorated plugin class. */
export interface PluginDefinition {
  /** The plugin class's name. */
  readonly className: string;
  /** The merged `@Plugin` options (subclass over base, then bootstrap overrides). */
  readonly options: Readonly<PluginOptions>;
  /** The validated manifest. */
  readonly manifest: Manifest;
  /** Event handlers, in declaration order, base-class methods first. */
  readonly events: readonly EventRoute[];
  /** Tools, in declaration order (the catalog order). */
  readonly tools: readonly ToolRoute[];
  /** `@OnShutdown` methods, in the order they run. */
  readonly shutdownHooks: readonly HookRoute[];
  /** `@OnInitialize` methods, in the order they run. */
  readonly initializeHooks: readonly HookRoute[];
  /** The `@OnConfigure` method, when there is one. */
  readonly configure: ConfigureRoute | undefined;
  /** The credentials methods, when the class serves them. */
  readonly credentials: CredentialsRoutes | undefined;
  /** The methods serving hooks, channel kinds, LLM providers and vector backends. */
  readonly extensions: ExtensionRoutes;
}
