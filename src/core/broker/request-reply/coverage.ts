/**
 * Whether the manifest lets the daemon deliver a service's requests and its replies: a request
 * reaches the plugin only on a topic its subscriptions cover, and on the stdio bridge a reply
 * is a publish on `_inbox.<uuid>`, dropped unless the publish allowlist covers `_inbox.>`.
 */
import type { Manifest } from "../../manifest/manifest";
import { asTheDaemonReadsIt, publishPatterns } from "../publish-allowlist";
import type { ServedTopic } from "./request-route";

/** The topic pattern every stdio-bridge reply is published under. */
export const REPLY_TOPICS = "_inbox.>";

/** The patterns the daemon subscribes the plugin to: `plugin.outbound.<kind>[.>]` per channel, plus `capabilities.broker.subscribe`. */
export function subscribePatterns(manifest: Manifest): string[] {
  const patterns: string[] = [];
  for (const channel of manifest.plugin.channels?.register ?? []) {
    patterns.push(`plugin.outbound.${channel.kind}`, `plugin.outbound.${channel.kind}.>`);
  }
  patterns.push(...(manifest.plugin.capabilities?.broker?.subscribe ?? []));
  return patterns;
}

/**
 * Whether every topic `narrow` matches is matched by `wide`, where `wide` is read as the daemon
 * reads an allowlist pattern (nothing after a `>`; an empty segment matches nothing).
 */
export function patternCovers(wide: string, narrow: string): boolean {
  const effective = asTheDaemonReadsIt(wide);
  if (effective === undefined) return false;
  const w = effective.split(".");
  const n = narrow.split(".");
  for (let i = 0; i < w.length; i++) {
    if (w[i] === ">") return n.length > i;
    if (i >= n.length || n[i] === ">") return false;
    if (w[i] === "*") continue;
    if (n[i] === "*" || w[i] !== n[i]) return false;
  }
  return w.length === n.length;
}

/** Whether one of `patterns` covers `topic`. */
export function anyCovers(patterns: readonly string[], topic: string): boolean {
  return patterns.some((pattern) => patternCovers(pattern, topic));
}

/** The warning for a served topic no subscription covers, or `undefined` when one does. */
export function subscribeWarning(manifest: Manifest, served: ServedTopic): string | undefined {
  if (anyCovers(subscribePatterns(manifest), served.topic)) return undefined;
  return (
    `${served.label} serves ${served.topic}, which the manifest's subscriptions do not cover, so the daemon never delivers ` +
    `these requests: add "${served.topic}" to [plugin.capabilities.broker].subscribe`
  );
}

/** The warning for replies the publish allowlist drops, or `undefined` when it allows them. */
export function replyWarning(manifest: Manifest, label: string): string | undefined {
  if (anyCovers(publishPatterns(manifest), REPLY_TOPICS)) return undefined;
  return (
    `replies to broker requests (${label} and any other service) are published on _inbox.<uuid>, which the manifest's ` +
    `publish allowlist does not cover, so the daemon drops every reply and the request times out: add "${REPLY_TOPICS}" ` +
    `to [plugin.capabilities.broker].publish`
  );
}
