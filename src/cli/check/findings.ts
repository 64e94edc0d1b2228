/**
 * What `nexo-plugin check` reports: one finding per problem, naming the file and the field or
 * `Class.method`, as compiler-style lines or as JSON for tools.
 */

/** An error makes `check` exit 1; warnings alone exit 0. */
export type Severity = "error" | "warning";

/** One problem. */
export interface Finding {
  readonly severity: Severity;
  /** The rule that found it, such as `tools`. */
  readonly rule: string;
  /** The file, relative to the plugin folder. */
  readonly file: string;
  /** The line in that file, when known. */
  readonly line?: number;
  /** The manifest field, tsconfig option or `Class.method`; empty for the file as a whole. */
  readonly where: string;
  readonly message: string;
}

/** The report's totals. */
export interface Totals {
  readonly errors: number;
  readonly warnings: number;
}

/** Counts errors and warnings. */
export function totals(findings: readonly Finding[]): Totals {
  const errors = findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}

/** `file:line: severity: where: message`, one per finding, then a summary line. */
export function formatText(findings: readonly Finding[], subject: string): string {
  const lines = findings.map((f) => {
    const location = f.line === undefined ? f.file : `${f.file}:${f.line}`;
    return `${location}: ${f.severity}: ${f.where ? `${f.where}: ` : ""}${f.message}`;
  });
  const { errors, warnings } = totals(findings);
  const summary =
    findings.length === 0
      ? `✔ ${subject}: no problems found`
      : `${errors > 0 ? "✘" : "✔"} ${subject}: ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  return [...lines, summary, ""].join("\n");
}

/** The whole report as one JSON document. */
export function formatJson(findings: readonly Finding[], plugin: { readonly dir: string; readonly id?: string; readonly version?: string }): string {
  return `${JSON.stringify({ plugin, ...totals(findings), findings }, null, 2)}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
