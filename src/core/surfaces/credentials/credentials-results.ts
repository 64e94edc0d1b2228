/**
 * The results of `plugin.credentials.*` in the exact shapes the daemon decodes (every key
 * required), built from what the plugin returned. A return value of the wrong type is the
 * plugin's bug: it becomes an error reply naming the method and the field, never a reply the
 * daemon cannot decode.
 */
import { PluginError } from "../../errors";
import { showValue } from "../../log";
import type { CredentialAccounts, CredentialBytes } from "./credentials-provider";

/** What the plugin returned does not fit the method's result. */
export class CredentialResultError extends PluginError {}

/** `{"accounts": [...], "warnings": [...]}` from a list of ids or {@link CredentialAccounts}. */
export function listResult(returned: unknown): { accounts: string[]; warnings: string[] } {
  if (Array.isArray(returned)) return { accounts: strings(returned, "accounts"), warnings: [] };
  if (typeof returned !== "object" || returned === null) {
    throw new CredentialResultError(`list must return a list of account ids or {accounts, warnings}, got ${showValue(returned ?? null)}`);
  }
  const { accounts, warnings } = returned as CredentialAccounts;
  return { accounts: strings(accounts, "accounts"), warnings: warnings === undefined ? [] : strings(warnings, "warnings") };
}

/** `{"bytes_b64": <standard base64>}` of a `Uint8Array` (a `Buffer`) or a string's UTF-8 bytes. */
export function bytesResult(returned: unknown): { bytes_b64: string } {
  const bytes = returned as CredentialBytes;
  if (typeof bytes === "string") return { bytes_b64: Buffer.from(bytes, "utf8").toString("base64") };
  if (bytes instanceof Uint8Array) return { bytes_b64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") };
  throw new CredentialResultError(`resolveBytes must return a Buffer, a Uint8Array or a string, got ${describe(returned)}`);
}

function strings(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw new CredentialResultError(`${field} must be a list of strings, got ${showValue(value ?? null)}`);
  value.forEach((entry, index) => {
    if (typeof entry !== "string") throw new CredentialResultError(`${field}[${index}] must be a string, got ${showValue(entry)}`);
  });
  return [...(value as string[])];
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? (value.constructor?.name ?? "an object") : showValue(value);
}
