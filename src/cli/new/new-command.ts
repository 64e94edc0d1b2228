/**
 * `nexo-plugin new <id> [--dir D] [--description T] [--force]`: scaffolds a plugin project that
 * builds, passes its test and runs against the development host right after `npm install`.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { EXIT, type Command } from "../command";
import { scaffoldNames } from "./names";
import type { ScaffoldVersions } from "./project-templates";
import { writeScaffold } from "./scaffold";

/** `nexo-plugin new`. */
export const newCommand: Command = {
  name: "new",
  summary: "scaffold a plugin project: manifest, decorated class, DTOs, a test, a dev session",
  positionals: "<id>",
  minPositionals: 1,
  maxPositionals: 1,
  options: {
    dir: { type: "string", value: "D", help: "the project folder (default ./<id>)" },
    description: { type: "string", value: "T", help: "the manifest's one-line description" },
    force: { type: "boolean", help: "write into a folder that is not empty" },
  },
  details: `
id follows the manifest's rule: a lower-case letter, then up to 31 lower-case letters, digits
or underscores. It names the channel (plugin.outbound.<id>, plugin.inbound.<id>) and the tool
namespace (<id>_greet). Nothing is written when the id is invalid or the folder is not empty.

Exit codes: 0 written, 1 refused (the folder), 2 bad usage or an invalid id.`,
  async run({ positionals, values }) {
    const description = typeof values["description"] === "string" ? values["description"] : undefined;
    const names = scaffoldNames(positionals[0]!, description);
    const dir = path.resolve(typeof values["dir"] === "string" ? values["dir"] : names.id);
    const files = writeScaffold({ names, dir, force: values["force"] === true, versions: ownVersions() });
    const shown = path.relative(process.cwd(), dir) || ".";
    process.stdout.write(
      `created the ${names.id} plugin in ${shown}:\n${files.map((f) => `  ${f}`).join("\n")}\n\nnext:\n` +
        (shown === "." ? "" : `  cd ${shown}\n`) +
        "  npm install\n" +
        "  npm test         the tests, on PluginTestHost\n" +
        "  npm start        build, then play dev-session.json against the development host\n" +
        "  npm run check    check the manifest, the class and tsconfig against each other\n" +
        `  npm run pack     build release/${names.id}-0.1.0-noarch.tar.gz for the daemon\n`,
    );
    return EXIT.ok;
  },
};

/** The ranges this package is built and tested with. */
function ownVersions(): ScaffoldVersions {
  const own = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
    version: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const pick = (from: Record<string, string>, names: readonly string[]): Record<string, string> =>
    Object.fromEntries(names.map((name) => [name, from[name] ?? "*"]));
  return {
    nexoai: `^${own.version}`,
    dependencies: pick(own.dependencies, ["class-validator"]),
    devDependencies: pick(own.devDependencies, ["@types/jest", "@types/node", "jest", "tar", "ts-jest", "typescript"]),
  };
}
