/**
 * The params of `plugin.credentials.*`, checked: a missing or mistyped field is `-32602`
 * naming it, before any plugin code runs.
 */
import { showValue } from "../../log";
import { RpcReplyError } from "../../runtime/method-table";
import { ErrorCode, isJsonObject } from "../../wire/wire";
import type { CredentialBytesRequest, CredentialRequest } from "./credentials-provider";

/** `list` and `reload` take `{}`; absent params are accepted too. */
export function checkEmptyParams(params: unknown): void {
  if (params !== undefined && params !== null && !isJsonObject(params)) invalid("params must be an object");
}

/** `{"account_id", "agent_id"}` of `issue`. */
export function credentialRequest(params: unknown): CredentialRequest {
  const object = paramsObject(params);
  return { accountId: requiredString(object, "account_id"), agentId: requiredString(object, "agent_id") };
}

/** `{"account_id", "agent_id", "fingerprint"}` of `resolve_bytes`. */
export function credentialBytesRequest(params: unknown): CredentialBytesRequest {
  const object = paramsObject(params);
  return {
    accountId: requiredString(object, "account_id"),
    agentId: requiredString(object, "agent_id"),
    fingerprint: requiredString(object, "fingerprint"),
  };
}

function paramsObject(params: unknown): Record<string, unknown> {
  if (!isJsonObject(params)) invalid(`params must be an object, got ${showValue(params ?? null)}`);
  return params;
}

function requiredString(params: Record<string, unknown>, key: string): string {
  const value = params[key];
  if (value === undefined) invalid(`params.${key} is required`);
  if (typeof value !== "string" || value === "") invalid(`params.${key} must be a non-empty string, got ${showValue(value)}`);
  return value;
}

function invalid(problem: string): never {
  throw new RpcReplyError(ErrorCode.InvalidParams, `invalid params: ${problem}`);
}
