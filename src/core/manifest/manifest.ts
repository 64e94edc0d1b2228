/**
 * Loading and checking `nexo-plugin.toml` (CONTRACT.md section 7, EXTENSIONS.md "Manifest
 * sections").
 *
 * The checks mirror the daemon's so that a broken manifest fails at startup with an error naming
 * the field, instead of the daemon killing the plugin later. The one deliberate difference:
 * unknown keys only warn, because daemon versions differ in which keys they know. The document
 * itself is returned unchanged, since it is echoed verbatim in the `initialize` reply.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse, TomlError } from "smol-toml";
import { ManifestError } from "../errors";
import { isSemverRange, isSemverVersion } from "./semver";
import { createLineLog, showValue } from "../log";

/** The whole parsed `nexo-plugin.toml`; only the `[plugin]` table is known to the SDK. */
export interface Manifest {
  /** The `[plugin]` table. */
  plugin: PluginManifest;
  [key: string]: unknown;
}

/** The `[plugin]` table: the fields the SDK checks are typed, any others are kept as they are. */
export interface PluginManifest {
  /** The plugin id, `^[a-z][a-z0-9_]{0,31}$`; also the namespace of its tools. */
  id: string;
  /** The plugin's semver 2.0 version. */
  version: string;
  /** Human-readable name. */
  name?: string;
  /** One-line description. */
  description?: string;
  /** The daemon versions the plugin runs on, as an npm- or Cargo-style requirement. */
  min_nexo_version?: string;
  /** What the plugin needs from the daemon; checked by the daemon, not the SDK. */
  requires?: { nexo_capabilities?: string[]; [key: string]: unknown };
  /** How the daemon spawns the plugin. */
  entrypoint?: {
    /** The executable to run. */
    command?: string;
    /** Its arguments. */
    args?: string[];
    /** Extra environment; `NEXO_*` names are reserved for the daemon. */
    env?: Record<string, string>;
  };
  /** Channels the plugin relays. */
  channels?: {
    /** One entry per `[[plugin.channels.register]]` table. */
    register?: ChannelRegistration[];
  };
  /** Daemon surfaces the plugin extends (EXTENSIONS.md). */
  extends?: {
    /** Tool names, each `<id>_*` or `ext_<id>_*`. */
    tools?: string[];
    /** Channel kinds the plugin serves. */
    channels?: string[];
    /** LLM provider names the plugin serves. */
    llm_providers?: string[];
    /** Vector memory backend names the plugin serves. */
    memory_backends?: string[];
    /** Hook names the plugin handles. */
    hooks?: string[];
  };
  /** How the daemon restarts the plugin. */
  supervisor?: {
    /** Whether the daemon respawns the plugin when it exits. */
    respawn?: boolean;
    /** Respawn attempts before giving up, at least 1. */
    max_attempts?: number;
    /** Delay between respawns, 100..300000 ms. */
    backoff_ms?: number;
    /** Lines of stderr the daemon keeps for diagnostics, 0..512. */
    stderr_tail_lines?: number;
  };
  /** Broker topics beyond those derived from `channels.register`. */
  capabilities?: {
    /** Broker topic patterns. */
    broker?: {
      /** Patterns the plugin subscribes to. */
      subscribe?: string[];
      /** Patterns the plugin may publish to. */
      publish?: string[];
    };
  };
  /** Operator configuration; its presence switches on `plugin.configure`. */
  config_schema?: {
    /** JSON text of a JSON Schema whose root has `"type": "object"`. */
    schema: string;
    /** `"object"` for one config map, `"array"` for a list of them. */
    shape: "object" | "array";
    /** Whether the daemon re-sends the config on change; the daemon defaults it to true. */
    hot_reload?: boolean;
  };
  [key: string]: unknown;
}

/** One `[[plugin.channels.register]]` table. */
export interface ChannelRegistration {
  /** The channel kind, `^[a-z][a-z0-9_]{0,31}$`. */
  kind: string;
  /** The adapter serving the kind. */
  adapter?: string;
}

/** Receives one human-readable warning, such as an unknown manifest key. */
export type ManifestWarn = (message: string) => void;

type Table = Record<string, unknown>;
/** Checks one value and throws a {@link ManifestError} naming `field` when it is wrong. */
type Check = (value: unknown, field: string) => void;

const SHORT_ID = /^[a-z][a-z0-9_]{0,31}$/;
const EXTENSION_ID = /^[a-z][a-z0-9_]{0,63}$/;
const RESERVED_ENV_PREFIX = "NEXO_";
const EXTENDS_LISTS = ["tools", "channels", "llm_providers", "memory_backends", "hooks"] as const;

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

const defaultWarn: ManifestWarn = (message) => createLineLog(process.stderr)(message);

/**
 * Parses and checks a manifest's TOML text and returns the whole document.
 *
 * @param options.origin where the text came from, named in syntax errors; defaults to `<inline>`.
 * @param options.warn receives unknown-key warnings; defaults to a `[nexoai] ` line on stderr.
 * @throws {ManifestError} on a TOML syntax error (field `""`) or the first broken rule.
 */
