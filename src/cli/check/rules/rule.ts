/**
 * A check rule: one small module per concern, so that a new surface (configure, credentials,
 * http, admin, metrics, pairing) adds its own rule, comparing its handlers with its manifest
 * section, to the list in `index.ts`.
 */
import type { Manifest } from "../../../core";
import type { CheckContext } from "../check-context";
import type { Finding, Severity } from "../findings";
import type { ClassShape } from "../plugin-shape";

/** One rule. It reports nothing when what it needs is missing; other rules say why. */
export interface CheckRule {
  /** Short name, shown in `--json` output as each finding's `rule`. */
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  check(context: CheckContext): Finding[];
}

/** A finding builder bound to a rule's name. */
export function findingsOf(rule: string): (severity: Severity, file: string, where: string, message: string, line?: number) => Finding {
  return (severity, file, where, message, line) => ({ severity, rule, file, where, message, ...(line === undefined ? {} : { line }) });
}

/** A plugin class whose decorators were read. */
export type ExploredClass = Exclude<ClassShape, { readonly error: string }>;

/** The classes to compare with the manifest: none unless both the manifest and the classes were read. */
export function explored(context: CheckContext): { manifest: Manifest; classes: ExploredClass[] } | undefined {
  if (!context.manifest || context.plugin?.status !== "loaded") return undefined;
  const classes = context.plugin.classes.filter((c): c is ExploredClass => !("error" in c));
  return classes.length === 0 ? undefined : { manifest: context.manifest, classes };
}
