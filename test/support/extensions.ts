/**
 * Starts the extensions fixture (test/fixtures/extensions-plugin/main.js), which serves hooks,
 * the "chat" channel, the "echo_llm" provider and the "mem" vector backend through either API.
 */
import * as path from "node:path";

import { WireHost, type Frame, type SpawnOptions } from "./wire-host";

/** Path of the fixture script. */
export const EXTENSIONS_SCRIPT = path.join(__dirname, "..", "fixtures", "extensions-plugin", "main.js");

/** The two ways the fixture registers its handlers. */
export const APIS = ["adapter", "decorators"] as const;

/** The fixture's config (argv[2]); see its header. */
export interface ExtensionsConfig {
  api?: (typeof APIS)[number];
  surfaces?: Array<"hooks" | "channels" | "llm" | "vector">;
  hookBudgetMs?: number;
}

/** Spawns the fixture and waits for its `initialize` reply. */
export async function startExtensions(config: ExtensionsConfig, options: SpawnOptions = {}): Promise<WireHost> {
  const host = WireHost.spawn(EXTENSIONS_SCRIPT, [JSON.stringify(config)], options);
  const reply = await host.request("initialize", { nexo_version: "0.1.0" }, { id: "ready", timeoutMs: 10_000 });
  if (!("result" in reply)) throw new Error(`initialize failed: ${JSON.stringify(reply)}; stderr: ${host.stderrLines.join("\n")}`);
  return host;
}

/** Shuts the fixture down and checks it kept the contract: an ack, exit 0, only well-formed frames. */
export async function stopExtensions(host: WireHost): Promise<void> {
  const ack = await host.request("shutdown", {});
  expect(ack["result"]).toEqual({ ok: true });
  expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
  expect(host.violations).toEqual([]);
}

/** The `error` of a reply, failing the test when it is a success. */
export function errorOf(reply: Frame): { code: number; message: string; data?: unknown } {
  if (!("error" in reply)) throw new Error(`expected an error reply, got ${JSON.stringify(reply)}`);
  return reply["error"] as { code: number; message: string; data?: unknown };
}
