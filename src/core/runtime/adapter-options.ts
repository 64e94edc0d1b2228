/**
 * The options of `PluginAdapter` and the checks of its numeric limits.
 */
import type { Readable, Writable } from "node:stream";
import type { EventEnvelope } from "../broker/event";
import type { BrokerOption } from "../broker/transport/broker-mode";
import { PluginError } from "../errors";
import type { ManifestSource } from "../manifest/manifest-source";
import type { ToolDef, ToolHandler, ToolHandlerWithContext } from "../surfaces/tools/tools";
import type { EventHandler } from "./event-delivery";
import { MAX_FRAME_BYTES } from "../wire/wire";
import { DEFAULT_MAX_IN_FLIGHT } from "./input-throttle";

/** Runs during teardown, after in-flight handlers finished and before the shutdown ack. */
export type ShutdownHandler = () => unknown;

/**
 * Options of {@link PluginAdapter}: the seed SDK's (`manifestToml`, `onEvent`, `onShutdown`,
 * `tools`, `onTool`, `onToolWithContext`, `serverVersion`, `enableStdoutGuard`,
 * `maxFrameBytes`, `handleProcessSignals`) and this package's own. An unknown key is refused.
 */
export interface PluginAdapterOptions {
  /** The manifest as TOML text (the seed's spelling). Give this or {@link manifest}, not both. */
  manifestToml?: string;
  /** The manifest: TOML text, a file path, or an object. Default: `nexo-plugin.toml` above the entry script. */
  manifest?: ManifestSource;
  /** Handles every `broker.event`; the same as calling `onEvent` once. */
  onEvent?: EventHandler;
  /** Runs at shutdown before the ack; the same as calling `onShutdown` once. */
  onShutdown?: ShutdownHandler;
  /** Handles `tool.invoke`; `onToolWithContext` wins when both are given, as in the seed. */
  onTool?: ToolHandler;
  /** Handles `tool.invoke` with the broker and plugin id at hand. */
  onToolWithContext?: ToolHandlerWithContext;
  /** `server_version` of the `initialize` reply. Default `"<plugin.id>-<plugin.version>"`. */
  serverVersion?: string;
  /** Envelope of published events. Default `"full"`. */
  envelope?: EventEnvelope;
  /** Divert foreign writes to stdout onto stderr (only when writing to `process.stdout`). Default true. */
  enableStdoutGuard?: boolean;
  /** Inbound frame cap in UTF-8 bytes. Default {@link MAX_FRAME_BYTES}. */
  maxFrameBytes?: number;
  /** Tear down and exit 0 on SIGTERM and SIGINT (only when running on the process's stdio). Default true. */
  handleProcessSignals?: boolean;
  /** Default timeout of calls to the host, in milliseconds. Default 30 000. */
  callTimeoutMs?: number;
  /**
   * Handlers in flight before stdin is paused (default 1024). The daemon then queues, and drops
   * events at its own bounded queue, instead of the plugin running out of memory. While a
   * handler awaits a host reply reading continues, and events beyond twice the limit are dropped
   * with a stderr line.
   */
  maxInFlightHandlers?: number;
  /** Longest wait for in-flight handlers at shutdown, in milliseconds: an integer from 0 to 2^31 - 1001 (default 4000, inside the daemon's 5 s). */
  drainTimeoutMs?: number;
  /** The tool catalog; also settable with {@link PluginAdapter.tools}. */
  tools?: readonly ToolDef[];
  /** Input stream of frames. Default `process.stdin`. */
  stdin?: Readable;
  /** Output stream of frames. Default `process.stdout`. */
  stdout?: Writable;
  /** Log stream. Default `process.stderr`. */
  stderr?: Writable;
  /**
   * Which transport carries broker traffic: `"stdio"`, `"nats"` (at `NEXO_BROKER_URL`), or
   * `{ url, ... }`. Default: as the daemon's `NEXO_BROKER_KIND` / `NEXO_BROKER_URL` say.
   */
  broker?: BrokerOption;
}

/** Default longest wait for in-flight handlers at shutdown, inside the daemon's 5 s. */
const DEFAULT_DRAIN_TIMEOUT_MS = 4000;

/** What the daemon's 5 s leaves the shutdown hooks after a full default drain. */
export const SHUTDOWN_HOOKS_ALLOWANCE_MS = 1000;

/** Node's timers overflow past 2^31 - 1 ms; the teardown's hold adds the hook allowance. */
const MAX_DRAIN_TIMEOUT_MS = 2 ** 31 - 1 - SHUTDOWN_HOOKS_ALLOWANCE_MS;

/** The numeric limits, checked. */
export interface AdapterLimits {
  readonly maxFrameBytes: number;
  readonly maxInFlight: number;
  readonly drainLimitMs: number;
}

/** Reads and checks the numeric limits of `options`. @throws RangeError naming the option. */
export function adapterLimits(options: PluginAdapterOptions): AdapterLimits {
  const maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes <= 0) {
    throw new RangeError(`maxFrameBytes must be a positive integer, got ${String(maxFrameBytes)}`);
  }
  const maxInFlight = options.maxInFlightHandlers ?? DEFAULT_MAX_IN_FLIGHT;
  if (!Number.isInteger(maxInFlight) || maxInFlight <= 0) {
    throw new RangeError(`maxInFlightHandlers must be a positive integer, got ${String(maxInFlight)}`);
  }
  const drainLimitMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  if (!Number.isInteger(drainLimitMs) || drainLimitMs < 0 || drainLimitMs > MAX_DRAIN_TIMEOUT_MS) {
    throw new RangeError(`drainTimeoutMs must be an integer from 0 to ${MAX_DRAIN_TIMEOUT_MS}, got ${String(drainLimitMs)}`);
  }
  return { maxFrameBytes, maxInFlight, drainLimitMs };
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set<keyof PluginAdapterOptions>([
  "manifestToml",
  "manifest",
  "onEvent",
  "onShutdown",
  "onTool",
  "onToolWithContext",
  "tools",
  "serverVersion",
  "envelope",
  "enableStdoutGuard",
  "maxFrameBytes",
  "handleProcessSignals",
  "callTimeoutMs",
  "maxInFlightHandlers",
  "drainTimeoutMs",
  "stdin",
  "stdout",
  "stderr",
  "broker",
]);

/**
 * Refuses what the adapter would otherwise silently ignore: a misspelt key (it would fall back
 * to whatever manifest sits on disk), or both spellings of the manifest.
 *
 * @throws PluginError naming the key and listing the known ones.
 */
export function checkOptionKeys(options: object): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new PluginError(`PluginAdapter options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new PluginError(`unknown PluginAdapter option "${key}"; known options: ${[...KNOWN_OPTIONS].join(", ")}`);
    }
  }
  const given = options as PluginAdapterOptions;
  if (given.manifestToml !== undefined && given.manifest !== undefined) {
    throw new PluginError("PluginAdapter takes manifestToml or manifest, not both");
  }
  if (given.manifestToml !== undefined && typeof given.manifestToml !== "string") {
    throw new PluginError(`PluginAdapter option manifestToml must be TOML text, got ${typeof given.manifestToml}`);
  }
}
