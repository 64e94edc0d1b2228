/**
 * The runtime's broker side, wired once in its constructor: the transport the broker mode
 * selects, the request/reply the broker services answer through, the plugin-wide
 * `BrokerSender`, the broker request routes, and the delivery of the events the transport
 * receives to the plugin's event handlers.
 */
import { BrokerSender, type BrokerLink } from "../broker/broker";
import { createPublishAllowlistCheck } from "../broker/publish-allowlist";
import { BrokerRequests } from "../broker/request-reply/broker-requests";
import { NatsRequestReply } from "../broker/request-reply/nats-request-reply";
import { StdioBridgeTransport } from "../broker/request-reply/stdio-bridge-transport";
import { selectBrokerMode } from "../broker/transport/broker-mode";
import { createBrokerTransport } from "../broker/transport/create-transport";
import type { BrokerTransport } from "../broker/transport/transport";
import { DEFAULT_RPC_TIMEOUT_MS, type HostCalls, type SendLine } from "../host-calls/host-calls";
import type { LogSink } from "../log";
import type { Manifest } from "../manifest/manifest";
import type { PluginAdapterOptions } from "./adapter-options";
import { EventDelivery } from "./event-delivery";
import type { InFlight } from "./in-flight";
import type { RuntimeObservers } from "./observers";

/** What the broker side is wired from: the adapter's options and the runtime parts it uses. */
export interface BrokerSideDeps {
  readonly options: PluginAdapterOptions;
  readonly manifest: Manifest;
  readonly log: LogSink;
  readonly calls: HostCalls;
  readonly inFlight: InFlight;
  readonly observers: RuntimeObservers;
  /** Writes one frame line to stdout: the stdio bridge's publishes and replies. */
  readonly send: SendLine;
  /** False once the plugin is stopping: events are then dropped, requests refused with their failure reply. */
  readonly accepting: () => boolean;
  /** Flow control's word on one more event or request; it logs its own refusals. */
  readonly admit: () => boolean;
}

/**
 * The broker side of the runtime. The runtime copies each part into a field of its own, which
 * is what the surfaces and the per-frame code read.
 */
export class BrokerSide {
  /** Carries the broker traffic: the stdio bridge or NATS. */
  readonly transport: BrokerTransport;
  /** NATS mode's request/reply for the broker services; `undefined` on the stdio bridge. */
  readonly natsRequests: NatsRequestReply | undefined;
  /** Sends events and host calls outside any event's session. */
  readonly broker: BrokerSender;
  /** The plugin's event handlers and the delivery of the transport's events to them. */
  readonly events: EventDelivery;
  /** The broker request routes, answered through the broker mode's request/reply. */
  readonly requests: BrokerRequests;

  /** Selects the broker mode (logging the choice where it does) and builds the broker side on it. */
  constructor(deps: BrokerSideDeps) {
    const { options, manifest, log } = deps;
    const pluginId = manifest.plugin.id;
    const mode = selectBrokerMode(options.broker, process.env, log);
    this.transport = createBrokerTransport(
      mode,
      pluginId,
      { send: deps.send, envelope: options.envelope ?? "full" },
      { log, deliver: (event) => this.events.deliver(event), run: (label, body) => deps.inFlight.run(label, body) },
    );
    // Broker services reply through the same broker mode: published on reply_to, or NATS's own reply.
    const requestReply = mode.kind === "nats" ? new NatsRequestReply(this.transport) : new StdioBridgeTransport(deps.send, pluginId);
    this.natsRequests = requestReply instanceof NatsRequestReply ? requestReply : undefined;
    const allowlistCheck = mode.kind === "nats" ? undefined : createPublishAllowlistCheck(manifest, log);
    const link: BrokerLink = {
      transport: this.transport,
      calls: deps.calls,
      source: pluginId,
      // NATS bodies are always the full Event, and the daemon's allowlist does not apply there.
      envelope: mode.kind === "nats" ? "full" : (options.envelope ?? "full"),
      callTimeoutMs: options.callTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS,
      onPublish: (topic) => {
        allowlistCheck?.(topic);
        deps.observers.published?.();
      },
    };
    this.broker = new BrokerSender(link);
    this.events = new EventDelivery({
      broker: this.broker,
      inFlight: deps.inFlight,
      log,
      accepting: deps.accepting,
      admit: deps.admit,
      claim: (event) => this.requests.claimEvent(event),
      observers: deps.observers,
    });
    this.requests = new BrokerRequests({
      manifest,
      broker: this.broker,
      transport: requestReply,
      inFlight: deps.inFlight,
      log,
      observers: deps.observers,
      accepting: deps.accepting,
      admit: deps.admit,
    });
  }
}
