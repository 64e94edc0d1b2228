/**
 * A plugin's production dependencies, read from npm's lockfile (`package-lock.json` or
 * `npm-shrinkwrap.json`, lockfile version 2 or 3): the packages reachable from the plugin by
 * `dependencies`, `optionalDependencies` and required `peerDependencies`, never
 * `devDependencies` or optional peers.
 *
 * The lockfile's `packages` map is keyed by install location ("node_modules/a/node_modules/b",
 * a workspace folder, or "" for the project root); a dependency is resolved from a location the
 * way Node resolves `require`, by walking up the `node_modules` folders. A link (a workspace or a
 * `file:` folder) is followed to its target, whose own location its dependencies resolve from.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { CommandFailure } from "../command";

/** One package of the graph, identified by the lockfile location its files are at. */
export interface LockedPackage {
  /** The lockfile key of its files, a link followed; "" is the lockfile's own project. */
  readonly location: string;
  /** Its folder on disk. */
  readonly dir: string;
  /** A folder the lockfile links to (a workspace, `file:`), not a copy npm installed. */
  readonly isLink: boolean;
  /** Its dependencies, by the name they are required under, to their locations. */
  readonly dependencies: ReadonlyMap<string, string>;
}

/** The plugin and every package its production code can load. */
export interface DependencyGraph {
  /** The lockfile read. */
  readonly lockfile: string;
  /** The plugin's own location. */
  readonly root: string;
  readonly packages: ReadonlyMap<string, LockedPackage>;
  /** Optional dependencies left out (not installed, or built for one platform), as lines to show. */
  readonly skipped: readonly string[];
}

interface LockEntry {
  version?: string;
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  os?: string[];
  cpu?: string[];
}

const LOCKFILE_NAMES = ["npm-shrinkwrap.json", "package-lock.json"];

/**
 * Reads the lockfile found in `pluginDir` or the nearest folder above it (a workspace's
 * lockfile is the root's) and resolves the plugin's production dependencies.
 *
 * @throws {CommandFailure} naming the lockfile and the package when there is no usable lockfile,
 * the plugin is not in it, or a required dependency is missing from it or from disk.
 */
export function readDependencyGraph(pluginDir: string): DependencyGraph {
  const lockfile = findLockfile(pluginDir);
  const lockDir = path.dirname(lockfile);
  const entries = readEntries(lockfile);
  const root = toLockKey(path.relative(lockDir, pluginDir));
  if (!entries[root]) {
    throw new CommandFailure(`${lockfile} has no entry for ${pluginDir}: run npm install there`);
  }
  const packages = new Map<string, LockedPackage>();
  const skipped: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const location = pending.shift()!;
    if (packages.has(location)) continue;
    const entry = entries[location]!;
    const dependencies = new Map<string, string>();
    for (const edge of edgesOf(entry)) {
      const target = resolve(entries, location, edge.name);
      const missing = target === undefined ? "is not in the lockfile" : missingReason(entries, lockDir, target);
      if (missing !== undefined) {
        if (edge.optional) {
          skipped.push(`optional ${edge.name} of ${describe(location)} ${missing}`);
          continue;
        }
        throw new CommandFailure(`${describe(location)} depends on ${edge.name}, which ${missing} (${lockfile}): run npm install`);
      }
      const platform = platformOf(entries[target!]!);
      if (platform !== undefined) {
        const why = `is built for ${platform}; a noarch release holds platform-independent dependencies only`;
        if (edge.optional) {
          skipped.push(`optional ${edge.name} of ${describe(location)} ${why}`);
          continue;
        }
        throw new CommandFailure(`${path.join(lockDir, target!)}: ${edge.name} ${why}`);
      }
      dependencies.set(edge.name, target!);
      pending.push(target!);
    }
    const isLink = !location.split("/").includes("node_modules");
    packages.set(location, { location, dir: path.join(lockDir, location), isLink, dependencies });
  }
  return { lockfile, root, packages, skipped };
}

function findLockfile(pluginDir: string): string {
  for (let dir = path.resolve(pluginDir); ; dir = path.dirname(dir)) {
    for (const name of LOCKFILE_NAMES) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new CommandFailure(`no package-lock.json in ${path.resolve(pluginDir)} or above: run npm install (the release bundles what the lockfile resolves)`);
}

function readEntries(lockfile: string): Record<string, LockEntry> {
  let lock: { lockfileVersion?: unknown; packages?: unknown };
  try {
    lock = JSON.parse(readFileSync(lockfile, "utf8")) as typeof lock;
  } catch (error) {
    throw new CommandFailure(`${lockfile}: not readable JSON (${(error as Error).message})`);
  }
  if (typeof lock.packages !== "object" || lock.packages === null) {
    throw new CommandFailure(`${lockfile}: lockfile version ${String(lock.lockfileVersion)} has no "packages" map; npm 7 or newer writes one (run npm install)`);
  }
  return lock.packages as Record<string, LockEntry>;
}

interface Edge {
  readonly name: string;
  readonly optional: boolean;
}

function edgesOf(entry: LockEntry): Edge[] {
  const edges = new Map<string, Edge>();
  for (const name of Object.keys(entry.dependencies ?? {})) edges.set(name, { name, optional: false });
  // As in npm, a dependency also listed as optional is optional; a peer adds to, never overrides, the others.
  for (const name of Object.keys(entry.optionalDependencies ?? {})) edges.set(name, { name, optional: true });
  for (const name of Object.keys(entry.peerDependencies ?? {})) {
    // An optional peer is installed by whoever wants the feature (nexoai's `tar`, for pack, is a
    // development dependency of the plugin): present in the tree, it is still not production code.
    if (!edges.has(name) && entry.peerDependenciesMeta?.[name]?.optional !== true) edges.set(name, { name, optional: false });
  }
  return [...edges.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Where `name` is found from `location`, as Node would find it; links followed. */
function resolve(entries: Record<string, LockEntry>, location: string, name: string): string | undefined {
  const segments = location === "" ? [] : location.split("/");
  for (let length = segments.length; length >= 0; length--) {
    if (length > 0 && segments[length - 1] === "node_modules") continue;
    const key = [...segments.slice(0, length), "node_modules", name].join("/");
    const entry = entries[key];
    if (entry) return entry.link ? toLockKey(entry.resolved ?? "") : key;
  }
  return undefined;
}

function missingReason(entries: Record<string, LockEntry>, lockDir: string, location: string): string | undefined {
  if (!entries[location]) return `links to ${location || "the project root"}, which is not in the lockfile`;
  const dir = path.join(lockDir, location);
  return existsSync(path.join(dir, "package.json")) ? undefined : `is not installed at ${dir}`;
}

function platformOf(entry: LockEntry): string | undefined {
  const parts = [...(entry.os ?? []).map((os) => `os ${os}`), ...(entry.cpu ?? []).map((cpu) => `cpu ${cpu}`)];
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** Lockfile keys use forward slashes whatever the platform. */
function toLockKey(relative: string): string {
  return relative.split(path.sep).join("/");
}

function describe(location: string): string {
  return location === "" ? "the project" : location;
}
