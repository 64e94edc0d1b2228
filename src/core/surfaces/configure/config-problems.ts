/**
 * A configuration that breaks its schema, told property by property: the daemon shows the
 * reply's message when it refuses to start the plugin, so each bad field is named in it, with
 * the instance's index for `shape = "array"` (`[1].token: is required`).
 */
import type { JsonObject } from "../../wire/wire";

/** One bad property of one configuration object. */
export interface ConfigProblem {
  /** Where, inside the object: `token`, `servers[0].url`; empty for the object itself. */
  readonly path: string;
  /** What is wrong, such as `is required` or `must be integer`. */
  readonly message: string;
}

/** What a {@link ConfigValidator} makes of one configuration object. */
export type ConfigValidation = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Checks one configuration object (one element, for `shape = "array"`) and returns the value
 * the handler receives: the object itself, or an instance built from it.
 */
export type ConfigValidator = (value: unknown) => ConfigValidation;

/** A problem found in element `index` of a list (or in the one object, when `index` is undefined). */
export interface LocatedProblem extends ConfigProblem {
  readonly index: number | undefined;
}

/** `[1].token`, `token`, `[1]`, or `(value)` for the whole of a single object. */
export function problemPath(problem: LocatedProblem): string {
  const element = problem.index === undefined ? "" : `[${problem.index}]`;
  if (problem.path === "") return element || "(value)";
  if (element === "" || problem.path.startsWith("[")) return element + problem.path;
  return `${element}.${problem.path}`;
}

/** The reply's message: every problem, in order, `path: message` joined by `; `. */
export function describeProblems(problems: readonly LocatedProblem[]): string {
  return problems.map((p) => `${problemPath(p)}: ${p.message}`).join("; ");
}

/** The reply's `data`: the same problems, for a program to read. */
export function problemsData(problems: readonly LocatedProblem[]): JsonObject {
  return { problems: problems.map((p) => ({ path: problemPath(p), message: p.message })) };
}

/** Joins a parent path and a property name the way {@link problemPath} reads them. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}
