/**
 * Loading and checking `nexo-plugin.toml` (CONTRACT.md section 7, EXTENSIONS.md "Manifest
 * sections", SERVICES.md section 4): the entry point of this folder, re-exporting its parts.
 */
export { parseManifest, readManifest, validateManifest } from "./parse";
export { findManifestFile, readManifestFile } from "./manifest-file";
export { isToolInNamespace } from "./tool-namespace";
export type { ChannelRegistration, ConfigSchemaSection, Manifest, ManifestWarn, PluginManifest } from "./types";
export type {
  AdminSection,
  CredentialsSchemaSection,
  DashboardAuthCheck,
  DashboardLayout,
  DashboardSection,
  HttpSection,
  MetricsSection,
  PairingAdapterSection,
  PairingField,
  PairingKind,
  PairingSection,
  PairingTriggerSection,
} from "./service-types";
