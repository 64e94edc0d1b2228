/**
 * `nexo-plugin check [dir] [--json] [--tsconfig FILE]`: finds what would make the daemon refuse
 * or kill the plugin, or make part of it dead, without running it.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { EXIT, UsageError, type Command } from "../command";
import { readCheckContext } from "./check-context";
import { formatJson, formatText, totals } from "./findings";
import { CHECK_RULES } from "./rules";

/** `nexo-plugin check`. */
export const checkCommand: Command = {
  name: "check",
  summary: "check the manifest, the compiled plugin class and tsconfig against each other, without running the plugin",
  positionals: "[dir]",
  maxPositionals: 1,
  options: {
    json: { type: "boolean", help: "print the findings as one JSON document" },
    tsconfig: { type: "string", value: "FILE", help: "the tsconfig the plugin builds with (default tsconfig.json)" },
  },
  details: `
dir defaults to the current folder; build the plugin first (check reads package.json "main").
The entry point is loaded in a separate process with bootstrap() replaced, so the plugin does
not run. Each finding names the file and the field or Class.method:

${CHECK_RULES.map((rule) => `  ${rule.name.padEnd(13)} ${rule.description}`).join("\n")}

Exit codes: 0 no errors (warnings alone still exit 0), 1 errors found, 2 bad usage.`,
  async run({ positionals, values }) {
    const dir = path.resolve(positionals[0] ?? ".");
    if (!existsSync(path.join(dir, "nexo-plugin.toml")) && !existsSync(path.join(dir, "package.json"))) {
      throw new UsageError(`${dir} is not a plugin folder: it has neither nexo-plugin.toml nor package.json`);
    }
    const tsconfig = typeof values["tsconfig"] === "string" ? values["tsconfig"] : "tsconfig.json";
    if (values["tsconfig"] !== undefined && !existsSync(path.resolve(dir, tsconfig))) {
      throw new UsageError(`--tsconfig ${tsconfig}: no such file in ${dir}`);
    }
    const context = await readCheckContext(dir, tsconfig);
    const findings = CHECK_RULES.flatMap((rule) => rule.check(context));
    const plugin = context.manifest?.plugin;
    if (values["json"] === true) {
      process.stdout.write(formatJson(findings, { dir, ...(plugin ? { id: plugin.id, version: plugin.version } : {}) }));
    } else {
      const shownDir = path.relative(process.cwd(), dir) || ".";
      process.stdout.write(formatText(findings, plugin ? `${plugin.id} ${plugin.version} (${shownDir})` : shownDir));
    }
    return totals(findings).errors > 0 ? EXIT.failed : EXIT.ok;
  },
};
