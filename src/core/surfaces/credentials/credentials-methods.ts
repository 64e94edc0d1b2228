/**
 * The `plugin.credentials.*` methods (SERVICES.md section 2). The daemon sends them to a
 * plugin whose manifest has `[plugin.credentials_schema] enabled = true`; until a provider is
 * registered they answer `-32601` saying what is missing.
 */
import { ManifestError, WireError } from "../../errors";
import { describeError, reasonOf, type LogSink } from "../../log";
import type { Manifest } from "../../manifest/manifest";
import { RpcReplyError, type HostRequest, type MethodDefinition, type MethodTable } from "../../runtime/method-table";
import { ErrorCode } from "../../wire/wire";
import { withinBudget } from "../time-budget";
import { CredentialError } from "./credential-errors";
import { checkEmptyParams, credentialBytesRequest, credentialRequest } from "./credentials-params";
import type { CredentialsProvider } from "./credentials-provider";
import { bytesResult, CredentialResultError, listResult } from "./credentials-results";

/** Each method and the daemon's wait for its reply. */
const BUDGETS_MS = {
  "plugin.credentials.list": 5000,
  "plugin.credentials.issue": 1000,
  "plugin.credentials.resolve_bytes": 1000,
  "plugin.credentials.reload": 5000,
} as const;

type CredentialsMethod = keyof typeof BUDGETS_MS;

const METHODS = Object.keys(BUDGETS_MS) as CredentialsMethod[];

/** Whether the manifest switches credentials on. */
export function credentialsEnabled(manifest: Manifest): boolean {
  const section: unknown = manifest.plugin["credentials_schema"];
  return typeof section === "object" && section !== null && (section as Record<string, unknown>)["enabled"] === true;
}

/** Says in every `-32601` of the credential methods why the plugin does not answer them. */
export function explainCredentialsAbsence(table: MethodTable, manifest: Manifest): void {
  const reason = credentialsEnabled(manifest)
    ? "the plugin registered no credentials provider"
    : "the manifest has no [plugin.credentials_schema] with enabled = true";
  for (const method of METHODS) table.explainAbsence(method, reason);
}

/**
 * Registers the four methods, served by `provider`.
 *
 * @throws ManifestError when the manifest does not enable credentials; WireError when a
 * provider is already registered or lacks a required function.
 */
export function registerCredentials(table: MethodTable, manifest: Manifest, provider: CredentialsProvider, log: LogSink): void {
  if (!credentialsEnabled(manifest)) {
    throw new ManifestError(
      "plugin.credentials_schema.enabled",
      "must be true to serve credentials: the daemon sends plugin.credentials.* only to plugins that enable them",
    );
  }
  if (table.has("plugin.credentials.list")) throw new WireError("a credentials provider is already registered");
  for (const name of ["list", "issue", "resolveBytes"] as const) {
    if (typeof provider?.[name] !== "function") throw new WireError(`the credentials provider needs a ${name} function`);
  }
  if (provider.reload !== undefined && typeof provider.reload !== "function") throw new WireError("the credentials provider's reload must be a function");
  const define = (method: CredentialsMethod, run: (request: HostRequest) => () => unknown, describe: (request: HostRequest) => string = () => method) => {
    table.register(method, credentialMethod(method, run, describe, log));
  };
  define("plugin.credentials.list", (request) => {
    checkEmptyParams(request.params);
    return async () => listResult(await provider.list());
  });
  define(
    "plugin.credentials.issue",
    (request) => {
      const params = credentialRequest(request.params);
      return async () => {
        await provider.issue(params);
        return { ok: true };
      };
    },
    (request) => `plugin.credentials.issue ${accountOf(request)}`,
  );
  define(
    "plugin.credentials.resolve_bytes",
    (request) => {
      const params = credentialBytesRequest(request.params);
      return async () => bytesResult(await provider.resolveBytes(params));
    },
    (request) => `plugin.credentials.resolve_bytes ${accountOf(request)}`,
  );
  define("plugin.credentials.reload", (request) => {
    checkEmptyParams(request.params);
    return async () => {
      await provider.reload?.();
      return { ok: true };
    };
  });
}

/** Params are checked first (a refusal costs no budget), then the provider runs within its budget. */
function credentialMethod(
  method: CredentialsMethod,
  prepare: (request: HostRequest) => () => unknown,
  describe: (request: HostRequest) => string,
  log: LogSink,
): MethodDefinition {
  return {
    handle: (request) => withinBudget(prepare(request), BUDGETS_MS[method], () => describe(request), log),
    encodeError: (error, request) => encodeCredentialError(error, describe(request), log),
    label: describe,
  };
}

function encodeCredentialError(error: unknown, what: string, log: LogSink): RpcReplyError {
  if (error instanceof CredentialError) return new RpcReplyError(ErrorCode.InternalError, error.wireMessage());
  if (error instanceof CredentialResultError) {
    log(`${what}: the provider returned an invalid result: ${error.message}`);
    return new RpcReplyError(ErrorCode.InternalError, `${what} returned an invalid result: ${error.message}`);
  }
  log(`${what} failed: ${describeError(error)}`);
  return new RpcReplyError(ErrorCode.InternalError, `${what} failed: ${reasonOf(error)}`);
}

/** `(account "work", agent "kate")`, from params already checked. */
function accountOf(request: HostRequest): string {
  const params = request.params as Record<string, unknown>;
  return `(account ${JSON.stringify(params["account_id"])}, agent ${JSON.stringify(params["agent_id"])})`;
}
