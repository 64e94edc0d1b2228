/**
 * The fixture's JSON config (FIXTURE.md), read and checked before anything runs.
 */

/** The config keys of FIXTURE.md, with defaults applied. */
export interface FixtureConfig {
  readonly manifest: string;
  readonly serverVersion: string;
  readonly envelope: "minimal" | "full";
  readonly handleSignals: boolean;
  readonly declareTools: readonly string[];
  /** Behaviour per declared tool; `undefined` when no tool handling is registered at all. */
  readonly toolBehaviours: ReadonlyMap<string, string> | undefined;
  readonly useToolContext: boolean;
  readonly eventHandler: string;
  readonly routes: readonly { pattern: string; name: string }[];
  /** Configuration handling: off, keep anything, or require non-empty strings under these names. */
  readonly configure: undefined | "accept" | { readonly required: readonly string[] };
  /** The credentials the fixture holds, when credentials handling is on. */
  readonly credentials: undefined | { readonly accounts: Readonly<Record<string, string>>; readonly denyAgents: readonly string[] };
}

/** A config the fixture cannot run: the message names the key. */
export class FixtureConfigError extends Error {}

const DEFAULT_MANIFEST = `[plugin]
id = "conformance"
version = "0.0.0"

[[plugin.channels.register]]
kind = "conf"
`;

/** Parses the `--config` argument. */
export function parseFixtureConfig(text: string): FixtureConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FixtureConfigError(`--config is not JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new FixtureConfigError("--config must be a JSON object");
  const config = raw as Record<string, unknown>;
  const declareTools = stringList(config, "declare_tools");
  return {
    manifest: optional(config, "manifest", "string") ?? DEFAULT_MANIFEST,
    serverVersion: optional(config, "server_version", "string") ?? "conformance-fixture-0",
    envelope: envelope(config),
    handleSignals: optional(config, "handle_signals", "boolean") ?? false,
    declareTools,
    toolBehaviours: toolBehaviours(config, declareTools),
    useToolContext: optional(config, "use_tool_context", "boolean") ?? true,
    eventHandler: optional(config, "event_handler", "string") ?? "never",
    routes: routes(config),
    configure: configure(config),
    credentials: credentials(config),
  };
}

function optional<K extends "string" | "boolean">(
  config: Record<string, unknown>,
  key: string,
  type: K,
): (K extends "string" ? string : boolean) | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== type) throw new FixtureConfigError(`${key} must be a ${type}, got ${JSON.stringify(value)}`);
  return value as K extends "string" ? string : boolean;
}

function envelope(config: Record<string, unknown>): "minimal" | "full" {
  const value = optional(config, "envelope", "string") ?? "minimal";
  if (value !== "minimal" && value !== "full") throw new FixtureConfigError(`envelope must be "minimal" or "full", got "${value}"`);
  return value;
}

function stringList(config: Record<string, unknown>, key: string): string[] {
  const value = config[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new FixtureConfigError(`${key} must be a list of strings`);
  }
  return value as string[];
}

function toolBehaviours(config: Record<string, unknown>, declared: readonly string[]): Map<string, string> | undefined {
  const shared = optional(config, "tool_handler", "string");
  const perTool = config["tool_handlers"];
  if (shared === undefined && perTool === undefined) return undefined;
  if (perTool !== undefined && (typeof perTool !== "object" || perTool === null || Array.isArray(perTool))) {
    throw new FixtureConfigError("tool_handlers must be an object of tool name -> behaviour");
  }
  const overrides = (perTool ?? {}) as Record<string, unknown>;
  const behaviours = new Map<string, string>();
  for (const name of declared) {
    const behaviour = overrides[name] ?? shared;
    if (behaviour === undefined) continue;
    if (typeof behaviour !== "string") throw new FixtureConfigError(`tool_handlers.${name} must be a string`);
    behaviours.set(name, behaviour);
  }
  return behaviours;
}

function routes(config: Record<string, unknown>): { pattern: string; name: string }[] {
  const value = config["routes"];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new FixtureConfigError("routes must be a list");
  return value.map((route: unknown, index) => {
    const r = route as Record<string, unknown> | null;
    if (typeof r?.["pattern"] !== "string" || typeof r["name"] !== "string") {
      throw new FixtureConfigError(`routes[${index}] must be {"pattern": string, "name": string}`);
    }
    return { pattern: r["pattern"], name: r["name"] };
  });
}

function configure(config: Record<string, unknown>): FixtureConfig["configure"] {
  const value = config["configure"];
  if (value === undefined || value === "accept") return value;
  const required = typeof value === "object" && value !== null ? (value as Record<string, unknown>)["required"] : undefined;
  if (!Array.isArray(required) || !required.every((name) => typeof name === "string")) {
    throw new FixtureConfigError('configure must be "accept" or {"required": [names]}');
  }
  return { required: required as string[] };
}

function credentials(config: Record<string, unknown>): FixtureConfig["credentials"] {
  const value = config["credentials"];
  if (value === undefined) return undefined;
  const spec = (typeof value === "object" && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const accounts = spec["accounts"] ?? {};
  const denyAgents = spec["deny_agents"] ?? [];
  const accountsOk =
    typeof accounts === "object" && accounts !== null && !Array.isArray(accounts) && Object.values(accounts).every((s) => typeof s === "string");
  if (value !== spec || !accountsOk || !Array.isArray(denyAgents) || !denyAgents.every((a) => typeof a === "string")) {
    throw new FixtureConfigError('credentials must be {"accounts": {account: secret}, "deny_agents": [agent ids]}');
  }
  return { accounts: accounts as Record<string, string>, denyAgents: denyAgents as string[] };
}
