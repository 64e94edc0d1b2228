/**
 * The daemon's publish allowlist, known from the manifest: it silently drops a publish on any
 * other topic, so the SDK warns the author once per such topic (and still sends, since newer
 * daemons may allow more).
 */
import type { LogSink } from "../log";
import type { Manifest } from "../manifest/manifest";
import { TopicRouter } from "./topics";

const ALLOWED_MEMO_SIZE = 4096;
/** Topics warned about, at most; past it the warnings stop with one last line. */
const WARNED_TOPICS_MAX = 256;

/** The patterns a plugin may publish on: `plugin.inbound.<kind>[.>]` per channel, plus `capabilities.broker.publish`. */
export function publishPatterns(manifest: Manifest): string[] {
  const patterns: string[] = [];
  for (const channel of manifest.plugin.channels?.register ?? []) {
    patterns.push(`plugin.inbound.${channel.kind}`, `plugin.inbound.${channel.kind}.>`);
  }
  patterns.push(...(manifest.plugin.capabilities?.broker?.publish ?? []));
  return patterns;
}

/** Returns whether the daemon would let a publish on a topic through, by the manifest's allowlist. */
export function createPublishAllowlist(manifest: Manifest): (topic: string) => boolean {
  const router = new TopicRouter<true>();
  for (const pattern of publishPatterns(manifest)) {
    const effective = asTheDaemonReadsIt(pattern);
    if (effective !== undefined) router.add(effective, true);
  }
  return (topic) => router.match(topic).length > 0;
}

/** Returns a check that logs one warning per topic the daemon would drop. */
export function createPublishAllowlistCheck(manifest: Manifest, log: LogSink): (topic: string) => void {
  const isAllowed = createPublishAllowlist(manifest);
  // Allowed topics are remembered so the hot path skips the router; the memo is bounded
  // because topics may embed ids. Warned topics are kept so each is reported once.
  const allowed = new Set<string>();
  const warned = new Set<string>();
  return (topic) => {
    if (allowed.has(topic) || warned.has(topic)) return;
    if (isAllowed(topic)) {
      if (allowed.size >= ALLOWED_MEMO_SIZE) allowed.clear();
      allowed.add(topic);
    } else if (warned.size < WARNED_TOPICS_MAX) {
      warned.add(topic);
      log(
        `publish to "${topic}" is outside the manifest's publish allowlist (${describePublishAllowlist(manifest)}); ` +
          `the daemon will drop it unless it allows more`,
      );
      if (warned.size === WARNED_TOPICS_MAX) log(`${WARNED_TOPICS_MAX} topics reported; further topics outside the allowlist are not`);
    }
  };
}

/**
 * The pattern the daemon's matcher applies, or `undefined` when it lets nothing through (an
 * empty segment). The daemon ignores whatever follows a `>` (`a.>.c` allows `a.b`): the SDK
 * refuses such a pattern in its own subscriptions, but an allowlist pattern is the daemon's to
 * interpret, and warning about publishes it lets through would be wrong.
 */
export function asTheDaemonReadsIt(pattern: string): string | undefined {
  const segments = pattern.split(".");
  if (segments.includes("")) return undefined;
  const fullWildcard = segments.indexOf(">");
  return fullWildcard === -1 ? pattern : segments.slice(0, fullWildcard + 1).join(".");
}

/** The allowlist as a warning shows it. */
export function describePublishAllowlist(manifest: Manifest): string {
  const patterns = publishPatterns(manifest);
  return patterns.length === 0 ? "no channels registered" : patterns.join(", ");
}
