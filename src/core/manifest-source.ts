/**
 * Where a plugin's manifest comes from: TOML text, a file path, an object, or the
 * `nexo-plugin.toml` found above the entry script.
 */
import * as path from "node:path";
import { ManifestError } from "./errors";
import { findManifestFile, parseManifest, readManifest, validateManifest } from "./manifest";
import type { Manifest, ManifestWarn } from "./manifest";

/**
 * A manifest given by the author: TOML text (anything containing a newline, `=` or `[`), a path
 * to a TOML file, or an already parsed object. Omitted, `nexo-plugin.toml` is searched for.
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
  if (typeof source === "object" && source !== null) return validateManifest(source, options);
  if (typeof source === "string") {
    return looksLikeToml(source) ? parseManifest(source, options) : readManifest(source, options);
  }
  if (source !== undefined) throw new ManifestError("", `manifest must be TOML text, a path or an object, got ${typeof source}`);
  const found = defaultManifestPath();
  if (!found) {
    throw new ManifestError(
      "",
      `no ${MANIFEST_FILE_NAME} found above ${entryDirectory() ?? "the entry script"} or ${process.cwd()}; pass the manifest explicitly`,
    );
  }
  return readManifest(found, options);
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
