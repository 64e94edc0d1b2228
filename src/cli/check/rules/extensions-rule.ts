/**
 * Extension handlers against `[plugin.extends]` (EXTENSIONS.md): the daemon calls a hook,
 * channel kind, LLM provider or vector backend only when its list names it, and calls every id
 * listed. The SDK refuses to start a plugin that serves an unlisted id or leaves a listed one
 * unserved; `check` reports every such id at once.
 */
import { publishPatterns, topicMatches, type Manifest } from "../../../core";
import type { Finding } from "../findings";
import type { ExtensionShape } from "../plugin-shape";
import { explored, findingsOf, type CheckRule } from "./rule";

const finding = findingsOf("extensions");

const LISTS: ReadonlyArray<readonly [ExtensionShape["list"], string, string]> = [
  ["hooks", "hook", "@Hook"],
  ["channels", "channel kind", "@Channel.send"],
  ["llm_providers", "LLM provider", "@LlmProvider"],
  ["memory_backends", "vector backend", "@VectorBackend.upsert, .search and .delete"],
];

/** `@Hook`, `@Channel.*`, `@LlmProvider` and `@VectorBackend.*` against their lists. */
export const extensionsRule: CheckRule = {
  name: "extensions",
  description: "every hook, channel, LLM provider and vector backend a method serves is in [plugin.extends], and every listed one is served",
  check(context) {
    const subject = explored(context);
    if (!subject) return [];
    const findings: Finding[] = [];
    const served = subject.classes.flatMap((c) => c.extensions);
    for (const [list, noun, decorator] of LISTS) {
      const listed = subject.manifest.plugin.extends?.[list] ?? [];
      for (const entry of served.filter((e) => e.list === list)) {
        if (listed.includes(entry.id)) continue;
        const message = `${noun} "${entry.id}" (${entry.handlers.join(", ")}) is not listed; the daemon never calls it, and the SDK refuses to start`;
        findings.push(finding("error", context.manifestFile, `plugin.extends.${list}`, message));
      }
      listed.forEach((id, index) => {
        if (served.some((e) => e.list === list && e.id === id)) return;
        const message = `no method serves ${noun} "${id}", which the daemon will call: add ${decorator}, or remove it`;
        findings.push(finding("error", context.manifestFile, `plugin.extends.${list}[${index}]`, message));
      });
    }
    findings.push(...channelsWithoutTopics(subject.manifest, context.manifestFile));
    return findings;
  },
};

/**
 * A kind listed only in `extends.channels` gets no broker topics from the daemon: without a
 * `[[plugin.channels.register]]` entry or a publish pattern, every inbound message it publishes
 * is dropped.
 */
function channelsWithoutTopics(manifest: Manifest, file: string): Finding[] {
  const publishes = publishPatterns(manifest);
  return (manifest.plugin.extends?.channels ?? []).flatMap((kind, index) => {
    if (publishes.some((pattern) => topicMatches(pattern, `plugin.inbound.${kind}`))) return [];
    const message =
      `channel kind "${kind}" has no broker topics: add [[plugin.channels.register]] kind = "${kind}" or a ` +
      `[plugin.capabilities.broker] publish pattern; the daemon drops its inbound publishes`;
    return [finding("warning", file, `plugin.extends.channels[${index}]`, message)];
  });
}
