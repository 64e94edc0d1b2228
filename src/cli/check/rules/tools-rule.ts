/**
 * The tool catalog against the manifest (CONTRACT.md section 6): the daemon kills a plugin that
 * advertises a tool missing from `[plugin.extends].tools` or outside its namespace, and the SDK
 * refuses to start one; a listed tool no method declares is a section without a handler.
 */
import { isToolInNamespace } from "../../../core";
import type { Finding } from "../findings";
import { explored, findingsOf, type CheckRule } from "./rule";

const finding = findingsOf("tools");

/** `@Tool` names against `[plugin.extends].tools` and the namespace. */
export const toolsRule: CheckRule = {
  name: "tools",
  description: "every @Tool is in [plugin.extends].tools and the <id>_ namespace, and every listed tool has a @Tool",
  check(context) {
    const subject = explored(context);
    if (!subject) return [];
    const { id } = subject.manifest.plugin;
    const listed = subject.manifest.plugin.extends?.tools ?? [];
    const findings: Finding[] = [];
    const declaredBy = new Map<string, string>();
    for (const tool of subject.classes.flatMap((c) => c.tools)) {
      const earlier = declaredBy.get(tool.name);
      if (earlier) {
        findings.push(finding("error", context.entryFile, tool.handlerName, `tool "${tool.name}" is also declared by ${earlier}`));
        continue;
      }
      declaredBy.set(tool.name, tool.handlerName);
      if (!isToolInNamespace(id, tool.name)) {
        const message = `tool "${tool.name}" is outside the plugin's namespace: names must start with "${id}_" or "ext_${id}_"`;
        findings.push(finding("error", context.entryFile, tool.handlerName, message));
      } else if (!listed.includes(tool.name)) {
        const message = `tool "${tool.name}" (${tool.handlerName}) is not listed; the daemon kills a plugin that advertises it`;
        findings.push(finding("error", context.manifestFile, "plugin.extends.tools", message));
      }
    }
    listed.forEach((name, index) => {
      if (!declaredBy.has(name)) {
        findings.push(finding("warning", context.manifestFile, `plugin.extends.tools[${index}]`, `no @Tool method declares "${name}"`));
      }
    });
    return findings;
  },
};
