/**
 * `[plugin.config_schema]` as the configuration surface reads it. The manifest loader has
 * already checked the section; this only picks out what the surface needs.
 */
import type { Manifest } from "../../manifest/manifest";

/** How the operator's configuration is shaped and checked. */
export interface ConfigSection {
  /** `"object"`: one config map; `"array"`: a list of them, one per instance. */
  readonly shape: "object" | "array";
  /** The JSON text of the JSON Schema each config map must satisfy. */
  readonly schemaText: string;
}

/** The section, or `undefined` when the manifest has none (the plugin then takes no configuration). */
export function readConfigSection(manifest: Manifest): ConfigSection | undefined {
  const section: unknown = manifest.plugin["config_schema"];
  if (typeof section !== "object" || section === null) return undefined;
  const { shape, schema } = section as Record<string, unknown>;
  return { shape: shape === "array" ? "array" : "object", schemaText: typeof schema === "string" ? schema : '{"type":"object"}' };
}
