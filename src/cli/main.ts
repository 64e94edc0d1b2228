#!/usr/bin/env node
/**
 * `nexo-plugin`: the developer command line.
 *
 *   nexo-plugin dev [plugin-dir] [--session FILE] [--answers FILE] [--nats [URL]]
 *   nexo-plugin schema [plugin-dir] [--toml] [--shape object|array]
 */
import { ManifestError } from "../core/errors";
import { runDevHost } from "./dev/dev-host";
import { DevInputError } from "./dev/session-file";
import { shouldColor } from "./dev/transcript";
import { parseSchemaArgs, runSchemaCommand } from "./schema/schema-command";

const USAGE = `usage: nexo-plugin dev [plugin-dir] [--session FILE] [--answers FILE] [--nats [URL]]
       nexo-plugin schema [plugin-dir] [--toml] [--shape object|array]

  dev     start the plugin in plugin-dir (default: .) as the daemon would, play a session
          against it over the real wire, and report whether it kept the contract.
          Defaults: <plugin-dir>/dev-session.json and <plugin-dir>/dev-answers.json when present.
          --nats runs it in NATS mode against URL, or a local nats-server started for the session.
  schema  print the JSON Schema of the plugin's configuration DTO (@OnConfigure({ schema })),
          or with --toml a ready [plugin.config_schema] section for nexo-plugin.toml
          (shape from the manifest unless --shape is given).
`;

/** Exit codes: 0 contract kept, 1 contract broken, 2 bad usage or input files. */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === "schema") return schema(rest);
  if (command !== "dev") return usage(command === undefined ? "a command is required" : `unknown command "${command}"`);
  const parsed = parseDevArgs(rest);
  if (typeof parsed === "string") return usage(parsed);
  try {
    const result = await runDevHost({ ...parsed, out: process.stdout, color: shouldColor(process.stdout) });
    return result.problems.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof DevInputError || error instanceof ManifestError) {
      process.stderr.write(`nexo-plugin dev: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function schema(args: readonly string[]): number {
  const parsed = parseSchemaArgs(args);
  if (typeof parsed === "string") return usage(parsed);
  try {
    return runSchemaCommand({ ...parsed, out: process.stdout, err: process.stderr });
  } catch (error) {
    if (error instanceof DevInputError || error instanceof ManifestError) {
      process.stderr.write(`nexo-plugin schema: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parseDevArgs(
  args: readonly string[],
): { pluginDir: string; sessionFile?: string; answersFile?: string; nats?: { url?: string } } | string {
  let pluginDir: string | undefined;
  const files: { sessionFile?: string; answersFile?: string; nats?: { url?: string } } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--nats") {
      files.nats = args[i + 1]?.startsWith("nats://") ? { url: args[++i]! } : {};
    } else if (arg === "--session" || arg === "--answers") {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a file`;
      files[arg === "--session" ? "sessionFile" : "answersFile"] = value;
    } else if (arg.startsWith("-")) {
      return `unknown option ${arg}`;
    } else if (pluginDir === undefined) {
      pluginDir = arg;
    } else {
      return `unexpected argument ${arg}`;
    }
  }
  return { pluginDir: pluginDir ?? ".", ...files };
}

function usage(problem: string): number {
  process.stderr.write(`nexo-plugin: ${problem}\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`nexo-plugin: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
