/**
 * The frozen description of a plugin that the explorer derives from decorator metadata and
 * `bootstrap()` wires into the runtime.
 */
import type { JsonObject, Manifest } from "../core";
import type { DtoClass, PluginOptions } from "../decorators";

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
  readonly method: string | symbol;
  readonly handlerName: string;
  readonly name: string;
  readonly description: string;
  readonly input: DtoClass | undefined;
  /** The advertised schema: given, generated from `input`, or `{}`. */
  readonly inputSchema: JsonObject;
}

/** A lifecycle hook method (`@OnShutdown`, `@OnInitialize`). */
export interface HookRoute {
  readonly method: string | symbol;
  readonly handlerName: string;
}

/** Everything `bootstrap()` needs to run a decorated plugin class. */
export interface PluginDefinition {
  readonly className: string;
  readonly options: Readonly<PluginOptions>;
  readonly manifest: Manifest;
  /** In declaration order, base-class methods first. */
  readonly events: readonly EventRoute[];
  readonly tools: readonly ToolRoute[];
  readonly shutdownHooks: readonly HookRoute[];
  readonly initializeHooks: readonly HookRoute[];
}
