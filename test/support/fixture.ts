/**
 * Starts the adapter fixture (test/fixtures/adapter-plugin/main.js) with a config; see the
 * fixture's header for what each key does.
 */
import * as path from "node:path";

import { WireHost, type SpawnOptions } from "./wire-host";

/** Path of the fixture script. */
export const FIXTURE_SCRIPT = path.join(__dirname, "..", "fixtures", "adapter-plugin", "main.js");

/** A tool the fixture declares in its catalog. */
export interface FixtureTool {
  name: string;
  description: string;
  inputSchema?: Record<string, unknown>;
}

/** The fixture's config (argv[2]). */
export interface FixtureConfig {
  manifest?: string;
  options?: {
    serverVersion?: string;
    envelope?: "full" | "minimal";
    maxFrameBytes?: number;
    handleProcessSignals?: boolean;
    callTimeoutMs?: number;
    enableStdoutGuard?: boolean;
    maxInFlightHandlers?: number;
  };
  tools?: FixtureTool[];
  toolHandler?: "context" | "plain" | "none";
  secondEventHandler?: boolean;
  shutdownHooks?: Array<"log" | "publish" | "fail" | "slow" | "leak-console" | "stats" | "unref-publish">;
  runTwice?: boolean;
  leakInterval?: boolean;
}

/** The fixture's default plugin id and its allowed publish topic. */
export const PLUGIN_ID = "demo";
export const INBOUND_TOPIC = "plugin.inbound.demo";
export const OUTBOUND_TOPIC = "plugin.outbound.demo";

/** Spawns the fixture plugin with `config`. */
export function startPlugin(config: FixtureConfig = {}, options: SpawnOptions = {}): WireHost {
  return WireHost.spawn(FIXTURE_SCRIPT, [JSON.stringify(config)], options);
}

/** Spawns the fixture and waits until it answered `initialize`, so startup is behind us. */
export async function startReady(config: FixtureConfig = {}, options: SpawnOptions = {}): Promise<WireHost> {
  const host = startPlugin(config, options);
  const reply = await host.request("initialize", { nexo_version: "0.1.0" }, { id: "ready", timeoutMs: 10_000 });
  if (!("result" in reply)) throw new Error(`initialize failed: ${JSON.stringify(reply)}`);
  return host;
}
