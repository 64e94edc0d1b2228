/**
 * `nexo-plugin pack [dir] [--out D]`: builds `<id>-<version>-noarch.tar.gz` and its `.sha256`,
 * the release the daemon's installer takes (CONTRACT.md section 8).
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { ManifestError, readManifestFile, type Manifest } from "../../core";
import { CommandFailure, EXIT, type Command } from "../command";
import { isBuild, readBuild, type Build } from "../plugin-build";
import { readDependencyGraph } from "./lockfile";
import { mib, releaseEntries, unpackedBytes } from "./release";
import { writeChecksum, writeTarball } from "./tarball";

/** `nexo-plugin pack`. */
export const packCommand: Command = {
  name: "pack",
  summary: "build the release the daemon installs: <id>-<version>-noarch.tar.gz and its .sha256",
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
    const build = builtPlugin(dir);
    const dependencies = readDependencyGraph(dir);
    const entries = releaseEntries({
      manifestFile,
      buildDir: build.dir!,
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
    const unpacked = unpackedBytes(entries);
    process.stdout.write(
      `packed ${id} ${version}: ${shown(tarball.file)}\n` +
        `  ${entries.length} entries, ${mib(unpacked)} unpacked, ${mib(tarball.bytes)} packed\n` +
        `  sha256 ${tarball.sha256} (${shown(checksum)})\n`,
    );
    return EXIT.ok;
  },
};

/** The build, which a release needs in a folder of its own (it becomes lib/plugin/). */
function builtPlugin(dir: string): Build {
  const build = readBuild(dir);
  if (!isBuild(build)) throw new CommandFailure(`${build.file}: ${build.field ? `${build.field}: ` : ""}${build.message}`);
  if (build.dir === undefined) {
    throw new CommandFailure(`${path.join(dir, "package.json")}: main: ${JSON.stringify(build.main)} must be inside the build folder, such as "dist/main.js", which becomes lib/plugin/`);
  }
  return build;
}

/** A path below the working directory as a relative one, any other as it is. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function loadManifest(file: string, warn: (line: string) => void): Manifest {
  try {
    return readManifestFile(file, { warn: (message) => warn(`${file}: ${message}`) });
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
