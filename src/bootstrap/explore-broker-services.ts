/**
 * The explorer's part for broker services: which methods answer which requests, checked both
 * ways against the manifest. A service decorator without its manifest section is an error (the
 * daemon would never send the requests); a section no method serves is a warning (the daemon's
 * requests would time out). Every message names the decorator, `Class.method` and the key.
 */
import { ManifestError, type Manifest } from "../core";
import { adminNameOf, adminTopicSuffix } from "../core/surfaces/admin/admin-names";
import type { MemberRecord, PairingRole } from "../decorators/metadata-store";
import { BootstrapError } from "./bootstrap-error";
import type { BrokerServiceDefinition, PairingServiceRoute, ServiceRoute } from "./broker-service-definition";

type Members = ReadonlyMap<string | symbol, { readonly record: MemberRecord }>;
type Routes = Omit<BrokerServiceDefinition, "warnings">;

const ADAPTER_ROLES: ReadonlyArray<readonly [PairingRole, string, string]> = [
  ["normalizeSender", "@PairingNormalizeSender", "pairing.normalize_sender"],
  ["sendReply", "@PairingSendReply", "pairing.send_reply"],
  ["sendQrImage", "@PairingSendQrImage", "pairing.send_qr_image"],
];

/** The service routes of the members, in declaration order. */
export function brokerServiceRoutes(className: string, members: Members): Routes {
  const routes = { requests: [], http: [], admin: [], pairing: [] } as {
    [K in keyof Routes]: Array<Routes[K][number]>;
  };
  for (const [method, { record }] of members) {
    const handlerName = `${className}.${String(method)}`;
    for (const binding of record.services) {
      const base: ServiceRoute = { method, handlerName, decorator: binding.decorator };
      if (binding.kind === "request") routes.requests.push({ ...base, pattern: binding.pattern });
      else if (binding.kind === "http") routes.http.push({ ...base, httpMethod: binding.method, path: binding.path });
      else if (binding.kind === "admin") routes.admin.push({ ...base, name: binding.name, params: binding.params });
      else routes.pairing.push({ ...base, role: binding.role });
    }
  }
  return routes;
}

/** Whether the class answers any broker request. */
export function hasBrokerServices(routes: Routes): boolean {
  return routes.requests.length + routes.http.length + routes.admin.length + routes.pairing.length > 0;
}

/**
 * Checks the routes against each other and the manifest; returns the warnings.
 *
 * @throws ManifestError naming the missing section or bad key; BootstrapError for a request served twice.
 */
export function checkBrokerServices(className: string, manifest: Manifest, routes: Routes): string[] {
  const warnings: string[] = [];
  const where = (r: ServiceRoute): string => `${r.decorator} on ${r.handlerName}`;
  const twice = (what: string, a: ServiceRoute, b: ServiceRoute): never => {
    throw new BootstrapError(className, `${what} is served twice, by ${where(a)} and ${where(b)}; one method answers a request`);
  };
  const seen = new Map<string, ServiceRoute>();
  const once = (key: string, what: string, route: ServiceRoute): void => {
    const other = seen.get(key);
    if (other) twice(what, other, route);
    seen.set(key, route);
  };
  for (const r of routes.requests) once(`request ${r.pattern}`, `requests on ${r.pattern}`, r);
  for (const r of routes.http) once(`http ${r.httpMethod} ${r.path}`, `HTTP ${r.httpMethod} ${r.path}`, r);
  for (const r of routes.pairing) once(`pairing ${r.role}`, `${r.decorator.replace(/\(\)$/, "")}'s call`, r);

  const plugin = manifest.plugin;
  if (routes.http.length > 0 && !plugin.http) {
    const served = routes.http.map(where).join(", ");
    throw new ManifestError("plugin.http", `is missing, so the daemon never forwards HTTP requests to ${served}: add [plugin.http] with mount_prefix = "/..."`);
  }
  if (plugin.http && routes.http.length === 0) {
    warnings.push(
      `[plugin.http] mount_prefix = "${plugin.http.mount_prefix}" is set, but no @Get, @Post, @Put, @Patch, @Delete or @HttpRoute method ` +
        `serves it: the daemon's requests under it will get no reply and time out`,
    );
  }
  const triggers = routes.pairing.filter((r) => r.role === "start" || r.role === "cancel");
  const adminNames = checkAdmin(manifest, routes, triggers, where, warnings);
  for (const r of routes.admin) {
    const suffix = adminTopicSuffix(r.name);
    once(`admin ${suffix}`, `admin method ${plugin.admin?.method_prefix ?? ""}${r.name}`, r);
  }
  for (const r of triggers) {
    const name = adminNames.get(r.role);
    if (name !== undefined) once(`admin ${adminTopicSuffix(name)}`, `admin method ${plugin.admin?.method_prefix ?? ""}${name}`, r);
  }
  checkPairingAdapter(manifest, routes.pairing, where, warnings);
  return warnings;
}

