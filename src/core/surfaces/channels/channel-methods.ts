/**
 * `channel.start`, `channel.stop` and `channel.send_outbound`: one set of handlers per channel
 * kind in `[plugin.extends].channels`.
 */
import type { BrokerSender } from "../../broker/broker";
import type { PublishOptions } from "../../broker/event";
import { showValue } from "../../log";
import type { HostRequest } from "../../runtime/method-table";
import type { JsonObject } from "../../wire/wire";
import { ExtensionHandlers, labelBy, type ExtensionDeps } from "../extension-handlers";
import { readName, readNullableString, readObject } from "../params";
import { decodeOutboundMessage, encodeReceipt, inboundTopic, type DeliveryReceipt, type OutboundMessage } from "./channel-messages";

/** Options of {@link ChannelContext.publishInbound}. */
export interface InboundPublishOptions extends PublishOptions {
  /** The instance whose topic to publish on; default the context's own `instance`. */
  instance?: string | null;
}

/** What a channel handler gets. */
export interface ChannelContext {
  /** The channel kind being served. */
  readonly kind: string;
  /** The instance `channel.start` named, or `null` (always `null` for stop and send). */
  readonly instance: string | null;
  /** The plugin id from the manifest. */
  readonly pluginId: string;
  /** Sends events and host calls. */
  readonly broker: BrokerSender;
  /**
   * Publishes an inbound message for the agent on `plugin.inbound.<kind>[.<instance>]`. Safe to
   * keep and call later (from a socket's message handler, say). The daemon delivers it only when
   * the kind also has a `[[plugin.channels.register]]` entry or a matching
   * `[plugin.capabilities.broker].publish` pattern: `extends.channels` alone grants no topic.
   */
  publishInbound(payload: unknown, options?: InboundPublishOptions): Promise<void>;
}

/** The handlers of one channel kind. */
export interface ChannelHandlers {
  /** Starts serving (connect, subscribe, begin publishing inbound messages). Optional. */
  start?(context: ChannelContext): unknown;
  /** Stops serving; called only for a started kind, so a repeated stop is answered without it. Optional. */
  stop?(context: ChannelContext): unknown;
  /** Delivers one message; throw a `ChannelError` subclass for a typed failure. */
  send(message: OutboundMessage, context: ChannelContext): DeliveryReceipt | Promise<DeliveryReceipt>;
}

const OK: JsonObject = { ok: true };

/** Serves the channel methods for the kinds registered through {@link add}. */
export class ChannelSurface {
  private readonly handlers: ExtensionHandlers<ChannelHandlers>;
  /** Kinds whose start succeeded and that were not stopped since. */
  private readonly started = new Set<string>();

  constructor(private readonly deps: ExtensionDeps) {
    this.handlers = new ExtensionHandlers(deps.manifest, "channels", "channel kind");
    const label = labelBy("kind");
    deps.table.register("channel.start", { handle: (request) => this.start(request), label });
    // A stop that arrives while the plugin is shutting down is still answered: it is teardown.
    deps.table.register("channel.stop", { handle: (request) => this.stop(request), label, duringShutdown: true });
    deps.table.register("channel.send_outbound", { handle: (request) => this.send(request), label });
  }

  /**
   * Serves channel `kind` with `handlers`.
   *
   * @throws ManifestError when `kind` is not in `[plugin.extends].channels`; WireError when it is
   *   served already; TypeError when `send` (or a given start/stop) is not a function.
   */
  add(kind: string, handlers: ChannelHandlers): void {
    if (typeof handlers !== "object" || handlers === null || typeof handlers.send !== "function") {
      throw new TypeError(`channel kind ${showValue(kind)} needs handlers with a send function, got ${showValue(handlers)}`);
    }
    for (const name of ["start", "stop"] as const) {
      if (handlers[name] !== undefined && typeof handlers[name] !== "function") {
        throw new TypeError(`the ${name} handler of channel kind ${showValue(kind)} must be a function, got ${showValue(handlers[name])}`);
      }
    }
    this.handlers.add(kind, handlers);
  }

  private async start(request: HostRequest): Promise<JsonObject> {
    const params = readObject(request.params, "params");
    const kind = readName(params["kind"], "params.kind");
    const handlers = this.handlers.find(kind, request.method);
    const instance = readNullableString(params["instance"], "params.instance");
    await handlers.start?.(this.context(kind, instance));
    this.started.add(kind);
    return OK;
  }

  private async stop(request: HostRequest): Promise<JsonObject> {
    const params = readObject(request.params, "params");
    const kind = readName(params["kind"], "params.kind");
    const handlers = this.handlers.find(kind, request.method);
    if (!this.started.delete(kind)) return OK;
    await handlers.stop?.(this.context(kind, null));
    return OK;
  }

  private async send(request: HostRequest): Promise<JsonObject> {
    const params = readObject(request.params, "params");
    const kind = readName(params["kind"], "params.kind");
    const handlers = this.handlers.find(kind, request.method);
    const message = decodeOutboundMessage(params["msg"]);
    return encodeReceipt(kind, await handlers.send(message, this.context(kind, null)));
  }

  private context(kind: string, instance: string | null): ChannelContext {
    const broker = this.deps.broker;
    return {
      kind,
      instance,
      pluginId: this.deps.manifest.plugin.id,
      broker,
      publishInbound: (payload, options = {}) => {
        const { instance: target = instance, ...publish } = options;
        return broker.publish(inboundTopic(kind, target), payload, publish);
      },
    };
  }
}
