/**
 * Publish topics the daemon would drop (CONTRACT.md section 4): it forwards a `broker.publish`
 * only on `plugin.inbound.<kind>[.>]` per registered channel and
 * `[plugin.capabilities.broker].publish`, and drops anything else with a warning the plugin
 * never sees. Topics are read from the compiled JavaScript, best effort (see publish-scan.ts):
 * a topic computed at run time is not seen, and the runtime still warns about it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isValidTopic, publishPatterns } from "../../../core";
import type { Finding } from "../findings";
import { walkFiles } from "../../pack/package-files";
import { scanPublishes } from "../publish-scan";
import { patternsOverlap } from "../topic-overlap";
import { findingsOf, type CheckRule } from "./rule";

const finding = findingsOf("publish");

/** String-literal publish topics outside the allowlist. */
export const publishRule: CheckRule = {
  name: "publish",
  description: "publish topics written as literals in the compiled code are inside the manifest's publish allowlist (best effort)",
  check(context) {
    if (!context.manifest || !context.build) return [];
    const allowlist = publishPatterns(context.manifest);
    const described = allowlist.length === 0 ? "the manifest registers no channel and no publish pattern" : `the allowlist is ${allowlist.join(", ")}`;
    const findings: Finding[] = [];
    // The build folder, or the entry point alone when "main" is at the top of the plugin folder.
    const buildDir = context.build.dir;
    const files = buildDir ? walkFiles(buildDir).map((f) => path.join(buildDir, f.relative)) : [context.build.entry];
    for (const absolute of files) {
      if (!/\.[cm]?js$/.test(absolute)) continue;
      const shown = path.relative(context.dir, absolute).split(path.sep).join("/");
      for (const site of scanPublishes(readFileSync(absolute, "utf8"))) {
        // A known topic is a pattern of literals; a known prefix stands for every topic it starts.
        const asPattern = site.topic ?? `${site.prefix}>`;
        if (site.topic !== undefined && !isValidTopic(site.topic)) {
          findings.push(finding("warning", shown, "", `publish to "${site.topic}": not a valid topic (empty segment), the daemon drops it`, site.line));
        } else if (!allowlist.some((pattern) => patternsOverlap(asPattern, pattern))) {
          const what = site.topic === undefined ? `publish to a topic starting "${site.prefix}"` : `publish to "${site.topic}"`;
          findings.push(finding("warning", shown, "", `${what} would be dropped by the daemon: ${described}`, site.line));
        }
      }
    }
    return findings;
  },
};
