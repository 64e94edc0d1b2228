/**
 * `@OnEvent` patterns against what the daemon delivers (CONTRACT.md section 4): it forwards only
 * topics matching the manifest's subscriptions, `plugin.outbound.<kind>` and
 * `plugin.outbound.<kind>.>` per `[[plugin.channels.register]]` plus
 * `[plugin.capabilities.broker].subscribe`. A pattern none of them overlaps never fires.
 */
import type { Manifest } from "../../../core";
import type { Finding } from "../findings";
import { patternsOverlap } from "../topic-overlap";
import { explored, findingsOf, type CheckRule } from "./rule";

const finding = findingsOf("events");

/** The patterns the daemon subscribes the plugin to, from its manifest. */
export function subscriptionPatterns(manifest: Manifest): string[] {
  const patterns: string[] = [];
  for (const channel of manifest.plugin.channels?.register ?? []) {
    patterns.push(`plugin.outbound.${channel.kind}`, `plugin.outbound.${channel.kind}.>`);
  }
  patterns.push(...(manifest.plugin.capabilities?.broker?.subscribe ?? []));
  return patterns;
}

/** `@OnEvent` patterns no subscription can deliver. */
export const eventsRule: CheckRule = {
  name: "events",
  description: "every @OnEvent pattern can receive some topic the manifest subscribes the plugin to",
  check(context) {
    const subject = explored(context);
    if (!subject) return [];
    const subscriptions = subscriptionPatterns(subject.manifest);
    const described =
      subscriptions.length === 0
        ? "the manifest subscribes to nothing (no [[plugin.channels.register]], no [plugin.capabilities.broker].subscribe)"
        : `the manifest subscribes to ${subscriptions.join(", ")}`;
    const findings: Finding[] = [];
    for (const event of subject.classes.flatMap((c) => c.events)) {
      for (const pattern of event.patterns) {
        if (subscriptions.some((subscription) => patternsOverlap(pattern, subscription))) continue;
        const message = `@OnEvent("${pattern}") never fires: ${described}; add a channel or a subscribe pattern`;
        findings.push(finding("error", context.entryFile, event.handlerName, message));
      }
    }
    return findings;
  },
};
