/**
 * What every `nexo-plugin` command shares: its description for `--help`, a strict argument
 * parser (Node's `util.parseArgs`, so an unknown or incomplete option is refused with a
 * message naming it), and the exit codes.
 */
import { parseArgs } from "node:util";

/** Exit codes of every command. */
export const EXIT = {
  /** Done; for `check`, no errors (warnings alone still exit 0). */
  ok: 0,
  /** The command ran and failed: problems found, a refusal, a broken contract. */
  failed: 1,
  /** The command line or an input file is wrong; nothing was done. */
  usage: 2,
} as const;

/** One option of a command; every option is a long `--name`. */
export interface OptionSpec {
  /** `string` takes a value (`--out D`), `boolean` is a switch. */
  readonly type: "string" | "boolean";
  /** The value's name in the usage text, for string options. */
  readonly value?: string;
  /** One line for `--help`. */
  readonly help: string;
}

/** A subcommand of `nexo-plugin`. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Positional arguments as the usage line shows them, such as `[dir]`. */
  readonly positionals: string;
  /** The most positional arguments accepted; more is a usage error. */
  readonly maxPositionals: number;
  /** The least positional arguments required. */
  readonly minPositionals?: number;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Paragraphs after the option list in `--help`. */
  readonly details: string;
  /** Runs with parsed arguments and resolves with the exit code. */
  run(args: ParsedArgs): Promise<number>;
}

/** A command line that parsed. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
}

/** A command line that cannot be run; the message says what is wrong with it. */
export class UsageError extends Error {}

/** A command that ran and refused or failed; the message names what and where. */
export class CommandFailure extends Error {}

/**
 * Parses `args` for `command`. `--help` is recognised by the caller before this runs.
 *
 * @throws {UsageError} for an unknown option, an option without its value, a value given to a
 * switch, or too many or too few positional arguments.
 */
export function parseCommandLine(command: Command, args: readonly string[]): ParsedArgs {
  const options = Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, { type: spec.type }]));
  let parsed: { positionals: string[]; values: Record<string, string | boolean | undefined> };
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(describeParseFailure(error, args));
  }
  const { positionals } = parsed;
  if (positionals.length > command.maxPositionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[command.maxPositionals])}`);
  }
  if (positionals.length < (command.minPositionals ?? 0)) throw new UsageError(`missing argument ${command.positionals}`);
  return { positionals, values: parsed.values };
}

/** Node's messages are long and suggest `--`; ours name the option and what it lacks. */
function describeParseFailure(error: unknown, args: readonly string[]): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? args.find((a) => a.startsWith("-")) ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing/.test(message) ? `option ${option.split(" ")[0]} needs a value` : `option ${option} takes no value`;
    default:
      return message;
  }
}

/** Whether the arguments ask for help (`--help` or `-h` anywhere before a `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** The one-line synopsis of a command, as `usage: nexo-plugin pack [dir] [--out D]`. */
export function usageLine(command: Command): string {
  const flags = Object.entries(command.options)
    .map(([name, spec]) => (spec.type === "string" ? `[--${name} ${spec.value ?? "VALUE"}]` : `[--${name}]`))
    .join(" ");
  return ["usage: nexo-plugin", command.name, command.positionals, flags].filter((part) => part !== "").join(" ");
}

/** The `--help` text of one command. */
export function commandHelp(command: Command): string {
  const optionLines = Object.entries(command.options).map(([name, spec]) => {
    const flag = spec.type === "string" ? `--${name} ${spec.value ?? "VALUE"}` : `--${name}`;
    return `  ${flag.padEnd(22)} ${spec.help}`;
  });
  optionLines.push(`  ${"--help".padEnd(22)} show this help`);
  return `${usageLine(command)}\n\n${command.summary}\n\noptions:\n${optionLines.join("\n")}\n\n${command.details.trim()}\n`;
}
