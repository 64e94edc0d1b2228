/**
 * `nexo-plugin schema` as a command of the command line (its work is in schema-command.ts).
 */
import { ManifestError } from "../../core";
import { UsageError, type Command } from "../command";
import { DevInputError } from "../dev/session-file";
import { runSchemaCommand } from "./schema-command";

/** `nexo-plugin schema [plugin-dir] [--toml] [--shape object|array]`. */
export const schemaCommand: Command = {
  name: "schema",
  summary: "print the JSON Schema of the plugin's configuration DTO, or a ready [plugin.config_schema]",
  positionals: "[plugin-dir]",
  maxPositionals: 1,
  options: {
    toml: { type: "boolean", help: "print a [plugin.config_schema] section for nexo-plugin.toml" },
    shape: { type: "string", value: "object|array", help: "the section's shape (default: the manifest's, else object)" },
  },
  details: `
The plugin is started with --print-config-schema: bootstrap() answers from the decorators
(@OnConfigure({ schema })) before constructing the class, so no plugin code runs.

Exit codes: 0 printed, 1 the plugin printed no schema, 2 bad usage or a plugin folder that cannot start.`,
  async run({ positionals, values }) {
    const shape = values["shape"];
    if (shape !== undefined && shape !== "object" && shape !== "array") throw new UsageError("--shape needs object or array");
    try {
      return runSchemaCommand({
        pluginDir: positionals[0] ?? ".",
        toml: values["toml"] === true,
        ...(shape === undefined ? {} : { shape }),
        out: process.stdout,
        err: process.stderr,
      });
    } catch (error) {
      if (error instanceof DevInputError || error instanceof ManifestError) throw new UsageError(error.message);
      throw error;
    }
  },
};
