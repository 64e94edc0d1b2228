/**
 * What a discovery probe prints: the manifest exactly as the plugin was given it. A manifest
 * object that the SDK itself loaded from TOML text or a file remembers that source, so the
 * probe prints the author's own bytes rather than a re-serialization.
 */
import { stringify } from "smol-toml";
import type { Manifest } from "../manifest/manifest";
import { readManifestSourceBytes, type ManifestSource } from "../manifest/manifest-source";

/** Manifest objects loaded from a text or file source, and that source (`undefined`: the file found by search). */
const loadedFrom = new WeakMap<Manifest, string | undefined>();

/**
 * Records that `manifest` was loaded from `source`, so {@link manifestBytes} of the object
 * prints the source's bytes. An object source records nothing: it is its own source.
 */
export function rememberManifestSource(manifest: Manifest, source: ManifestSource | undefined): void {
  if (typeof source !== "object") loadedFrom.set(manifest, source);
}

/**
 * The manifest TOML of `source`, byte for byte: TOML text as given, a file's own bytes, or the
 * TOML serialization of an object that was not loaded from text.
 *
 * @throws ManifestError when the file cannot be found or read.
 */
export function manifestBytes(source: ManifestSource | undefined): Buffer {
  if (typeof source === "object" && source !== null) {
    if (loadedFrom.has(source)) return readManifestSourceBytes(loadedFrom.get(source));
    return Buffer.from(stringify(source), "utf8");
  }
  return readManifestSourceBytes(source);
}
