/**
 * The shapes of `[plugin.admin]` methods.
 */
import type { RequestContext } from "../../broker/request-reply/request-route";
import type { JsonValue } from "../../wire/wire";

/** What an admin method gets besides its params. */
export interface AdminContext extends RequestContext {
  /** The full method name the operator called, such as `nexo/admin/conf/items/list`. */
  readonly method: string;
  /** The method's name below `method_prefix`, as it was declared (`items/list`). */
  readonly name: string;
}

/** Serves one admin method: returns (or resolves with) its `result`. */
export type AdminHandler = (params: unknown, context: AdminContext) => unknown;

/** Turns raw params into what the handler gets, or says what is wrong with them. */
export type AdminParamsParser = (params: JsonValue) => { ok: true; value: unknown } | { ok: false; error: string };

/** One admin method. */
export interface AdminMethodDef {
  /** Its name below `method_prefix`, segments separated by `/` or `.` (`list`, `items/list`). */
  readonly name: string;
  readonly handler: AdminHandler;
  /** Checks and converts the params first; a refusal answers `{ok: false, error}` without calling the handler. */
  readonly parseParams?: AdminParamsParser;
  /** Names the handler in log lines, such as `Notes.reset`; default `admin <name>`. */
  readonly label?: string;
}

/** The reply payload the daemon expects: `{ok: true, result}` or `{ok: false, error}`. */
export type AdminReplyPayload = { ok: true; result: JsonValue } | { ok: false; error: string };