/** Admin methods need `[plugin.admin]`; trigger methods need the trigger and must lie under its prefix. Returns the trigger methods' names. */
function checkAdmin(
  manifest: Manifest,
  routes: Routes,
  triggers: readonly PairingServiceRoute[],
  where: (r: ServiceRoute) => string,
  warnings: string[],
): Map<PairingRole, string> {
  const { admin, pairing } = manifest.plugin;
  const users = [...routes.admin, ...triggers];
  if (users.length > 0 && !admin) {
    const why = routes.admin.length > 0 ? "the daemon never forwards admin calls to" : "the pairing trigger's methods are admin methods, for";
    throw new ManifestError("plugin.admin", `is missing, so ${why} ${users.map(where).join(", ")}: add [plugin.admin] with method_prefix and broker_topic_prefix`);
  }
  const names = new Map<PairingRole, string>();
  const trigger = pairing?.trigger;
  if (triggers.length > 0 && !trigger) {
    throw new ManifestError("plugin.pairing.trigger", `is missing, so the daemon never calls ${triggers.map(where).join(", ")}: add start_method and cancel_method`);
  }
  if (trigger && admin) {
    for (const [role, key, decorator] of [["start", "start_method", "@PairingStart"], ["cancel", "cancel_method", "@PairingCancel"]] as const) {
      const route = triggers.find((r) => r.role === role);
      if (!route) {
        warnings.push(`[plugin.pairing.trigger] ${key} = "${trigger[key]}" is set, but no ${decorator}() method serves it: the daemon's call will time out`);
        continue;
      }
      const name = adminNameOf(admin.method_prefix, trigger[key]);
      if (name === undefined) {
        throw new ManifestError(
          `plugin.pairing.trigger.${key}`,
          `"${trigger[key]}" is not under [plugin.admin] method_prefix "${admin.method_prefix}", so it never reaches ${where(route)}`,
        );
      }
      names.set(role, name);
    }
  }
  if (admin && users.length === 0) {
    warnings.push(
      `[plugin.admin] method_prefix = "${admin.method_prefix}" is set, but no @AdminMethod method serves it: the daemon's admin calls will get no reply and time out`,
    );
  }
  return names;
}

function checkPairingAdapter(manifest: Manifest, pairing: readonly PairingServiceRoute[], where: (r: ServiceRoute) => string, warnings: string[]): void {
  const section = manifest.plugin.pairing?.adapter;
  const served = pairing.filter((r) => ADAPTER_ROLES.some(([role]) => role === r.role));
  if (served.length > 0 && !section) {
    throw new ManifestError(
      "plugin.pairing.adapter",
      `is missing, so the daemon never calls ${served.map(where).join(", ")}: add [plugin.pairing.adapter] with channel_id and broker_topic_prefix`,
    );
  }
  if (!section) return;
  for (const [role, decorator, suffix] of ADAPTER_ROLES) {
    if (served.some((r) => r.role === role)) continue;
    warnings.push(
      `[plugin.pairing.adapter] is set, but no ${decorator}() method answers ${section.broker_topic_prefix}.${suffix}: the daemon's calls will time out`,
    );
  }
}
