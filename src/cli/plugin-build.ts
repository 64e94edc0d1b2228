/**
 * Where a plugin's compiled code is: package.json "main" names the entry point, and the first
 * folder of that path (such as `dist/`) is the build, which a release holds as `lib/plugin/`.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** The compiled plugin. */
export interface Build {
  /** The package name, or the folder's. */
  readonly name: string;
  /** The entry point, absolute. */
  readonly entry: string;
  /** The folder holding the compiled plugin: the first folder of "main"; undefined when "main" is at the top. */
  readonly dir: string | undefined;
  /** "main" inside that folder, `/`-separated. */
  readonly main: string;
  /** How "main" loads. */
  readonly moduleType: "commonjs" | "module";
  /** How the other `.js` files load: package.json "type", pinned in `lib/plugin/package.json`. */
  readonly packageType: "commonjs" | "module";
}

/** Why there is no build: the file and field at fault, and what is wrong. */
export interface BuildProblem {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

/** Reads package.json in `dir` and checks that the entry point has been built. */
export function readBuild(dir: string): Build | BuildProblem {
  const file = path.join(dir, "package.json");
  let pkg: { name?: unknown; main?: unknown; type?: unknown };
  try {
    pkg = JSON.parse(readFileSync(file, "utf8")) as typeof pkg;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    return { file, field: "", message: missing ? "not found" : `not readable JSON (${(error as Error).message})` };
  }
  if (typeof pkg.main !== "string") return { file, field: "main", message: 'must name the compiled entry point, such as "dist/main.js"' };
  const segments = path.posix.normalize(pkg.main.split(path.sep).join("/")).split("/");
  if (segments[0] === ".." || segments[0] === "") return { file, field: "main", message: `${JSON.stringify(pkg.main)} is outside the plugin folder` };
  const entry = path.join(dir, ...segments);
  if (!existsSync(entry)) {
    return { file: entry, field: "", message: "the compiled entry point does not exist; build the plugin first (npm run build)" };
  }
  const packageType = pkg.type === "module" ? "module" : "commonjs";
  const moduleType = entry.endsWith(".mjs") || (packageType === "module" && !entry.endsWith(".cjs")) ? "module" : "commonjs";
  return {
    name: typeof pkg.name === "string" ? pkg.name : path.basename(dir),
    entry,
    dir: segments.length > 1 ? path.join(dir, segments[0]!) : undefined,
    main: segments.length > 1 ? segments.slice(1).join("/") : segments[0]!,
    moduleType,
    packageType,
  };
}

/** Whether {@link readBuild} found a build. */
export function isBuild(result: Build | BuildProblem): result is Build {
  return "entry" in result;
}
