#!/usr/bin/env node
/**
 * `nexo-plugin`: the developer command line.
 *
 *   nexo-plugin new <id>      scaffold a plugin project
 *   nexo-plugin dev [dir]     run the plugin against the development host
 *   nexo-plugin check [dir]   find problems without running the plugin
 *   nexo-plugin pack [dir]    build the release tarball the daemon installs
 *   nexo-plugin schema [dir]  print the configuration DTO's JSON Schema
 */
import { checkCommand } from "./check/check-command";
import { CommandFailure, commandHelp, EXIT, parseCommandLine, UsageError, usageLine, wantsHelp, type Command } from "./command";
import { devCommand } from "./dev/dev-command";
import { newCommand } from "./new/new-command";
import { packCommand } from "./pack/pack-command";
import { schemaCommand } from "./schema/schema-cli";

const COMMANDS: readonly Command[] = [newCommand, devCommand, checkCommand, packCommand, schemaCommand];

const USAGE = `usage: nexo-plugin <command> [arguments] [--help]

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(7)} ${c.summary}`).join("\n")}

"nexo-plugin <command> --help" describes a command and its options.
Exit codes: 0 done, 1 failed (problems found, refused, contract broken), 2 bad usage.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return usage(undefined, "a command is required");
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return usage(undefined, name.startsWith("-") ? `unknown option ${name}` : `unknown command "${name}"`);
  if (wantsHelp(rest)) {
    process.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  try {
    return await command.run(parseCommandLine(command, rest));
  } catch (error) {
    if (error instanceof UsageError) return usage(command, error.message);
    if (error instanceof CommandFailure) {
      process.stderr.write(`nexo-plugin ${command.name}: ${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}

/** A usage error: the problem, then the usage it broke; exit 2. */
function usage(command: Command | undefined, problem: string): number {
  process.stderr.write(
    command
      ? `nexo-plugin ${command.name}: ${problem}\n${usageLine(command)}\n(nexo-plugin ${command.name} --help says more)\n`
      : `nexo-plugin: ${problem}\n${USAGE}`,
  );
  return EXIT.usage;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`nexo-plugin: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.failed;
  },
);
