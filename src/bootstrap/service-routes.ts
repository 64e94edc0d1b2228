/**
 * The explorer's part for configuration and credentials: which methods serve them, checked
 * against each other and against the manifest sections that switch them on.
 */
import { ManifestError, type Manifest } from "../core";
import { credentialsEnabled } from "../core/surfaces/credentials/credentials-methods";
import { CREDENTIALS_DECORATORS } from "../decorators/credentials-role";
import type { CredentialsRole, MemberRecord } from "../decorators/metadata-store";
import { BootstrapError } from "./bootstrap-error";
import type { ConfigureRoute, CredentialsRoutes, HookRoute } from "./plugin-definition";

type Members = ReadonlyMap<string | symbol, { readonly record: MemberRecord }>;

/** The one `@OnConfigure` method, or `undefined`; with `manifest`, also checked against it. */
export function configureRoute(className: string, members: Members, manifest?: Manifest): ConfigureRoute | undefined {
  const routes: ConfigureRoute[] = [];
  for (const [method, { record }] of members) {
    if (record.configure) routes.push({ method, handlerName: `${className}.${String(method)}`, schema: record.configure.schema });
  }
  if (routes.length > 1) {
    throw new BootstrapError(className, `@OnConfigure is on ${routes.map((r) => r.handlerName).join(" and ")}; one method receives the configuration`);
  }
  const route = routes[0];
  if (route && manifest && manifest.plugin["config_schema"] === undefined) {
    throw new ManifestError(
      "plugin.config_schema",
      `is missing, so the daemon never sends plugin.configure to ${route.handlerName}: declare the section (nexo-plugin schema prints its schema)`,
    );
  }
  return route;
}

/** The credentials methods, or `undefined` when the class serves none. */
export function credentialsRoutes(className: string, members: Members, manifest: Manifest): CredentialsRoutes | undefined {
  const byRole = new Map<CredentialsRole, HookRoute>();
  for (const [method, { record }] of members) {
    const role = record.credentials;
    if (!role) continue;
    const route = { method, handlerName: `${className}.${String(method)}` };
    const other = byRole.get(role);
    if (other) throw new BootstrapError(className, `${CREDENTIALS_DECORATORS[role]} is on ${other.handlerName} and ${route.handlerName}; one method serves it`);
    byRole.set(role, route);
  }
  if (byRole.size === 0) return undefined;
  const missing = (["list", "issue", "resolveBytes"] as const).filter((role) => !byRole.has(role));
  if (missing.length > 0) {
    const present = [...byRole.values()].map((r) => r.handlerName).join(", ");
    throw new BootstrapError(className, `credentials need ${missing.map((r) => CREDENTIALS_DECORATORS[r]).join(" and ")} too (found ${present})`);
  }
  if (!credentialsEnabled(manifest)) {
    throw new ManifestError(
      "plugin.credentials_schema.enabled",
      `must be true: the daemon sends plugin.credentials.* only to plugins that enable them (served by ${byRole.get("list")!.handlerName})`,
    );
  }
  return { list: byRole.get("list")!, issue: byRole.get("issue")!, resolveBytes: byRole.get("resolveBytes")!, reload: byRole.get("reload") };
}
