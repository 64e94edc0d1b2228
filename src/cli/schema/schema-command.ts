/**
 * `nexo-plugin schema [plugin-dir] [--toml] [--shape object|array]`: prints the JSON Schema generated from the
 * plugin's configuration DTO (`@OnConfigure({ schema })`), so the manifest's
 * `[plugin.config_schema].schema` never has to be written by hand.
 *
 * The plugin is started as the daemon would start it, with `--print-config-schema`: `bootstrap()`
 * answers from the decorators before constructing the class, so no plugin code runs, and the
 * command never loads the plugin's modules into its own process.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { Writable } from "node:stream";
import { readManifestFile } from "../../core/manifest/manifest";
import { PRINT_CONFIG_SCHEMA_FLAG } from "../../bootstrap/probes";
import { resolvePluginCommand } from "../dev/plugin-process";

/** Longest wait for the plugin to answer. */
const PROBE_TIMEOUT_MS = 10_000;

/** Options of {@link runSchemaCommand}. */
export interface SchemaCommandOptions {
  readonly pluginDir: string;
  /** Print a ready `[plugin.config_schema]` section instead of the bare schema. */
  readonly toml: boolean;
  /** The section's `shape`; default the manifest's, else `"object"`. */
  readonly shape?: "object" | "array";
  readonly out: Writable;
  readonly err: Writable;
}

/** Parses `schema`'s arguments, or returns the usage problem. */
export function parseSchemaArgs(args: readonly string[]): { pluginDir: string; toml: boolean; shape?: "object" | "array" } | string {
  let pluginDir: string | undefined;
  let toml = false;
  let shape: "object" | "array" | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--toml") {
      toml = true;
    } else if (arg === "--shape") {
      const value = args[++i];
      if (value !== "object" && value !== "array") return "--shape needs object or array";
      shape = value;
    } else if (arg.startsWith("-")) {
      return `unknown option ${arg}`;
    } else if (pluginDir === undefined) {
      pluginDir = arg;
    } else {
      return `unexpected argument ${arg}`;
    }
  }
  return { pluginDir: pluginDir ?? ".", toml, shape };
}

/**
 * Prints the schema. Exit code 0 when printed, 1 when the plugin could not print it (its
 * reason relayed from its stderr).
 *
 * @throws ManifestError or DevInputError when the plugin folder cannot be started.
 */
export function runSchemaCommand(options: SchemaCommandOptions): number {
  const pluginDir = path.resolve(options.pluginDir);
  const manifest = readManifestFile(path.join(pluginDir, "nexo-plugin.toml"));
  const command = resolvePluginCommand(pluginDir, manifest);
  const result = spawnSync(command.command, [...command.args, PRINT_CONFIG_SCHEMA_FLAG], {
    cwd: pluginDir,
    env: { ...process.env, ...command.env },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: PROBE_TIMEOUT_MS,
  });
  let schema: unknown;
  try {
    schema = result.status === 0 ? JSON.parse(result.stdout) : undefined;
  } catch {
    schema = undefined;
  }
  if (schema === undefined) {
    const reason =
      result.error?.message ??
      (result.stderr.trim() ||
        (result.status === 0
          ? "only a plugin run by bootstrap() with an @OnConfigure({ schema }) DTO answers it"
          : `it exited with ${result.status ?? result.signal}`));
    options.err.write(`nexo-plugin schema: ${manifest.plugin.id} (${command.origin}) printed no schema: ${reason}\n`);
    return 1;
  }
  const compact = JSON.stringify(schema);
  if (!options.toml) {
    options.out.write(JSON.stringify(schema, null, 2) + "\n");
    return 0;
  }
  const declared = (manifest.plugin["config_schema"] as { shape?: unknown } | undefined)?.shape;
  const shape = options.shape ?? (declared === "array" ? "array" : "object");
  options.out.write(`[plugin.config_schema]\nshape = "${shape}"\nschema = ${tomlString(compact)}\n`);
  return 0;
}

/** A TOML literal string when the text allows one (no quote, no newline), else a basic string. */
function tomlString(text: string): string {
  if (!/['\n\r]/.test(text)) return `'${text}'`;
  return JSON.stringify(text);
}
