/**
 * The options of `@Plugin`: the manifest and the plugin-level settings of the runtime.
 */
import type { EventEnvelope, ManifestSource } from "../core";

/** Options of {@link Plugin}. */
export interface PluginOptions {
  /**
   * The manifest: TOML text, a path to a TOML file, or an object. Omitted, `nexo-plugin.toml`
   * is found by walking up from the entry script's folder. Read and validated at bootstrap.
   */
  manifest?: ManifestSource;
  /** `server_version` of the `initialize` reply. Default `"<plugin.id>-<plugin.version>"`. */
  serverVersion?: string;
  /** Envelope of published events. Default `"full"`. */
  envelope?: EventEnvelope;
  /** Default timeout of calls to the host, in milliseconds. Default 30 000. */
  callTimeoutMs?: number;
}
