/**
 * Writes a new plugin project: checks the id and the folder first, then every file.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CommandFailure } from "../command";
import { dtoSource, mainSource, pluginSource, testSource } from "./code-templates";
import type { ScaffoldNames } from "./names";
import {
  devSession,
  gitignore,
  jestConfig,
  manifestToml,
  packageJson,
  tsconfigJson,
  tsconfigTestJson,
  type ScaffoldVersions,
} from "./project-templates";
import { readme } from "./readme-template";

/** What to write and where. */
export interface ScaffoldOptions {
  readonly names: ScaffoldNames;
  readonly dir: string;
  /** Write into a folder that is not empty, replacing the scaffold's own files there. */
  readonly force: boolean;
  readonly versions: ScaffoldVersions;
}

/**
 * Writes the project and returns the files written, relative to `dir`, in order.
 *
 * @throws {CommandFailure} when `dir` is a file, or a non-empty folder without `force`.
 */
export function writeScaffold(options: ScaffoldOptions): string[] {
  const { names, dir } = options;
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new CommandFailure(`refused ${dir}: it is a file`);
    if (!options.force && readdirSync(dir).length > 0) throw new CommandFailure(`refused ${dir}: the folder is not empty (--force writes into it)`);
  }
  const files: Array<[string, string]> = [
    ["package.json", packageJson(names, options.versions)],
    ["nexo-plugin.toml", manifestToml(names)],
    ["tsconfig.json", tsconfigJson()],
    ["tsconfig.test.json", tsconfigTestJson()],
    ["jest.config.js", jestConfig()],
    ["src/main.ts", mainSource(names)],
    ["src/plugin.ts", pluginSource(names)],
    ["src/dto.ts", dtoSource(names)],
    ["test/plugin.test.ts", testSource(names)],
    ["dev-session.json", devSession(names)],
    ["README.md", readme(names)],
    [".gitignore", gitignore()],
  ];
  for (const [relative, text] of files) {
    const file = path.join(dir, ...relative.split("/"));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return files.map(([relative]) => relative);
}
