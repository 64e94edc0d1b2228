/**
 * The checks of the sections through which the daemon reaches a plugin's broker services
 * (SERVICES.md section 4): `[plugin.http]`, `[plugin.admin]`, `[plugin.metrics]`,
 * `[plugin.dashboard]` and `[plugin.credentials_schema]`. `[plugin.pairing]` has its own file.
 */
import {
  checkPresent,
  expectBool,
  expectNoWhitespace,
  expectOneOf,
  expectString,
  expectStringList,
  expectTable,
  expectTimeoutSeconds,
  fail,
  required,
  show,
  type Table,
} from "./field-checks";

/** Paths the daemon's HTTP server answers itself; a plugin may mount neither them nor anything below them. */
const DAEMON_HTTP_PATHS = ["/health", "/metrics", "/pair", "/admin", "/.well-known"];
const ADMIN_ROOT = "nexo/admin/";
/** Admin namespaces the daemon serves itself: `nexo/admin/<name>/...`. */
const DAEMON_ADMIN_NAMESPACES = [
  "agents",
  "credentials",
  "pairing",
  "llm",
  "channels",
  "tenants",
  "memory",
  "sessions",
  "snapshots",
  "policy",
];

/** The layout kinds of `[plugin.dashboard.layout]` and the keys each one has besides `kind`. */
export const DASHBOARD_LAYOUTS = { single: [], workspace_walk: ["subdir"] } as const;
/** The kinds of `[plugin.dashboard.auth_check]` and the keys each one has besides `kind`. */
export const DASHBOARD_AUTH_CHECKS = { file_presence: ["path"], session_dir_files: ["candidates"] } as const;

/** Checks the `[plugin.http]` table found at `field`. */
export function checkHttp(value: unknown, field: string): void {
  const http = expectTable(value, field);
  const at = `${field}.mount_prefix`;
  const prefix = expectString(required(http, "mount_prefix", field), at);
  if (!prefix.startsWith("/")) fail(at, `must start with "/", got ${show(prefix)}`);
  if (/[?#]/.test(prefix)) fail(at, `must not contain "?" or "#", got ${show(prefix)}`);
  const taken = DAEMON_HTTP_PATHS.find((path) => prefix === path || prefix.startsWith(`${path}/`));
  if (taken) fail(at, `${show(prefix)} is served by the daemon itself (${taken} and everything below it)`);
  checkPresent(http, field, { timeout_seconds: expectTimeoutSeconds });
}

/** Checks the `[plugin.admin]` table found at `field`. */
export function checkAdmin(value: unknown, field: string): void {
  const admin = expectTable(value, field);
  const at = `${field}.method_prefix`;
  const prefix = expectString(required(admin, "method_prefix", field), at);
  if (!prefix.startsWith(ADMIN_ROOT)) fail(at, `must start with ${show(ADMIN_ROOT)}, got ${show(prefix)}`);
  if (!prefix.endsWith("/")) fail(at, `must end with "/", got ${show(prefix)}`);
  if (prefix === ADMIN_ROOT) fail(at, `must name a namespace below ${show(ADMIN_ROOT)}, such as "nexo/admin/<id>/"`);
  const namespace = prefix.slice(ADMIN_ROOT.length).split("/")[0];
  if (DAEMON_ADMIN_NAMESPACES.includes(namespace)) {
    fail(at, `${show(prefix)} is in the daemon's own ${show(`${ADMIN_ROOT}${namespace}/`)} namespace`);
  }
  checkTopicPrefix(required(admin, "broker_topic_prefix", field), `${field}.broker_topic_prefix`);
  checkPresent(admin, field, { timeout_seconds: expectTimeoutSeconds });
}

/** Checks the `[plugin.metrics]` table found at `field`. */
export function checkMetrics(value: unknown, field: string): void {
  const metrics = expectTable(value, field);
  checkPresent(metrics, field, {
    prometheus: expectBool,
    broker_topic_prefix: expectNoWhitespace,
    timeout_seconds: expectTimeoutSeconds,
  });
  if (metrics.prometheus !== true) return;
  const at = `${field}.broker_topic_prefix`;
  if (metrics.broker_topic_prefix === undefined) fail(at, "is required when prometheus = true");
  checkTopicPrefix(metrics.broker_topic_prefix, at);
}

/** Checks the `[plugin.dashboard]` table found at `field`. */
export function checkDashboard(value: unknown, field: string): void {
  const dashboard = expectTable(value, field);
  checkLayout(required(dashboard, "layout", field), `${field}.layout`);
  checkAuthCheck(required(dashboard, "auth_check", field), `${field}.auth_check`);
}

function checkLayout(value: unknown, field: string): void {
  const layout = expectTable(value, field);
  if (expectKind(layout, field, DASHBOARD_LAYOUTS) !== "workspace_walk") return;
  const at = `${field}.subdir`;
  const subdir = expectString(required(layout, "subdir", field), at);
  if (subdir === "") fail(at, "must not be empty");
  if (subdir.includes("/")) fail(at, `must be one directory name, without "/", got ${show(subdir)}`);
}

function checkAuthCheck(value: unknown, field: string): void {
  const auth = expectTable(value, field);
  if (expectKind(auth, field, DASHBOARD_AUTH_CHECKS) === "file_presence") {
    const at = `${field}.path`;
    const path = expectString(required(auth, "path", field), at);
    if (path === "") fail(at, "must not be empty");
    if (path.startsWith("/")) fail(at, `must be relative to the secrets directory, got ${show(path)}`);
  } else {
    const at = `${field}.candidates`;
    const candidates = expectStringList(required(auth, "candidates", field), at);
    if (candidates.length === 0) fail(at, "must list at least one file name");
  }
}

/** Checks the `[plugin.credentials_schema]` table found at `field`. */
export function checkCredentialsSchema(value: unknown, field: string): void {
  checkPresent(expectTable(value, field), field, {
    enabled: expectBool,
    accounts_shape: (shape, at) => expectOneOf(shape, at, ["object", "array"]),
  });
}

function checkTopicPrefix(value: unknown, field: string): void {
  if (expectNoWhitespace(value, field) === "") fail(field, "must not be empty");
}

/** The table's required `kind`, one of the keys of `kinds`. */
function expectKind<K extends string>(table: Table, field: string, kinds: Record<K, readonly string[]>): K {
  return expectOneOf(required(table, "kind", field), `${field}.kind`, Object.keys(kinds) as K[]);
}
