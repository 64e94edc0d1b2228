/**
 * Which transport carries a plugin's broker traffic: the adapter's `broker` option when given,
 * else the daemon's environment (SERVICES.md section 5).
 */
import { PluginError } from "../../errors";
import type { LogSink } from "../../log";
import { showValue } from "../../log";

/** Tuning of NATS mode; every field has a default. */
export interface NatsBrokerOptions {
  /** The server, `nats://[user:pass@|token@]host[:port]`. Default: `NEXO_BROKER_URL`, else `nats://127.0.0.1:4222`. */
  url?: string;
  /** How long the first connect is retried, with backoff, before the plugin gives NATS up. Default 10 000 ms. */
  connectWithinMs?: number;
  /** Bound of the publishes buffered while disconnected, in bytes of event JSON. Default 8 MiB. */
  maxBufferedBytes?: number;
  /** Longest wait at shutdown for buffered publishes to reach the server. Default 1000 ms. */
  drainWithinMs?: number;
}

/**
 * The `broker` option: `"stdio"` (the bridge over the plugin's stdio), `"nats"` (NATS at
 * `NEXO_BROKER_URL`), or NATS with a URL and tuning. Omitted, the environment decides.
 */
export type BrokerOption = "stdio" | "nats" | NatsBrokerOptions;

/** The chosen transport: the stdio bridge, or NATS with every setting resolved. */
export type BrokerMode = { readonly kind: "stdio" } | ({ readonly kind: "nats" } & Readonly<Required<NatsBrokerOptions>>);

/** NATS's own default address, for NATS mode chosen without a URL. */
export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";

const NATS_DEFAULTS = { connectWithinMs: 10_000, maxBufferedBytes: 8 * 1024 * 1024, drainWithinMs: 1000 };

const NATS_OPTION_KEYS: ReadonlySet<string> = new Set(["url", "connectWithinMs", "maxBufferedBytes", "drainWithinMs"]);

/**
 * Resolves the transport. The option wins; without it, `NEXO_BROKER_KIND=nats` means NATS at
 * `NEXO_BROKER_URL`, an unset kind with a `nats://` URL means NATS too, and anything else the
 * stdio bridge (an unknown kind is logged, since it is probably a typo).
 *
 * @throws PluginError naming the `broker` option when it is not one of its forms.
 */
export function selectBrokerMode(option: BrokerOption | undefined, env: NodeJS.ProcessEnv, log: LogSink): BrokerMode {
  const envUrl = nonEmpty(env["NEXO_BROKER_URL"]);
  if (option === "stdio") return { kind: "stdio" };
  if (option === "nats") return natsMode({ url: envUrl });
  if (option !== undefined) return natsMode(checkNatsOptions(option, envUrl));
  const kind = nonEmpty(env["NEXO_BROKER_KIND"]);
  if (kind === "nats") {
    if (envUrl === undefined) log(`NEXO_BROKER_KIND=nats without NEXO_BROKER_URL; connecting to ${DEFAULT_NATS_URL}`);
    return natsMode({ url: envUrl });
  }
  if (kind === undefined) return envUrl?.startsWith("nats://") ? natsMode({ url: envUrl }) : { kind: "stdio" };
  if (kind !== "stdio_bridge") log(`NEXO_BROKER_KIND=${kind} is neither nats nor stdio_bridge; using the stdio bridge`);
  return { kind: "stdio" };
}

function natsMode(options: NatsBrokerOptions): BrokerMode {
  return {
    kind: "nats",
    url: options.url ?? DEFAULT_NATS_URL,
    connectWithinMs: options.connectWithinMs ?? NATS_DEFAULTS.connectWithinMs,
    maxBufferedBytes: options.maxBufferedBytes ?? NATS_DEFAULTS.maxBufferedBytes,
    drainWithinMs: options.drainWithinMs ?? NATS_DEFAULTS.drainWithinMs,
  };
}

function checkNatsOptions(option: unknown, envUrl: string | undefined): NatsBrokerOptions {
  if (typeof option !== "object" || option === null || Array.isArray(option)) {
    throw new PluginError(`PluginAdapter option broker must be "stdio", "nats" or { url }, got ${showValue(option)}`);
  }
  for (const key of Object.keys(option)) {
    if (!NATS_OPTION_KEYS.has(key)) {
      throw new PluginError(`unknown PluginAdapter option broker.${key}; known: ${[...NATS_OPTION_KEYS].join(", ")}`);
    }
  }
  const given = option as NatsBrokerOptions;
  if (given.url !== undefined && (typeof given.url !== "string" || !/^nats:\/\/[^/]/.test(given.url))) {
    throw new PluginError(`PluginAdapter option broker.url must be a nats:// URL, got ${showValue(given.url)}`);
  }
  for (const key of ["connectWithinMs", "maxBufferedBytes", "drainWithinMs"] as const) {
    const value = given[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1)) {
      throw new PluginError(`PluginAdapter option broker.${key} must be an integer from 0 to 2^31 - 1, got ${showValue(value)}`);
    }
  }
  return { ...given, url: given.url ?? envUrl };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
