/**
 * The contents of a release: every entry of the tarball, where its bytes come from and its mode,
 * checked against the installer's rules (CONTRACT.md section 8) before anything is written.
 */
import * as path from "node:path";
import { CommandFailure } from "../command";
import { launcherSource, type LauncherOptions } from "./launcher";
import { layOut } from "./layout";
import type { DependencyGraph } from "./lockfile";
import { publishedFiles, regularFile, walkFiles } from "./package-files";

/** The installer's limits. */
export const RELEASE_LIMITS = {
  entries: 10_000,
  unpackedBytes: 250 * 1024 * 1024,
  packedBytes: 100 * 1024 * 1024,
  /** No single entry may be larger than the whole packed release may be. */
  entryBytes: 100 * 1024 * 1024,
} as const;

const NATIVE_ADDON = /\.(node|so|dylib|dll)$|\.so\.\d+(\.\d+)*$/i;

/** One entry of the tarball. */
export type ReleaseEntry =
  | { readonly path: string; readonly kind: "directory" }
  | { readonly path: string; readonly kind: "file"; readonly source: string; readonly size: number; readonly executable: boolean }
  | { readonly path: string; readonly kind: "text"; readonly text: string; readonly executable: boolean };

/** What goes into the release, as read from the plugin folder. */
export interface ReleaseInput {
  /** The manifest file, copied to the root byte for byte. */
  readonly manifestFile: string;
  /** The compiled plugin, copied to `lib/plugin/`. */
  readonly buildDir: string;
  readonly launcher: LauncherOptions;
  /** `lib/plugin/package.json`, unless the build folder has its own. */
  readonly pluginPackageJson: string;
  readonly dependencies: DependencyGraph;
}

/**
 * Lists every entry, sorted by path, with the directories that hold them.
 *
 * @throws {CommandFailure} naming the path of the first entry the installer would refuse.
 */
export function releaseEntries(input: ReleaseInput): ReleaseEntry[] {
  const entries: ReleaseEntry[] = [
    {
      path: "nexo-plugin.toml",
      kind: "file",
      source: input.manifestFile,
      size: regularFile(path.dirname(input.manifestFile), path.basename(input.manifestFile)).size,
      executable: false,
    },
    { path: `bin/${input.launcher.id}`, kind: "text", text: launcherSource(input.launcher), executable: true },
  ];
  const buildFiles = walkFiles(input.buildDir);
  for (const file of buildFiles) entries.push(copied(`lib/plugin/${file.relative}`, path.join(input.buildDir, file.relative), file.size));
  if (!buildFiles.some((file) => file.relative === "package.json")) {
    entries.push({ path: "lib/plugin/package.json", kind: "text", text: input.pluginPackageJson, executable: false });
  }
  for (const placement of layOut(input.dependencies)) {
    const pkg = input.dependencies.packages.get(placement.location)!;
    const files = pkg.isLink ? publishedFiles(pkg.dir) : walkFiles(pkg.dir);
    for (const file of files) entries.push(copied(`${placement.dir}/${file.relative}`, path.join(pkg.dir, file.relative), file.size));
  }
  const all = withDirectories(entries);
  checkLimits(all);
  return all;
}

function copied(entryPath: string, source: string, size: number): ReleaseEntry {
  if (NATIVE_ADDON.test(entryPath)) {
    throw new CommandFailure(`refused ${source}: a native addon; a noarch release holds platform-independent code only`);
  }
  return { path: entryPath, kind: "file", source, size, executable: false };
}

/** Adds an entry for every folder on the way to each path, then sorts by path. */
function withDirectories(entries: ReleaseEntry[]): ReleaseEntry[] {
  const byPath = new Map<string, ReleaseEntry>();
  for (const entry of entries) {
    checkPath(entry.path);
    if (byPath.has(entry.path)) throw new CommandFailure(`refused ${entry.path}: two sources for one entry`);
    byPath.set(entry.path, entry);
    const segments = entry.path.split("/");
    for (let length = 1; length < segments.length; length++) {
      const dir = segments.slice(0, length).join("/");
      if (!byPath.has(dir)) byPath.set(dir, { path: dir, kind: "directory" });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The installer refuses absolute paths and `..`; an empty or `.` segment would not name what it seems to. */
function checkPath(entryPath: string): void {
  const segments = entryPath.split("/");
  if (path.isAbsolute(entryPath) || /^[a-zA-Z]:/.test(entryPath) || entryPath.includes("\\")) {
    throw new CommandFailure(`refused ${entryPath}: an absolute or non-portable path`);
  }
  if (segments.some((s) => s === ".." || s === "." || s === "")) {
    throw new CommandFailure(`refused ${entryPath}: a path with an empty, "." or ".." segment`);
  }
}

function checkLimits(entries: readonly ReleaseEntry[]): void {
  if (entries.length > RELEASE_LIMITS.entries) {
    throw new CommandFailure(`refused: ${entries.length} entries, more than the installer's ${RELEASE_LIMITS.entries} (largest folders: ${largestFolders(entries)})`);
  }
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (size > RELEASE_LIMITS.entryBytes) {
      throw new CommandFailure(`refused ${entry.kind === "file" ? entry.source : entry.path}: ${mib(size)}, more than the installer's ${mib(RELEASE_LIMITS.entryBytes)} for one entry`);
    }
  }
  const total = unpackedBytes(entries);
  if (total > RELEASE_LIMITS.unpackedBytes) {
    throw new CommandFailure(`refused: ${mib(total)} unpacked, more than the installer's ${mib(RELEASE_LIMITS.unpackedBytes)} (largest folders: ${largestFolders(entries)})`);
  }
}

/** The size of the release once unpacked: the sum of its files. */
export function unpackedBytes(entries: readonly ReleaseEntry[]): number {
  return entries.reduce((sum, entry) => sum + entryBytes(entry), 0);
}

function entryBytes(entry: ReleaseEntry): number {
  return entry.kind === "file" ? entry.size : entry.kind === "text" ? Buffer.byteLength(entry.text) : 0;
}

/** The three top-level packages or folders with the most entries, to say where the bulk is. */
function largestFolders(entries: readonly ReleaseEntry[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const match = /^(lib\/node_modules\/(?:@[^/]+\/)?[^/]+|lib\/plugin|[^/]+)/.exec(entry.path);
    const key = match?.[1] ?? entry.path;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([folder, count]) => `${folder} ${count}`)
    .join(", ");
}

/** A size in MiB, one decimal. */
export function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
