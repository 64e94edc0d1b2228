/**
 * Warnings about keys the SDK does not know. The daemon refuses unknown keys, but daemon
 * versions differ in which keys they know, so the SDK only warns and keeps the key.
 */
import { isTable, type Table } from "./field-checks";
import { EXTENDS_LISTS } from "./plugin-checks";
import type { ManifestWarn } from "./types";

const PLUGIN_KEYS = [
  "id",
  "version",
  "name",
  "description",
  "min_nexo_version",
  "requires",
  "entrypoint",
  "channels",
  "extends",
  "supervisor",
  "capabilities",
  "config_schema",
];
/** Sections of `[plugin]` whose keys are all known, so anything else there is worth a warning. */
const CLOSED_SECTIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["entrypoint", ["command", "args", "env"]],
  ["supervisor", ["respawn", "max_attempts", "backoff_ms", "stderr_tail_lines"]],
  ["extends", EXTENDS_LISTS],
];
const REGISTRATION_KEYS = ["kind", "adapter"];

/** Calls `warn` once for each key of `doc` that the SDK does not know. */
export function warnUnknownKeys(doc: Table, warn: ManifestWarn): void {
  warnUnknownIn(doc, "", ["plugin"], warn);
  const plugin = doc.plugin;
  if (!isTable(plugin)) return;
  warnUnknownIn(plugin, "plugin", PLUGIN_KEYS, warn);
  for (const [section, keys] of CLOSED_SECTIONS) {
    warnUnknownIn(plugin[section], `plugin.${section}`, keys, warn);
  }
  const register = isTable(plugin.channels) ? plugin.channels.register : undefined;
  if (!Array.isArray(register)) return;
  register.forEach((entry, index) =>
    warnUnknownIn(entry, `plugin.channels.register[${index}]`, REGISTRATION_KEYS, warn),
  );
}

/** Warns about each key of `value` not in `known`; a value that is not a table is left to the checks. */
function warnUnknownIn(value: unknown, path: string, known: readonly string[], warn: ManifestWarn): void {
  if (!isTable(value)) return;
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const dotted = path ? `${path}.${key}` : key;
    warn(`unknown manifest key ${dotted} (ignored; newer daemons may accept it)`);
  }
}
