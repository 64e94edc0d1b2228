/**
 * Warnings about keys the SDK does not know. The daemon refuses unknown keys, but daemon
 * versions differ in which keys they know, so the SDK only warns, naming the key and the section
 * it is in, and keeps it.
 */
import { isTable } from "./field-checks";
import { EXTENDS_LISTS } from "./plugin-checks";
import { DASHBOARD_AUTH_CHECKS, DASHBOARD_LAYOUTS } from "./service-checks";
import type { ManifestWarn } from "./types";

/**
 * What the SDK knows of one value: `null` for a value it does not look into (a scalar, a list of
 * scalars, or a table open to any key such as `entrypoint.env`), else a table with known keys,
 * an array of such tables, or a table whose keys besides `kind` depend on its `kind`.
 */
type Known =
  | null
  | { readonly table: KnownKeys }
  | { readonly entries: KnownKeys }
  | { readonly kinds: Readonly<Record<string, readonly string[]>> };
type KnownKeys = { readonly [key: string]: Known };

const leaves = (...names: readonly string[]): KnownKeys => Object.fromEntries(names.map((name) => [name, null]));
const table = (keys: KnownKeys): Known => ({ table: keys });
const entries = (keys: KnownKeys): Known => ({ entries: keys });

const PAIRING = table({
  ...leaves("kind", "label", "instructions", "rpc_namespace", "instance_field"),
  fields: entries(leaves("name", "label", "help", "placeholder", "sensitive", "required")),
  adapter: table(
    leaves("channel_id", "broker_topic_prefix", "format_challenge_text_kind", "normalize_cache_ttl_seconds"),
  ),
  trigger: table(leaves("start_method", "cancel_method", "timeout_seconds")),
});

const PLUGIN = table({
  // `requires` is the daemon's to check; the SDK does not know all of its keys.
  ...leaves("id", "version", "name", "description", "min_nexo_version", "requires"),
  entrypoint: table(leaves("command", "args", "env")),
  channels: table({ register: entries(leaves("kind", "adapter")) }),
  extends: table(leaves(...EXTENDS_LISTS)),
  supervisor: table(leaves("respawn", "max_attempts", "backoff_ms", "stderr_tail_lines")),
  capabilities: table({ broker: table(leaves("subscribe", "publish")) }),
  config_schema: table(leaves("schema", "shape", "hot_reload")),
  pairing: PAIRING,
  http: table(leaves("mount_prefix", "timeout_seconds")),
  admin: table(leaves("method_prefix", "broker_topic_prefix", "timeout_seconds")),
  metrics: table(leaves("prometheus", "broker_topic_prefix", "timeout_seconds")),
  dashboard: table({ layout: { kinds: DASHBOARD_LAYOUTS }, auth_check: { kinds: DASHBOARD_AUTH_CHECKS } }),
  credentials_schema: table(leaves("enabled", "accounts_shape")),
});

/** Calls `warn` once for each key of `doc` that the SDK does not know. */
export function warnUnknownKeys(doc: Record<string, unknown>, warn: ManifestWarn): void {
  warnUnknownIn(doc, { plugin: PLUGIN }, "", "at the top level", warn);
}

/** Walks `value` as `known` describes it; a value of the wrong type is left to the checks. */
function walk(value: unknown, known: Known, path: string, warn: ManifestWarn): void {
  if (known === null) return;
  if ("table" in known) {
    warnUnknownIn(value, known.table, path, `in [${path}]`, warn);
  } else if ("entries" in known) {
    if (!Array.isArray(value)) return;
    value.forEach((entry, index) => warnUnknownIn(entry, known.entries, `${path}[${index}]`, `in [[${path}]]`, warn));
  } else if (isTable(value)) {
    const kind = value.kind;
    // An unknown kind is refused by the checks; until then, any variant's keys are plausible.
    const isKnownKind = typeof kind === "string" && Object.hasOwn(known.kinds, kind);
    const variants = isKnownKind ? [known.kinds[kind]] : Object.values(known.kinds);
    warnUnknownIn(value, leaves("kind", ...variants.flat()), path, `in [${path}]`, warn);
  }
}

/** Warns about each key of `value` not in `keys`, then walks the known ones. */
function warnUnknownIn(value: unknown, keys: KnownKeys, path: string, where: string, warn: ManifestWarn): void {
  if (!isTable(value)) return;
  for (const [key, entry] of Object.entries(value)) {
    const dotted = path ? `${path}.${key}` : key;
    if (Object.hasOwn(keys, key)) walk(entry, keys[key], dotted, warn);
    else warn(`unknown manifest key ${dotted} ${where} (ignored; newer daemons may accept it)`);
  }
}
