/**
 * `@Plugin`: marks a class as a nexo plugin and records its plugin-level options.
 */
import { DecoratorError, showValue } from "./decorator-error";
import { ownClassRecord } from "./metadata-store";
import type { PluginOptions } from "./plugin-options";

const ENVELOPES = new Set(["full", "minimal"]);
const KNOWN_OPTIONS: ReadonlyArray<keyof PluginOptions> = ["manifest", "serverVersion", "envelope", "callTimeoutMs"];

/**
 * Marks a class as a nexo plugin. Pass it to `bootstrap()` to run it.
 *
 * @example
 * ```ts
 * @Plugin({ manifest: "./nexo-plugin.toml" })
 * class EchoPlugin extends NexoPlugin {}
 * ```
 * @throws DecoratorError when an option has the wrong type.
 */
export function Plugin(options: PluginOptions = {}): ClassDecorator {
  return (target) => {
    const name = target.name || "<anonymous class>";
    checkOptions(name, options);
    ownClassRecord(target).plugin = { ...options };
  };
}

function checkOptions(name: string, options: PluginOptions): void {
  const fail = (problem: string): never => {
    throw new DecoratorError(name, "@Plugin", problem);
  };
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    fail(`options must be an object, got ${showValue(options)}`);
  }
  // A misspelt option would otherwise vanish, and the manifest be searched for on disk instead.
  for (const key of Object.keys(options)) {
    if ((KNOWN_OPTIONS as readonly string[]).includes(key)) continue;
    const hint = key === "plugin" ? "; pass a manifest object as { manifest: { plugin: ... } }" : "";
    fail(`unknown option ${showValue(key)} (known: ${KNOWN_OPTIONS.join(", ")})${hint}`);
  }
  const { manifest, serverVersion, envelope, callTimeoutMs } = options;
  if (manifest !== undefined && typeof manifest !== "string" && (typeof manifest !== "object" || manifest === null)) {
    fail(`manifest must be TOML text, a path or an object, got ${showValue(manifest)}`);
  }
  if (serverVersion !== undefined && (typeof serverVersion !== "string" || serverVersion.trim() === "")) {
    fail(`serverVersion must be a non-blank string, got ${showValue(serverVersion)}`);
  }
  if (envelope !== undefined && !ENVELOPES.has(envelope)) {
    fail(`envelope must be "full" or "minimal", got ${showValue(envelope)}`);
  }
  if (callTimeoutMs !== undefined && !(typeof callTimeoutMs === "number" && callTimeoutMs > 0 && Number.isFinite(callTimeoutMs))) {
    fail(`callTimeoutMs must be a positive number, got ${showValue(callTimeoutMs)}`);
  }
}
