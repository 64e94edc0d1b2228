/**
 * Installs a new plugin project without the network: `npm ci --offline` from a lockfile derived
 * from this repository's own, so every package comes from the npm cache that `npm ci` of this
 * repository filled (its lockfile pins the same versions the scaffold's ranges ask for), and
 * `nexoai` from the `npm pack` tarball of this repository.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./cli";

type LockEntry = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** The environment for npm and Jest run from inside a test: without this run's npm and Jest settings. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|JEST_|NODE_OPTIONS$)/i.test(key)));
}

/** Runs `npm pack` of this repository into `dir` and returns the tarball's path. */
export function packThisPackage(dir: string): string {
  const result = spawnSync("npm", ["pack", ROOT, "--pack-destination", dir, "--ignore-scripts", "--json"], { encoding: "utf8", env: cleanEnv() });
  if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
  const [packed] = JSON.parse(result.stdout) as Array<{ filename: string }>;
  return path.join(dir, packed!.filename);
}

/**
 * Points the project's `nexoai` dependency at `tarball`, writes its package-lock.json, and runs
 * `npm ci --offline` in it. Throws with npm's output when a package is missing from the cache.
 */
export function installOffline(project: string, tarball: string): void {
  const repoLock = (JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> }).packages;
  const own = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as LockEntry & { version: string };
  const pkgFile = path.join(project, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { name: string; version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const spec = `file:${path.relative(project, tarball).split(path.sep).join("/")}`;
  pkg.dependencies["nexoai"] = spec;
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

  const packages: Record<string, LockEntry> = {
    "": { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies },
    "node_modules/nexoai": {
      version: own.version,
      resolved: spec,
      integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
      dependencies: own.dependencies,
      peerDependencies: own.peerDependencies,
      peerDependenciesMeta: own["peerDependenciesMeta"],
      bin: own["bin"],
    },
  };
  // Everything reachable from the project, at the locations this repository's tree has them.
  const pending: string[] = [];
  const add = (from: string, names: readonly string[]): void => {
    for (const name of names) {
      const key = resolve(repoLock, from, name);
      if (name !== "nexoai" && key && !packages[key]) {
        packages[key] = repoLock[key]!;
        pending.push(key);
      }
    }
  };
  const edges = (e: LockEntry): string[] => [e.dependencies, e.optionalDependencies, e.peerDependencies].flatMap((d) => Object.keys(d ?? {}));
  add("", [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
  add("node_modules/nexoai", edges(packages["node_modules/nexoai"]!));
  while (pending.length > 0) {
    const key = pending.shift()!;
    add(key, edges(repoLock[key]!));
  }
  const lock = { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages };
  writeFileSync(path.join(project, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);

  const result = spawnSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, encoding: "utf8", env: cleanEnv() });
  if (result.status !== 0) {
    throw new Error(`npm ci --offline failed (run npm ci in the repository first, which fills the cache):\n${result.stderr}`);
  }
}

/** Node's lookup from a lockfile location: its own node_modules, then each one above. */
function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  const segments = from === "" ? [] : from.split("/");
  for (let length = segments.length; length >= 0; length--) {
    if (length > 0 && segments[length - 1] === "node_modules") continue;
    const key = [...segments.slice(0, length), "node_modules", name].join("/");
    if (packages[key]) return key;
  }
  return undefined;
}
