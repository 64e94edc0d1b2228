/**
 * Loading and checking `nexo-plugin.toml` (CONTRACT.md section 7, EXTENSIONS.md "Manifest
 * sections", SERVICES.md section 4): the entry point of this folder, re-exporting its parts.
 */
export { parseManifest, validateManifest } from "./parse";
export { findManifestFile, readManifest } from "./manifest-file";
export { isToolInNamespace } from "./tool-namespace";
export type { ChannelRegistration, Manifest, ManifestWarn, PluginManifest } from "./types";
