/**
 * Services against the manifest sections that switch them on (SERVICES.md sections 1, 2 and 4):
 * a handler whose section is missing never receives a request (the SDK refuses to start such a
 * plugin), and a section without a handler has the daemon send requests the plugin cannot serve.
 * A new service adds its pair here.
 */
import type { Manifest } from "../../../core";
import { credentialsEnabled } from "../../../core/surfaces/credentials/credentials-methods";
import type { Finding } from "../findings";
import { explored, findingsOf, type CheckRule, type ExploredClass } from "./rule";

const finding = findingsOf("services");

/** One service: its handlers in the class, and whether the manifest switches it on. */
interface Service {
  readonly section: string;
  readonly decorator: string;
  handlers(plugin: ExploredClass): readonly string[];
  enabled(manifest: Manifest): boolean;
  readonly missingSection: string;
}

const SERVICES: readonly Service[] = [
  {
    section: "plugin.config_schema",
    decorator: "@OnConfigure",
    handlers: (plugin) => (plugin.configure ? [plugin.configure] : []),
    enabled: (manifest) => manifest.plugin.config_schema !== undefined,
    missingSection: "is missing, so the daemon never sends plugin.configure (nexo-plugin schema prints the section)",
  },
  {
    section: "plugin.credentials_schema.enabled",
    decorator: "@CredentialsList, @CredentialsIssue and @CredentialsResolveBytes",
    handlers: (plugin) => plugin.credentials,
    enabled: credentialsEnabled,
    missingSection: "must be true, or the daemon never sends plugin.credentials.*",
  },
];

/** Service handlers and their manifest sections. */
export const servicesRule: CheckRule = {
  name: "services",
  description: "every service handler (configure, credentials) has its manifest section, and every section its handler",
  check(context) {
    const subject = explored(context);
    if (!subject) return [];
    const findings: Finding[] = [];
    for (const service of SERVICES) {
      const handlers = subject.classes.flatMap((plugin) => service.handlers(plugin));
      const enabled = service.enabled(subject.manifest);
      if (handlers.length > 0 && !enabled) {
        findings.push(finding("error", context.manifestFile, service.section, `${service.missingSection}; served by ${handlers.join(", ")}`));
      } else if (handlers.length === 0 && enabled) {
        findings.push(finding("warning", context.manifestFile, service.section, `no method serves it: add ${service.decorator} to the plugin class`));
      }
    }
    return findings;
  },
};
