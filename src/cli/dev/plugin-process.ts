/**
 * Finds how to start a plugin from its folder, as the daemon would, and spawns it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Manifest } from "../../core/manifest/manifest";
import { DevInputError } from "./session-file";

/** The command that starts the plugin, and why it was chosen. */
export interface PluginCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly origin: string;
}

/**
 * The manifest's `[plugin.entrypoint]` when its command exists (relative paths are taken from
 * the plugin folder); otherwise `node <package.json main>`, the development build.
 */
export function resolvePluginCommand(pluginDir: string, manifest: Manifest): PluginCommand {
  const entrypoint = manifest.plugin.entrypoint;
  const env = entrypoint?.env ?? {};
  if (entrypoint?.command) {
    const candidate = path.isAbsolute(entrypoint.command) ? entrypoint.command : path.join(pluginDir, entrypoint.command);
    if (existsSync(candidate)) {
      return { command: candidate, args: entrypoint.args ?? [], env, origin: "[plugin.entrypoint]" };
    }
  }
  const main = packageMain(pluginDir);
  if (main) return { command: process.execPath, args: [main], env, origin: "package.json main" };
  throw new DevInputError(
    pluginDir,
    "",
    `cannot start the plugin: ${
      entrypoint?.command ? `entrypoint ${entrypoint.command} does not exist` : "no [plugin.entrypoint].command"
    } and no built package.json "main"`,
  );
}

function packageMain(pluginDir: string): string | undefined {
  const file = path.join(pluginDir, "package.json");
  if (!existsSync(file)) return undefined;
  let main: unknown;
  try {
    main = (JSON.parse(readFileSync(file, "utf8")) as { main?: unknown }).main;
  } catch (error) {
    throw new DevInputError(file, "", `is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof main !== "string") return undefined;
  const resolved = path.join(pluginDir, main);
  return existsSync(resolved) ? resolved : undefined;
}

/** Spawns the plugin with piped stdio, in the host's working directory, as the daemon does. */
export function spawnPlugin(command: PluginCommand): ChildProcessWithoutNullStreams {
  return spawn(command.command, [...command.args], { stdio: "pipe", env: { ...process.env, ...command.env } });
}
