/**
 * The error `bootstrap()` throws when decorated classes do not add up to a runnable plugin.
 */
import { PluginError } from "../core";

/** The plugin class cannot run: no `@Plugin`, no handler, duplicate tools, a tool the manifest does not list... */
export class BootstrapError extends PluginError {
  /** The plugin class being bootstrapped. */
  readonly className: string;

  constructor(className: string, problem: string, options?: { cause?: unknown }) {
    super(`${className}: ${problem}`, options);
    this.className = className;
  }
}
