/**
 * What the handlers of a compiled plugin class look like, as the loader process reports them
 * (plain JSON, since it crosses a process boundary).
 */

/** One `@OnEvent` method. */
export interface EventShape {
  readonly handlerName: string;
  readonly patterns: readonly string[];
}

/** One `@Tool` method. */
export interface ToolShape {
  readonly handlerName: string;
  readonly name: string;
}

/** One id a class serves on a `[plugin.extends]` list (`hooks`, `channels`, ...). */
export interface ExtensionShape {
  readonly list: "hooks" | "channels" | "llm_providers" | "memory_backends";
  readonly id: string;
  readonly handlers: readonly string[];
}

/** A class passed to `bootstrap()`, or why its decorators could not be read. */
export type ClassShape =
  | {
      readonly className: string;
      readonly events: readonly EventShape[];
      readonly tools: readonly ToolShape[];
      readonly hooks: readonly string[];
      /** The `@OnConfigure` method. */
      readonly configure?: string;
      /** The methods serving `plugin.credentials.*`. */
      readonly credentials: readonly string[];
      /** The ids the class serves on each `[plugin.extends]` list, with their methods. */
      readonly extensions: readonly ExtensionShape[];
    }
  | { readonly className: string; readonly error: string };

/** What loading the compiled entry point found. */
export type PluginShape =
  | { readonly status: "loaded"; readonly classes: readonly ClassShape[] }
  /** The entry point threw while loading (a decorator refusing its arguments, a missing module). */
  | { readonly status: "failed"; readonly error: string }
  /** The loader could not report (it crashed, hung, or the entry is an ES module). */
  | { readonly status: "unreadable"; readonly reason: string };
