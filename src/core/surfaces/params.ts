/**
 * Reading the params of a host request field by field. Each reader returns the value typed or
 * throws the `-32602` reply naming the field's path (`params.request.messages[2].role`), so a
 * surface decodes its params in straight-line code and the host learns exactly what was wrong.
 */
import { showValue } from "../log";
import { RpcReplyError } from "../runtime/method-table";
import { ErrorCode, isJsonObject, type JsonObject, type JsonValue } from "../wire/wire";

/** A JSON object read from params, its keys still unchecked. */
export type Fields = Record<string, unknown>;

/** The `-32602` reply for the field at `path`; `data.field` names it for programs. */
export function invalidParams(path: string, problem: string): RpcReplyError {
  return new RpcReplyError(ErrorCode.InvalidParams, `invalid params: ${path} ${problem}`, { field: path });
}

function fail(path: string, expected: string, value: unknown): never {
  throw invalidParams(path, value === undefined ? `is required (${expected})` : `must be ${expected}, got ${showValue(value)}`);
}

/** An object. */
export function readObject(value: unknown, path: string): Fields {
  if (!isJsonObject(value)) fail(path, "an object", value);
  return value;
}

/** An object, or `undefined` when absent (`null` counts as absent). */
export function readOptionalObject(value: unknown, path: string): JsonObject | undefined {
  return value === undefined || value === null ? undefined : (readObject(value, path) as JsonObject);
}

/** A string, empty allowed. */
export function readString(value: unknown, path: string): string {
  if (typeof value !== "string") fail(path, "a string", value);
  return value;
}

/** A non-empty string. */
export function readName(value: unknown, path: string): string {
  if (typeof value !== "string" || value.length === 0) fail(path, "a non-empty string", value);
  return value;
}

/** A string, or `undefined` when absent (`null` counts as absent). */
export function readOptionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : readString(value, path);
}

/** A string or `null`; absent is `null`. */
export function readNullableString(value: unknown, path: string): string | null {
  return value === undefined || value === null ? null : readString(value, path);
}

/** A finite number. */
export function readNumber(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(path, "a finite number", value);
  return value;
}

/** A non-negative integer. */
export function readCount(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) fail(path, "a non-negative integer", value);
  return value;
}

/** A boolean. */
export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") fail(path, "true or false", value);
  return value;
}

/** A list, each element read by `element` with its index in the path. */
export function readList<T>(value: unknown, path: string, element: (item: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) fail(path, "a list", value);
  return value.map((item, index) => element(item, `${path}[${index}]`));
}

/** A list read by `element`, or `undefined` when absent (`null` counts as absent). */
export function readOptionalList<T>(value: unknown, path: string, element: (item: unknown, path: string) => T): T[] | undefined {
  return value === undefined || value === null ? undefined : readList(value, path, element);
}

/** Any JSON value; absent is `null`. */
export function readJson(value: unknown): JsonValue {
  return value === undefined ? null : (value as JsonValue);
}
