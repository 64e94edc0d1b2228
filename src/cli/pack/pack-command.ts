/**
 * `nexo-plugin pack [dir] [--out D]`: builds `<id>-<version>-noarch.tar.gz` and its `.sha256`,
 * the release the daemon's installer takes (CONTRACT.md section 8).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ManifestError, readManifest, type Manifest } from "../../core";
import { CommandFailure, EXIT, type Command } from "../command";
import { readDependencyGraph } from "./lockfile";
import { mib, releaseEntries } from "./release";
import { writeChecksum, writeTarball } from "./tarball";

/** `nexo-plugin pack`. */
export const packCommand: Command = {
  name: "pack",
  summary: "Build the release tarball the daemon installs, <id>-<version>-noarch.tar.gz, and its .sha256.",
  positionals: "[dir]",
  maxPositionals: 1,
  options: {
    out: { type: "string", value: "D", help: "the folder to write to (default: dir), or the tarball's own path" },
  },
  details: `
The tarball holds nexo-plugin.toml, bin/<id> (the launcher the daemon starts),
lib/plugin/ (the folder of package.json "main", built beforehand) and lib/node_modules/ (the
production dependencies the lockfile resolves, nexoai included). It is reproducible: the same
tree packs to the same sha256.

Refused, naming the path: symlinks and other non-regular files, native addons (*.node, *.so,
*.dylib, *.dll), absolute or ".." paths, more than 10,000 entries, more than 250 MiB unpacked
or 100 MiB packed (or one entry over 100 MiB), an --out file name that disagrees with the
manifest's id or version.

Exit codes: 0 packed, 1 refused, 2 bad usage.`,
  async run({ positionals, values }) {
    const dir = path.resolve(positionals[0] ?? ".");
    const warn = (line: string): void => void process.stderr.write(`nexo-plugin pack: warning: ${line}\n`);
    const manifestFile = path.join(dir, "nexo-plugin.toml");
    const manifest = loadManifest(manifestFile, warn);
    const { id, version } = manifest.plugin;
    const fileName = `${id}-${version}-noarch.tar.gz`;
    const target = outputFile(typeof values["out"] === "string" ? path.resolve(values["out"]) : dir, fileName, manifestFile);
    const build = readBuild(dir);
    const dependencies = readDependencyGraph(dir);
    const entries = releaseEntries({
      manifestFile,
      buildDir: build.dir,
      launcher: { id, version, main: build.main, moduleType: build.moduleType },
      pluginPackageJson: `${JSON.stringify({ name: build.name, version, private: true, type: build.packageType }, null, 2)}\n`,
      dependencies,
    });
    const command = manifest.plugin.entrypoint?.command;
    if (command !== `bin/${id}`) {
      warn(`${manifestFile}: plugin.entrypoint.command is ${command === undefined ? "not set" : JSON.stringify(command)}; the release's launcher is "bin/${id}"`);
    }
    for (const line of dependencies.skipped) warn(`left out ${line}`);
    const tarball = await writeTarball(entries, target);
    const checksum = writeChecksum(tarball);
    const unpacked = entries.reduce((sum, e) => sum + (e.kind === "file" ? e.size : e.kind === "text" ? Buffer.byteLength(e.text) : 0), 0);
    process.stdout.write(
      `packed ${id} ${version}: ${shown(tarball.file)}\n` +
        `  ${entries.length} entries, ${mib(unpacked)} unpacked, ${mib(tarball.bytes)} packed\n` +
        `  sha256 ${tarball.sha256} (${shown(checksum)})\n`,
    );
    return EXIT.ok;
  },
};

/** A path below the working directory as a relative one, any other as it is. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function loadManifest(file: string, warn: (line: string) => void): Manifest {
  try {
    return readManifest(file, { warn: (message) => warn(`${file}: ${message}`) });
  } catch (error) {
    if (error instanceof ManifestError) throw new CommandFailure(`${file}: ${error.message}`);
    throw error;
  }
}

/** `--out` names a folder, or the tarball itself, whose name must then be the one the installer expects. */
function outputFile(out: string, fileName: string, manifestFile: string): string {
  if (out.endsWith(".tar.gz")) {
    if (path.basename(out) !== fileName) {
      throw new CommandFailure(`refused ${out}: the installer expects ${fileName} for the id and version in ${manifestFile}`);
    }
    mkdirSync(path.dirname(out), { recursive: true });
    return out;
  }
  mkdirSync(out, { recursive: true });
  return path.join(out, fileName);
}

interface Build {
  readonly name: string;
  /** The folder holding the compiled plugin: the first folder of package.json "main". */
  readonly dir: string;
  /** "main" inside that folder. */
  readonly main: string;
  /** How "main" loads. */
  readonly moduleType: "commonjs" | "module";
  /** How the other `.js` files load: package.json "type", pinned in `lib/plugin/package.json`. */
  readonly packageType: "commonjs" | "module";
}

function readBuild(dir: string): Build {
  const file = path.join(dir, "package.json");
  let pkg: { name?: unknown; main?: unknown; type?: unknown };
  try {
    pkg = JSON.parse(readFileSync(file, "utf8")) as typeof pkg;
  } catch (error) {
    throw new CommandFailure(`${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : `not readable JSON (${(error as Error).message})`}`);
  }
  if (typeof pkg.main !== "string") throw new CommandFailure(`${file}: "main" must name the compiled entry point, such as "dist/main.js"`);
  const segments = path.posix.normalize(pkg.main.split(path.sep).join("/")).split("/");
  if (segments.length < 2 || segments[0] === ".." || segments[0] === "") {
    throw new CommandFailure(`${file}: "main" is ${JSON.stringify(pkg.main)}; it must be inside the build folder, such as "dist/main.js", which becomes lib/plugin/`);
  }
  const buildDir = path.join(dir, segments[0]!);
  const main = segments.slice(1).join("/");
  if (!existsSync(path.join(buildDir, main))) {
    throw new CommandFailure(`${path.join(buildDir, main)}: the compiled entry point does not exist; build the plugin first (npm run build)`);
  }
  const packageType = pkg.type === "module" ? "module" : "commonjs";
  const moduleType = main.endsWith(".mjs") || (packageType === "module" && !main.endsWith(".cjs")) ? "module" : "commonjs";
  return { name: typeof pkg.name === "string" ? pkg.name : path.basename(dir), dir: buildDir, main, moduleType, packageType };
}
