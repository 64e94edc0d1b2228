/**
 * The names a new project is built from, all derived from the plugin id.
 */
import { ManifestError, validateManifest } from "../../core";
import { UsageError } from "../command";

/** Names used across the scaffold's files. */
export interface ScaffoldNames {
  /** The plugin id, also its channel kind and tool namespace. */
  readonly id: string;
  /** The plugin class, such as `WeatherBotPlugin` for `weather_bot`. */
  readonly className: string;
  /** The npm package name, such as `nexo-plugin-weather-bot`. */
  readonly packageName: string;
  /** The manifest's `name`, such as `Weather Bot`. */
  readonly title: string;
  /** The manifest's one-line `description`. */
  readonly description: string;
}

/**
 * Derives the names, checking the id with the manifest's own rule first.
 *
 * @throws {UsageError} naming the rule when the id or the description is not one a manifest accepts.
 */
export function scaffoldNames(id: string, description: string | undefined): ScaffoldNames {
  const words = id.split("_").filter((w) => w !== "");
  const title = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ");
  const names = {
    id,
    className: `${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}Plugin`,
    packageName: `nexo-plugin-${words.join("-")}`,
    title,
    description: description ?? `The ${title} plugin for the nexo agent daemon`,
  };
  try {
    validateManifest({ plugin: { id, version: "0.1.0", name: names.title, description: names.description } }, { warn: () => undefined });
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    const what = error.field === "plugin.description" ? "--description" : "the plugin id";
    throw new UsageError(`${what} is not valid: ${error.message}`);
  }
  return names;
}