export function parseManifest(
  tomlText: string,
  options: { origin?: string; warn?: ManifestWarn } = {},
): Manifest {
  let doc: unknown;
  try {
    doc = parse(tomlText);
  } catch (error) {
    const origin = options.origin ?? "<inline>";
    throw new ManifestError("", `invalid TOML in ${origin}: ${describeParseError(error)}`, { cause: error });
  }
  return validateManifest(doc, { warn: options.warn });
}

/**
 * Checks an already-parsed manifest, such as one given as a JS object, and returns it unchanged.
 *
 * @param options.warn receives unknown-key warnings; defaults to a `[nexoai] ` line on stderr.
 * @throws {ManifestError} naming the field of the first broken rule.
 */
export function validateManifest(doc: unknown, options: { warn?: ManifestWarn } = {}): Manifest {
  if (!isTable(doc)) fail("", `a manifest must be a table, got ${show(doc)}`);
  // Warn before checking: a misspelt key is often the reason a required one is missing.
  warnUnknownKeys(doc, options.warn ?? defaultWarn);
  if (doc.plugin === undefined) fail("plugin", "the [plugin] table is missing");
  checkPlugin(expectTable(doc.plugin, "plugin"));
  return doc as Manifest;
}

/**
 * Reads (synchronously, as UTF-8) and parses a manifest file.
 *
 * @throws {ManifestError} with field `""` when the file cannot be read, else as {@link parseManifest}.
 */
export function readManifest(path: string, options: { warn?: ManifestWarn } = {}): Manifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ManifestError("", `cannot read manifest ${path}: ${errorMessage(error)}`, { cause: error });
  }
  return parseManifest(text, { origin: path, warn: options.warn });
}

/** True when `toolName` is in the plugin's namespace: `<id>_<rest>` or `ext_<id>_<rest>`, rest non-empty. */
export function isToolInNamespace(pluginId: string, toolName: string): boolean {
  return [`${pluginId}_`, `ext_${pluginId}_`].some(
    (prefix) => toolName.startsWith(prefix) && toolName.length > prefix.length,
  );
}

/**
 * Looks for `fileName` in `startDir` and then in each parent directory up to the filesystem root.
 *
 * @returns the path of the first regular file found, or `undefined`.
 */
export function findManifestFile(startDir: string, fileName = "nexo-plugin.toml"): string | undefined {
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    const candidate = join(dir, fileName);
    if (isFile(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function checkPlugin(plugin: Table): void {
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
  const shape = required(table, "shape", field);
  if (shape !== "object" && shape !== "array") {
    fail(`${field}.shape`, `must be "object" or "array", got ${show(shape)}`);
  }
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

/** Runs each check whose key is present in `table`, in the order the checks are listed. */
function checkPresent(table: Table, path: string, checks: Record<string, Check>): void {
  for (const [key, check] of Object.entries(checks)) {
    if (table[key] !== undefined) check(table[key], `${path}.${key}`);
  }
}

function required(table: Table, key: string, path: string): unknown {
  if (table[key] === undefined) fail(`${path}.${key}`, "is required but missing");
  return table[key];
}

function expectTable(value: unknown, field: string): Table {
  if (!isTable(value)) fail(field, `must be a table, got ${show(value)}`);
  return value;
}

function expectString(value: unknown, field: string): string {
  if (typeof value !== "string") fail(field, `must be a string, got ${show(value)}`);
  return value;
}

function expectNonBlank(value: unknown, field: string): void {
  if (expectString(value, field).trim() === "") fail(field, `must not be blank, got ${show(value)}`);
}

function expectMatch(value: unknown, field: string, pattern: RegExp): string {
  const text = expectString(value, field);
  if (!pattern.test(text)) fail(field, `must match ${pattern.source}, got ${show(text)}`);
  return text;
}

function expectVersion(value: unknown, field: string): void {
  const text = expectString(value, field);
  if (!isSemverVersion(text)) fail(field, `must be a semver version such as "1.2.3", got ${show(text)}`);
}

function expectRange(value: unknown, field: string): void {
  const text = expectString(value, field);
  if (!isSemverRange(text)) fail(field, `must be a semver range such as ">=0.1.0", got ${show(text)}`);
}

function expectStringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) fail(field, `must be a list of strings, got ${show(value)}`);
  value.forEach((entry, index) => expectString(entry, `${field}[${index}]`));
  return value as string[];
}

function expectBool(value: unknown, field: string): void {
  if (typeof value !== "boolean") fail(field, `must be true or false, got ${show(value)}`);
}

function integerIn(min: number, max: number): Check {
  const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
  return (value, field) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      fail(field, `must be an integer ${range}, got ${show(value)}`);
    }
  };
}

function warnUnknownKeys(doc: Table, warn: ManifestWarn): void {
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

/** A TOML table or JSON object; smol-toml's dates are Date instances, not tables. */
function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    // Missing, or a parent is not a directory, or unreadable: none of these is a manifest to use.
    return false;
  }
}

/** The offending value as JSON, shortened so that a long schema does not swamp the message. */
function show(value: unknown): string {
  return showValue(value, 80);
}

function describeParseError(error: unknown): string {
  if (error instanceof TomlError) {
    return `line ${error.line}, column ${error.column}: ${error.message.trimEnd()}`;
  }
  return errorMessage(error);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fail(field: string, message: string): never {
  throw new ManifestError(field, message);
}
