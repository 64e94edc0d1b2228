/**
 * The `plugin.configure` method (SERVICES.md section 1): registered when the manifest declares
 * `[plugin.config_schema]`, with or without a handler, since the daemon sends the configuration
 * to every plugin that declares the section and refuses the start when it gets `-32601`.
 */
import { ManifestError, WireError } from "../../errors";
import type { LogSink } from "../../log";
import type { Manifest } from "../../manifest/manifest";
import { RpcReplyError, type MethodTable } from "../../runtime/method-table";
import { ErrorCode, isJsonObject } from "../../wire/wire";
import { readConfigSection } from "./config-section";
import { Configuration, type ConfigureHandler, type ConfigureOptions } from "./configuration";

/** The method name. */
export const CONFIGURE_METHOD = "plugin.configure";

/** What the adapter keeps of the configuration surface. */
export interface ConfigureSurface {
  /** The last accepted configuration, `null` before the first (or without `[plugin.config_schema]`). */
  readonly current: unknown;
  /**
   * Sets the plugin's handler.
   *
   * @throws ManifestError when the manifest has no `[plugin.config_schema]`; WireError when a handler is already set.
   */
  setHandler(handler: ConfigureHandler, options?: ConfigureOptions): void;
}

/** Registers `plugin.configure` in `table` when the manifest declares configuration, else says why it is absent. */
export function registerConfigure(table: MethodTable, manifest: Manifest, log: LogSink): ConfigureSurface {
  const section = readConfigSection(manifest);
  if (!section) {
    table.explainAbsence(CONFIGURE_METHOD, "the manifest has no [plugin.config_schema]");
    return {
      current: null,
      setHandler() {
        throw new ManifestError(
          "plugin.config_schema",
          "is missing, so the daemon never sends plugin.configure: declare the section to receive configuration",
        );
      },
    };
  }
  const configuration = new Configuration(section, log);
  table.register(CONFIGURE_METHOD, { handle: (request) => configuration.apply(configureValue(request.params)) });
  return {
    get current() {
      return configuration.current;
    },
    setHandler(handler, options) {
      if (configuration.hasHandler) throw new WireError("a configure handler is already set; one handler receives every configuration");
      configuration.setHandler(handler, options);
    },
  };
}

/** `params.value`, which must be present (`null` when the operator configured nothing). */
function configureValue(params: unknown): unknown {
  if (!isJsonObject(params)) throw new RpcReplyError(ErrorCode.InvalidParams, 'invalid params: params must be an object {"value": ...}');
  if (!Object.hasOwn(params, "value")) throw new RpcReplyError(ErrorCode.InvalidParams, "invalid params: params.value is required (null when nothing is configured)");
  return params["value"];
}
