/**
 * Questions a plugin binary answers instead of running: the daemon's discovery probe
 * (`--print-manifest`) and the schema probe of `nexo-plugin schema` (`--print-config-schema`).
 * Both are answered from the class's decorators alone, before the stdout guard goes up and
 * before the plugin class is constructed, and end the process.
 */
import { loadManifest } from "../core";
import { manifestBytes } from "../core/discovery/manifest-bytes";
import { isManifestProbe, printAndExit } from "../core/discovery/print-manifest";
import type { PluginOptions } from "../decorators";
import { schemaFromDto } from "../validation";
import { BootstrapError } from "./bootstrap-error";
import { declaredConfigSchema, declaredManifestSource, type PluginClass } from "./explorer";

/** The argument `nexo-plugin schema` starts a plugin with to read its configuration DTO's JSON Schema. */
export const PRINT_CONFIG_SCHEMA_FLAG = "--print-config-schema";

/**
 * Answers the probe this process was started for, or returns `undefined` when it is none.
 *
 * @throws BootstrapError or ManifestError when the class or its manifest cannot answer it.
 */
export function answerProbe(pluginClass: PluginClass, overrides: PluginOptions, ownsStdio: boolean): Promise<number> | undefined {
  if (isManifestProbe(ownsStdio)) {
    const source = declaredManifestSource(pluginClass, overrides);
    // Only a manifest the plugin could run with is worth advertising; warnings stay unsaid.
    loadManifest(source, () => undefined);
    return printAndExit(manifestBytes(source));
  }
  if (ownsStdio && process.argv.slice(2).includes(PRINT_CONFIG_SCHEMA_FLAG)) {
    const schema = declaredConfigSchema(pluginClass);
    if (!schema) {
      throw new BootstrapError(pluginClass.name || "<anonymous class>", "declares no configuration DTO: add @OnConfigure({ schema: YourConfigDto }) to a method");
    }
    // The DTO refuses unknown keys; saying so in the schema lets the daemon refuse them first.
    return printAndExit(JSON.stringify({ ...schemaFromDto(schema), additionalProperties: false }) + "\n");
  }
  return undefined;
}
