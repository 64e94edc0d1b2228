/**
 * The building blocks of the manifest checks: each takes a value and the dotted path of its
 * field, and throws a {@link ManifestError} naming that path when the value is wrong.
 */
import { ManifestError } from "../errors";
import { showValue } from "../log";
import { isSemverRange, isSemverVersion } from "./semver";

/** A TOML table or JSON object. */
export type Table = Record<string, unknown>;
/** Checks one value and throws a {@link ManifestError} naming `field` when it is wrong. */
export type Check = (value: unknown, field: string) => void;

/** Runs each check whose key is present in `table`, in the order the checks are listed. */
export function checkPresent(table: Table, path: string, checks: Record<string, Check>): void {
  for (const [key, check] of Object.entries(checks)) {
    if (table[key] !== undefined) check(table[key], `${path}.${key}`);
  }
}

/** The value of a key that must be present. */
export function required(table: Table, key: string, path: string): unknown {
  if (table[key] === undefined) fail(`${path}.${key}`, "is required but missing");
  return table[key];
}

/** The value as a table, or a failure naming `field`. */
export function expectTable(value: unknown, field: string): Table {
  if (!isTable(value)) fail(field, `must be a table, got ${show(value)}`);
  return value;
}

/** The value as a string, or a failure naming `field`. */
export function expectString(value: unknown, field: string): string {
  if (typeof value !== "string") fail(field, `must be a string, got ${show(value)}`);
  return value;
}

/** A string with something other than whitespace in it. */
export function expectNonBlank(value: unknown, field: string): void {
  if (expectString(value, field).trim() === "") fail(field, `must not be blank, got ${show(value)}`);
}

/** A string matching `pattern`, returned. */
export function expectMatch(value: unknown, field: string, pattern: RegExp): string {
  const text = expectString(value, field);
  if (!pattern.test(text)) fail(field, `must match ${pattern.source}, got ${show(text)}`);
  return text;
}

/** A semver 2.0 version string. */
export function expectVersion(value: unknown, field: string): void {
  const text = expectString(value, field);
  if (!isSemverVersion(text)) fail(field, `must be a semver version such as "1.2.3", got ${show(text)}`);
}

/** A version requirement in npm or Cargo syntax. */
export function expectRange(value: unknown, field: string): void {
  const text = expectString(value, field);
  if (!isSemverRange(text)) fail(field, `must be a semver range such as ">=0.1.0", got ${show(text)}`);
}

/** A list of strings, returned; a wrong element is named by its index. */
export function expectStringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) fail(field, `must be a list of strings, got ${show(value)}`);
  value.forEach((entry, index) => expectString(entry, `${field}[${index}]`));
  return value as string[];
}

/** `true` or `false`. */
export function expectBool(value: unknown, field: string): void {
  if (typeof value !== "boolean") fail(field, `must be true or false, got ${show(value)}`);
}

/** One of `options`, returned; the message lists them. */
export function expectOneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T {
  if (!options.includes(value as T)) fail(field, `must be ${listChoices(options)}, got ${show(value)}`);
  return value as T;
}

/** A table whose every value is a string, such as text per locale; a wrong value is named by its key. */
export function expectStringTable(value: unknown, field: string): Table {
  const table = expectTable(value, field);
  for (const [key, entry] of Object.entries(table)) expectString(entry, `${field}.${key}`);
  return table;
}

/** A string without whitespace, such as a broker topic prefix. */
export function expectNoWhitespace(value: unknown, field: string): string {
  const text = expectString(value, field);
  if (/\s/.test(text)) fail(field, `must not contain whitespace, got ${show(text)}`);
  return text;
}

/** A check accepting integers from `min` to `max` inclusive; `max` may be `Infinity`. */
export function integerIn(min: number, max: number): Check {
  const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
  return (value, field) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      fail(field, `must be an integer ${range}, got ${show(value)}`);
    }
  };
}

/** A timeout of at least one whole second: a zero timeout would fail every request. */
export const expectTimeoutSeconds: Check = integerIn(1, Infinity);

/** `"a" or "b"`, `one of "a", "b" or "c"`. */
function listChoices(options: readonly string[]): string {
  const quoted = options.map((option) => JSON.stringify(option));
  const last = quoted.pop();
  if (quoted.length === 0) return String(last);
  return `${quoted.length > 1 ? "one of " : ""}${quoted.join(", ")} or ${last}`;
}

/** A TOML table or JSON object; smol-toml's dates are Date instances, not tables. */
export function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The offending value as JSON, shortened so that a long schema does not swamp the message. */
export function show(value: unknown): string {
  return showValue(value, 80);
}

/** The message of a thrown value, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Throws the {@link ManifestError} for `field`. */
export function fail(field: string, message: string): never {
  throw new ManifestError(field, message);
}
