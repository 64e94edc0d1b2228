/**
 * `[plugin.admin]`: the daemon forwards admin calls under `method_prefix` to
 * `<broker_topic_prefix>.<method below the prefix, "/" -> ".">` with the payload
 * `{method, params}` and waits `timeout_seconds` (30 s by default) for `{ok, result, error}`.
 * One broker route serves every method of the prefix, so a method the plugin does not have is
 * answered `{ok: false, error}` too.
 */
import { RequestAbandonedError } from "../../broker/request-reply/request-reply-transport";
import type { RequestContext } from "../../broker/request-reply/request-route";
import { ManifestError, PluginError } from "../../errors";
import { describeError, reasonOf, type LogSink } from "../../log";
import { isJsonObject, type JsonValue } from "../../wire/wire";
import type { ServiceHost } from "../service-host";
import { adminNameProblem, adminTopic, adminTopicSuffix } from "./admin-names";
import type { AdminContext, AdminMethodDef, AdminReplyPayload } from "./admin-types";

/** An admin method name that cannot be served, or one declared twice. */
export class AdminMethodError extends PluginError {}

/**
 * Serves `methods` under the manifest's `[plugin.admin]`.
 *
 * @example
 * ```ts
 * serveAdminMethods(adapter, [{ name: "items/list", handler: () => items }]);
 * ```
 * @throws ManifestError when the manifest has no `[plugin.admin]`; AdminMethodError for a bad or duplicate name.
 */
export function serveAdminMethods(host: ServiceHost, methods: readonly AdminMethodDef[]): void {
  const section = host.manifest.plugin.admin;
  const labelOf = (def: AdminMethodDef): string => def.label ?? `admin ${def.name}`;
  if (!section) {
    const names = methods.map(labelOf).join(", ");
    throw new ManifestError(
      "plugin.admin",
      `is missing, so the daemon never forwards admin calls to ${names}: add [plugin.admin] with method_prefix and broker_topic_prefix`,
    );
  }
  const bySuffix = new Map<string, AdminMethodDef>();
  for (const def of methods) {
    const problem = adminNameProblem(def.name);
    if (problem) throw new AdminMethodError(`${labelOf(def)}: ${problem}`);
    const suffix = adminTopicSuffix(def.name);
    const other = bySuffix.get(suffix);
    if (other) throw new AdminMethodError(`admin method ${section.method_prefix}${def.name} is served twice, by ${labelOf(other)} and ${labelOf(def)}`);
    bySuffix.set(suffix, def);
  }
  const prefix = section.broker_topic_prefix;
  const log = host.requests.log;
  host.requests.add({
    pattern: `${prefix}.>`,
    label: "admin methods",
    serves: methods.map((def) => ({ topic: adminTopic(prefix, def.name), label: labelOf(def) })),
    handle: (payload, context) => {
      const suffix = context.topic.slice(prefix.length + 1);
      return answer(bySuffix.get(suffix), section.method_prefix + suffix.replace(/\./g, "/"), labelOf, log, payload, context);
    },
    failure: (error): AdminReplyPayload => ({
      ok: false,
      error: error instanceof RequestAbandonedError ? `the plugin cannot answer: ${error.message}` : "internal error",
    }),
  });
}

async function answer(
  def: AdminMethodDef | undefined,
  topicMethod: string,
  labelOf: (def: AdminMethodDef) => string,
  log: LogSink,
  payload: JsonValue,
  context: RequestContext,
): Promise<AdminReplyPayload> {
  const request = isJsonObject(payload) ? payload : {};
  const method = typeof request["method"] === "string" ? request["method"] : topicMethod;
  if (!def) return { ok: false, error: `unknown admin method ${method}` };
  let params: unknown = (request["params"] ?? null) as JsonValue;
  if (def.parseParams) {
    const parsed = def.parseParams(params as JsonValue);
    if (!parsed.ok) return { ok: false, error: `invalid params for ${method}: ${parsed.error}` };
    params = parsed.value;
  }
  const adminContext: AdminContext = { ...context, method, name: def.name };
  let result: unknown;
  try {
    result = await def.handler(params, adminContext);
  } catch (error) {
    log(`${labelOf(def)} failed on ${method}: ${describeError(error)}`);
    return { ok: false, error: reasonOf(error) };
  }
  return { ok: true, result: (result ?? null) as JsonValue };
}
