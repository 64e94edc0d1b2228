/**
 * Where a plugin's manifest comes from: TOML text, a file path, an object, or the
 * `nexo-plugin.toml` found above the entry script.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ManifestError } from "../errors";
import { findManifestFile, parseManifest, readManifestFile, validateManifest } from "./manifest";
import type { Manifest, ManifestWarn } from "./manifest";

/**
 * A manifest given by the author: TOML text (anything containing a newline, `=` or `[`), a path
 * to a TOML file (a relative one is looked up beside the entry script first, then in the working
 * directory), or an already parsed object. Omitted, `nexo-plugin.toml` is searched for.
 */
export type ManifestSource = string | Manifest;

/** File name searched for when no manifest is given. */
export const MANIFEST_FILE_NAME = "nexo-plugin.toml";

/**
 * Loads and validates the manifest. Without a source, walks up from the entry script's folder
 * (which covers `dist/main.js` in development and `lib/plugin/main.js` in a release), then from
 * the working directory.
 */
export function loadManifest(source: ManifestSource | undefined, warn?: ManifestWarn): Manifest {
  const options = warn ? { warn } : {};
  if (typeof source === "object" && source !== null) {
    checkSerializable(source);
    return validateManifest(source, options);
  }
  if (typeof source === "string") {
    return looksLikeToml(source) ? parseManifest(source, options) : readManifestFile(resolveManifestPath(source), options);
  }
  if (source !== undefined) throw new ManifestError("", `manifest must be TOML text, a path or an object, got ${typeof source}`);
  const found = defaultManifestPath();
  if (!found) {
    throw new ManifestError(
      "",
      `no ${MANIFEST_FILE_NAME} found above ${entryDirectory() ?? "the entry script"} or ${process.cwd()}; pass the manifest explicitly`,
    );
  }
  return readManifestFile(found, options);
}

/** The manifest is echoed in the `initialize` reply, so an object form must serialize. */
function checkSerializable(source: object): void {
  try {
    JSON.stringify(source);
  } catch (error) {
    throw new ManifestError("", `the manifest object is not JSON-serializable: ${(error as Error).message}`);
  }
}

/**
 * A relative path is taken from the entry script's folder when the file is there: the daemon
 * starts plugins in its own working directory, not the plugin's. Otherwise from the cwd.
 */
function resolveManifestPath(file: string): string {
  const entry = entryDirectory();
  if (path.isAbsolute(file) || !entry) return file;
  const besideEntry = path.resolve(entry, file);
  return existsSync(besideEntry) ? besideEntry : file;
}

function looksLikeToml(text: string): boolean {
  return /[\n=[]/.test(text);
}

function defaultManifestPath(): string | undefined {
  const entry = entryDirectory();
  return (entry && findManifestFile(entry, MANIFEST_FILE_NAME)) || findManifestFile(process.cwd(), MANIFEST_FILE_NAME);
}

function entryDirectory(): string | undefined {
  const script = process.argv[1];
  return script ? path.dirname(path.resolve(script)) : undefined;
}

/**
 * The manifest's TOML as its source holds it: the text itself, or the file's own bytes (found
 * as {@link loadManifest} finds it), so a discovery probe can print it unchanged. An object
 * source has no text; the caller serializes it.
 *
 * @throws ManifestError when no file is found or it cannot be read.
 */
export function readManifestSourceBytes(source: string | undefined): Buffer {
  if (source !== undefined && looksLikeToml(source)) return Buffer.from(source, "utf8");
  const file = source === undefined ? defaultManifestPath() : resolveManifestPath(source);
  if (!file) throw new ManifestError("", `no ${MANIFEST_FILE_NAME} found above ${entryDirectory() ?? "the entry script"} or ${process.cwd()}`);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ManifestError("", `cannot read manifest ${file}: ${(error as Error).message}`, { cause: error });
  }
}
