/**
 * Whether the compiled plugin could be read at all: a built entry point that loads, passes a
 * class to `bootstrap()`, and whose decorators make a plugin.
 */
import * as path from "node:path";
import type { CheckRule } from "./rule";
import { findingsOf } from "./rule";

const finding = findingsOf("plugin-class");

/** The build and the plugin class. */
export const pluginClassRule: CheckRule = {
  name: "plugin-class",
  description: "the entry point is built, loads, and passes a decorated class to bootstrap()",
  check(context) {
    const problem = context.buildProblem;
    if (problem) return [finding("error", path.relative(context.dir, problem.file).split(path.sep).join("/"), problem.field, problem.message)];
    const plugin = context.plugin;
    const file = context.entryFile;
    if (!plugin) return [];
    switch (plugin.status) {
      case "failed":
        return [finding("error", file, "", `the entry point throws while loading: ${plugin.error}`)];
      case "unreadable":
        return [finding("warning", file, "", `the plugin class was not checked: ${plugin.reason}`)];
      case "loaded":
        if (plugin.classes.length === 0) {
          return [finding("warning", file, "", "the entry point passed no class to bootstrap() while loading; the class checks were skipped")];
        }
        return plugin.classes.flatMap((c) => ("error" in c ? [finding("error", file, c.className, c.error)] : []));
    }
  },
};
