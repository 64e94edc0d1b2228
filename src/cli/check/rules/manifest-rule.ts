/**
 * The manifest as the SDK reads it: the first broken rule (the daemon refuses such a
 * manifest, and the plugin does not start) and every key the SDK does not know.
 */
import type { CheckRule } from "./rule";
import { findingsOf } from "./rule";

const finding = findingsOf("manifest");

/** Manifest errors and unknown keys. */
export const manifestRule: CheckRule = {
  name: "manifest",
  description: "the manifest parses and follows the daemon's rules; unknown keys are warned about",
  check(context) {
    const findings = context.manifestWarnings.map((warning) => finding("warning", context.manifestFile, "", warning));
    const error = context.manifestError;
    if (error) {
      // ManifestError's message starts with its field; the finding names the field on its own.
      const message = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
      findings.push(finding("error", context.manifestFile, error.field, message));
    }
    return findings;
  },
};
