/**
 * The checks of the `[plugin]` table and of the sections CONTRACT.md and EXTENSIONS.md define:
 * identity, entrypoint, channels, extends, supervisor, broker capabilities, configuration. The
 * service sections of SERVICES.md have checks of their own, called from here.
 */
import {
  checkPresent,
  expectBool,
  expectMatch,
  expectNonBlank,
  expectOneOf,
  expectRange,
  expectString,
  expectStringList,
  expectTable,
  expectVersion,
  errorMessage,
  fail,
  integerIn,
  isTable,
  required,
  show,
  type Table,
} from "./field-checks";
import { checkPairing } from "./pairing-checks";
import { checkAdmin, checkCredentialsSchema, checkDashboard, checkHttp, checkMetrics } from "./service-checks";
import { isToolInNamespace } from "./tool-namespace";

const SHORT_ID = /^[a-z][a-z0-9_]{0,31}$/;
const EXTENSION_ID = /^[a-z][a-z0-9_]{0,63}$/;
const RESERVED_ENV_PREFIX = "NEXO_";

/** The lists of `[plugin.extends]`, in the order they are checked. */
export const EXTENDS_LISTS = ["tools", "channels", "llm_providers", "memory_backends", "hooks"] as const;

/** Checks the `[plugin]` table, section by section, and throws at the first broken rule. */
export function checkPlugin(plugin: Table): void {
  const id = expectMatch(required(plugin, "id", "plugin"), "plugin.id", SHORT_ID);
  expectVersion(required(plugin, "version", "plugin"), "plugin.version");
  checkPresent(plugin, "plugin", {
    name: expectNonBlank,
    description: expectNonBlank,
    min_nexo_version: expectRange,
    entrypoint: checkEntrypoint,
    channels: checkChannels,
    extends: (value, field) => checkExtends(value, field, id),
    supervisor: checkSupervisor,
    capabilities: checkCapabilities,
    config_schema: checkConfigSchema,
    pairing: checkPairing,
    http: checkHttp,
    admin: checkAdmin,
    metrics: checkMetrics,
    dashboard: checkDashboard,
    credentials_schema: checkCredentialsSchema,
  });
}

function checkEntrypoint(value: unknown, field: string): void {
  checkPresent(expectTable(value, field), field, {
    command: expectString,
    args: expectStringList,
    env: checkEnv,
  });
}

function checkEnv(value: unknown, field: string): void {
  for (const [name, entry] of Object.entries(expectTable(value, field))) {
    const at = `${field}.${name}`;
    if (name.startsWith(RESERVED_ENV_PREFIX)) {
      const reason = "is reserved for the daemon, which refuses to spawn the plugin";
      fail(at, `${show(name)}: the ${RESERVED_ENV_PREFIX} prefix ${reason}`);
    }
    expectString(entry, at);
  }
}

function checkChannels(value: unknown, field: string): void {
  checkPresent(expectTable(value, field), field, { register: checkRegistrations });
}

function checkRegistrations(value: unknown, field: string): void {
  if (!Array.isArray(value)) fail(field, `must be an array of tables ([[${field}]]), got ${show(value)}`);
  value.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    const registration = expectTable(entry, at);
    expectMatch(required(registration, "kind", at), `${at}.kind`, SHORT_ID);
    checkPresent(registration, at, { adapter: expectString });
  });
}

function checkExtends(value: unknown, field: string, pluginId: string): void {
  const table = expectTable(value, field);
  // Every id seen so far, with the list and element holding it: an id may appear only once overall.
  const seen = new Map<string, { list: string; at: string }>();
  for (const list of EXTENDS_LISTS) {
    if (table[list] === undefined) continue;
    const listField = `${field}.${list}`;
    expectStringList(table[list], listField).forEach((name, index) => {
      const at = `${listField}[${index}]`;
      if (list === "tools") {
        if (!isToolInNamespace(pluginId, name)) {
          const prefixes = `${show(`${pluginId}_<name>`)} or ${show(`ext_${pluginId}_<name>`)}`;
          fail(at, `tool ${show(name)} must be named ${prefixes}`);
        }
      } else {
        expectMatch(name, at, EXTENSION_ID);
      }
      const earlier = seen.get(name);
      if (earlier?.list === listField) fail(at, `duplicate ${show(name)} (already at ${earlier.at})`);
      if (earlier) fail(at, `${show(name)} is already listed at ${earlier.at}; an id may be in one list only`);
      seen.set(name, { list: listField, at });
    });
  }
}

function checkSupervisor(value: unknown, field: string): void {
  checkPresent(expectTable(value, field), field, {
    respawn: expectBool,
    max_attempts: integerIn(1, Infinity),
    backoff_ms: integerIn(100, 300_000),
    stderr_tail_lines: integerIn(0, 512),
  });
}

function checkCapabilities(value: unknown, field: string): void {
  checkPresent(expectTable(value, field), field, {
    broker: (broker, at) =>
      checkPresent(expectTable(broker, at), at, { subscribe: expectStringList, publish: expectStringList }),
  });
}

function checkConfigSchema(value: unknown, field: string): void {
  const table = expectTable(value, field);
  expectObjectSchema(required(table, "schema", field), `${field}.schema`);
  expectOneOf(required(table, "shape", field), `${field}.shape`, ["object", "array"]);
  checkPresent(table, field, { hot_reload: expectBool });
}

function expectObjectSchema(value: unknown, field: string): void {
  const text = expectString(value, field);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    fail(field, `must be JSON text, got ${show(text)} (${errorMessage(error)})`);
  }
  if (!isTable(root) || root.type !== "object") {
    fail(field, `must be a JSON Schema whose root has "type": "object", got ${show(text)}`);
  }
}
