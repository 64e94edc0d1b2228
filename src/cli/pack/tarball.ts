/**
 * Writes the release tarball with the `tar` package (loaded only here), reproducibly: entries in
 * path order, one fixed mtime, uid and gid 0 with empty owner names, modes 0755 for folders and
 * the launcher and 0644 for everything else, and a gzip header without a time or an OS byte.
 * Packing the same tree twice gives the same bytes, and so the same sha256.
 */
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { WriteEntry } from "tar";
import { CommandFailure } from "../command";
import { mib, RELEASE_LIMITS, type ReleaseEntry } from "./release";

/** The mtime of every entry: 2000-01-01T00:00:00Z (some tools take a zero mtime for "unset"). */
export const RELEASE_MTIME = new Date(Date.UTC(2000, 0, 1));

/** What {@link writeTarball} wrote. */
export interface WrittenTarball {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * Lays the entries out in a temporary folder, tars and gzips it into `file` (through a
 * temporary name, so a refused or failed pack leaves no partial tarball), and returns its hash.
 *
 * @throws {CommandFailure} when the gzipped tarball grows past the installer's packed limit.
 */
export async function writeTarball(entries: readonly ReleaseEntry[], file: string): Promise<WrittenTarball> {
  const tar = loadTar();
  const stage = mkdtempSync(path.join(tmpdir(), "nexo-pack-"));
  const partial = `${file}.partial-${process.pid}`;
  let output: FileHandle | undefined;
  let pack: ReturnType<typeof tar.create> | undefined;
  try {
    stageEntries(entries, stage);
    pack = tar.create(
      { cwd: stage, gzip: { level: 6, portable: true }, noDirRecurse: true, mtime: RELEASE_MTIME, onWriteEntry: normalize },
      entries.map((entry) => entry.path),
    );
    output = await open(partial, "w");
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of pack as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > RELEASE_LIMITS.packedBytes) {
        throw new CommandFailure(`refused ${file}: more than ${mib(RELEASE_LIMITS.packedBytes)} packed, the installer's limit`);
      }
      hash.update(chunk);
      await output.write(chunk);
    }
    await output.close();
    output = undefined;
    renameSync(partial, file);
    return { file, sha256: hash.digest("hex"), bytes };
  } finally {
    (pack as { destroy?: () => void } | undefined)?.destroy?.();
    await output?.close();
    rmSync(partial, { force: true });
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * `tar` is an optional peer dependency of nexoai, installed as a development dependency of the
 * plugin (the scaffold does), so that it is neither loaded by nor bundled into a running plugin.
 */
function loadTar(): typeof import("tar") {
  try {
    return require("tar") as typeof import("tar");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    throw new CommandFailure('packing needs the "tar" package: npm install --save-dev tar@7');
  }
}

/** Writes `<hex>  <file name>\n` beside the tarball and returns its path. */
export function writeChecksum(tarball: WrittenTarball): string {
  const file = `${tarball.file}.sha256`;
  writeFileSync(file, `${tarball.sha256}  ${path.basename(tarball.file)}\n`);
  return file;
}

function stageEntries(entries: readonly ReleaseEntry[], stage: string): void {
  for (const entry of entries) {
    const target = path.join(stage, ...entry.path.split("/"));
    if (entry.kind === "directory") {
      mkdirSync(target, { recursive: true });
      continue;
    }
    if (entry.kind === "file") copyFileSync(entry.source, target);
    else writeFileSync(target, entry.text);
    chmodSync(target, entry.executable ? 0o755 : 0o644);
  }
}

/**
 * Called by `tar` just before it writes each header: the packing machine's owner, times and
 * inode numbers are replaced, so that they can neither leak into nor vary the tarball.
 */
function normalize(entry: WriteEntry): void {
  const stat = entry.stat as unknown as Record<string, unknown> & { mode: number };
  const permissions = entry.type === "Directory" || (stat.mode & 0o100) !== 0 ? 0o755 : 0o644;
  stat.mode = (stat.mode & ~0o7777) | permissions;
  stat.uid = 0;
  stat.gid = 0;
  // Absent rather than fixed: ustar has no atime or ctime, and pax records only what is set.
  stat.atime = undefined;
  stat.ctime = undefined;
  stat.dev = undefined;
  stat.ino = undefined;
  stat.nlink = undefined;
  entry.myuser = "";
}
