/** Finding and reading `nexo-plugin.toml` on disk. */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ManifestError } from "../errors";
import { errorMessage } from "./field-checks";
import { parseManifest } from "./parse";
import type { Manifest, ManifestWarn } from "./types";

/**
 * Reads (synchronously, as UTF-8) and parses a manifest file.
 *
 * @throws {ManifestError} with field `""` when the file cannot be read, else as {@link parseManifest}.
 */
export function readManifestFile(path: string, options: { warn?: ManifestWarn } = {}): Manifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ManifestError("", `cannot read manifest ${path}: ${errorMessage(error)}`, { cause: error });
  }
  return parseManifest(text, { origin: path, warn: options.warn });
}

/**
 * Looks for `fileName` in `startDir` and then in each parent directory up to the filesystem root.
 *
 * @returns the path of the first regular file found, or `undefined`.
 */
export function findManifestFile(startDir: string, fileName = "nexo-plugin.toml"): string | undefined {
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    const candidate = join(dir, fileName);
    if (isFile(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    // Missing, or a parent is not a directory, or unreadable: none of these is a manifest to use.
    return false;
  }
}
