/**
 * The command line itself: `--help` for the whole and for each command, and every bad command
 * line refused with a message naming what is wrong, the usage, and exit code 2.
 */
import { nexoPlugin } from "./support/cli";

const COMMANDS = ["new", "dev", "check", "pack", "schema"];

describe("nexo-plugin", () => {
  test("--help lists every command and the exit codes", () => {
    for (const help of ["--help", "-h", "help"]) {
      const result = nexoPlugin([help]);
      expect(result.status).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/^usage: nexo-plugin <command> \[arguments\] \[--help\]\n/);
      for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, "m"));
      expect(result.stdout).toContain("Exit codes: 0 done, 1 failed");
    }
  });

  test.each([
    [[], "a command is required"],
    [["deploy"], 'unknown command "deploy"'],
    [["--verbose"], "unknown option --verbose"],
  ])("refuses %j with the list of commands, exit 2", (args, problem) => {
    const result = nexoPlugin(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`nexo-plugin: ${problem}\n${nexoPlugin(["--help"]).stdout}`);
  });

  test.each(COMMANDS)("%s --help describes its arguments, options and exit codes", (command) => {
    const result = nexoPlugin([command, "--help"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(new RegExp(`^usage: nexo-plugin ${command} `));
    expect(result.stdout).toContain("  --help ");
    expect(result.stdout).toContain("Exit codes:");
    // --help wins wherever it is, and nothing runs.
    expect(nexoPlugin([command, "x", "--help"]).stdout).toBe(result.stdout);
  });

  test.each([
    ["new", ["demo", "--bogus"], "unknown option --bogus"],
    ["new", ["demo", "-x"], "unknown option -x"],
    ["new", [], "missing argument <id>"],
    ["new", ["a", "b"], 'unexpected argument "b"'],
    ["new", ["demo", "--dir"], "option --dir needs a value"],
    ["new", ["demo", "--force=yes"], "option --force takes no value"],
    ["dev", ["sample-plugin", "--sesion", "x.json"], "unknown option --sesion"],
    ["dev", ["sample-plugin", "--session"], "option --session needs a value"],
    ["dev", ["a", "b"], 'unexpected argument "b"'],
    ["check", ["--jsn"], "unknown option --jsn"],
    ["check", ["sample-plugin", "--tsconfig"], "option --tsconfig needs a value"],
    ["check", ["sample-plugin", "--tsconfig", "missing.json"], "--tsconfig missing.json: no such file in"],
    ["pack", ["sample-plugin", "--output", "x"], "unknown option --output"],
    ["pack", ["sample-plugin", "--out"], "option --out needs a value"],
    ["pack", ["a", "b"], 'unexpected argument "b"'],
    ["schema", ["sample-plugin", "--shape", "cube"], "--shape needs object or array"],
    ["schema", ["sample-plugin", "--yaml"], "unknown option --yaml"],
  ])("%s %j is refused: %s, exit 2", (command, args, problem) => {
    const result = nexoPlugin([command, ...args]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`nexo-plugin ${command}: ${problem}`);
    expect(result.stderr).toContain(`usage: nexo-plugin ${command} `);
    expect(result.stderr).toContain(`(nexo-plugin ${command} --help says more)`);
  });
});
