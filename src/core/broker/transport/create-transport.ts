/**
 * Builds the transport a mode names. The NATS implementation, and with it the NATS client, is
 * loaded only here and only in NATS mode, so a plugin on the stdio bridge never loads either.
 */
import type { EventEnvelope } from "../event";
import type { SendLine } from "../../host-calls/host-calls";
import type { Manifest } from "../../manifest/manifest";
import type { BrokerMode } from "./broker-mode";
import { StdioBridge } from "./stdio-bridge";
import type { BrokerTransport, TransportContext } from "./transport";

/** What the stdio bridge writes with. */
export interface StdioLink {
  /** Writes one frame line to stdout. */
  readonly send: SendLine;
  /** Envelope of published events. */
  readonly envelope: EventEnvelope;
}

/** The transport of `mode`, for the plugin `pluginId`. */
export function createBrokerTransport(mode: BrokerMode, pluginId: string, stdio: StdioLink, context: TransportContext): BrokerTransport {
  if (mode.kind === "stdio") return new StdioBridge(stdio.send, stdio.envelope, pluginId, context);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NatsTransport } = require("./nats-transport") as typeof import("./nats-transport");
  return new NatsTransport(mode, pluginId, context);
}

/**
 * The patterns the daemon forwards to the plugin over stdio, by the manifest: `plugin.outbound.<kind>`
 * and `plugin.outbound.<kind>.>` per registered channel, plus `[plugin.capabilities.broker].subscribe`.
 * What a plugin subscribes on NATS when it declares no patterns of its own.
 */
export function manifestSubscribePatterns(manifest: Manifest): string[] {
  const patterns: string[] = [];
  for (const channel of manifest.plugin.channels?.register ?? []) {
    patterns.push(`plugin.outbound.${channel.kind}`, `plugin.outbound.${channel.kind}.>`);
  }
  patterns.push(...(manifest.plugin.capabilities?.broker?.subscribe ?? []));
  return patterns;
}
