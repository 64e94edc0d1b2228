/**
 * NATS mode (SERVICES.md section 5): subjects are topics, bodies the compact Event JSON, the
 * plugin subscribes its event patterns and serves its responders itself, and publishes go to
 * NATS only. The official client (`@nats-io/transport-node`) is loaded when this module is,
 * which only happens in NATS mode.
 */
// Types only: the package's own entry re-exports them through a path older resolvers cannot follow.
import type { NatsConnection, Status } from "@nats-io/nats-core/lib/core";
import type { PublishOptions } from "../event";
import { describeError, reasonOf } from "../../log";
import type { JsonValue } from "../../wire/wire";
import type { BrokerMode } from "./broker-mode";
import { BrokerRequestTimeoutError, BrokerUnavailableError } from "./broker-errors";
import { eventBody, messageBody } from "./message";
import { connectFirst, type NatsClient } from "./nats-connect";
import { NatsInbound } from "./nats-inbound";
import { natsRequest, withTimeout } from "./nats-request";
import { NatsOutbox } from "./nats-outbox";
import { parseNatsUrl, type NatsTarget } from "./nats-url";
import type { BrokerResponder, BrokerTransport, TransportContext } from "./transport";

type NatsMode = Extract<BrokerMode, { kind: "nats" }>;

const encoder = new TextEncoder();

/** Broker traffic over a NATS connection of the plugin's own. */
export class NatsTransport implements BrokerTransport {
  readonly kind = "nats" as const;
  private readonly target: NatsTarget;
  private readonly outbox: NatsOutbox;
  private readonly inbound: NatsInbound;
  private client: NatsClient | undefined;
  private connection: NatsConnection | undefined;
  private connecting: Promise<void> | undefined;
  private readonly abortConnect = new AbortController();
  private connectionWaiters: Array<() => void> = [];
  /** Why nothing can be sent any more: NATS was never reached, or the connection is closed. */
  private unavailable: string | undefined;
  private closing = false;
  private stdioNoticeGiven = false;
  /** Publishes refused since the last report: the first is logged, the rest counted. */
  private refusedPublishes = 0;

  constructor(
    private readonly mode: NatsMode,
    private readonly pluginId: string,
    private readonly context: TransportContext,
  ) {
    this.target = parseNatsUrl(mode.url);
    this.outbox = new NatsOutbox(mode.maxBufferedBytes, (error) => this.publishRefused(error));
    this.inbound = new NatsInbound(context, this.outbox);
  }

  subscribe(pattern: string): void {
    this.inbound.subscribe(pattern);
  }

  respond(pattern: string, responder: BrokerResponder): void {
    this.inbound.respond(pattern, responder);
  }

  start(): void {
    this.connecting ??= this.connect();
  }

  /** The daemon keeps forwarding events over stdio in NATS mode; taking them too would handle each twice. */
  stdioEvent(): void {
    if (this.stdioNoticeGiven) return;
    this.stdioNoticeGiven = true;
    this.context.log("broker.event on stdin ignored: in NATS mode events come from NATS (said once; later ones are ignored too)");
  }

  publish(topic: string, source: string, sessionId: string | null, payload: unknown, options: PublishOptions | undefined): Promise<void> {
    let data: Uint8Array;
    try {
      data = encoder.encode(eventBody(topic, source, sessionId, payload, options));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.outbox.publish(topic, data);
  }

  async request(topic: string, payload: unknown, timeoutMs: number): Promise<JsonValue> {
    const body = messageBody(topic, payload);
    const startedAt = Date.now();
    const connection = await this.connectionWithin(topic, timeoutMs);
    const left = Math.max(1, timeoutMs - (Date.now() - startedAt));
    return natsRequest(connection, topic, body, timeoutMs, left);
  }

  stopInbound(): void {
    this.inbound.stop();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.abortConnect.abort();
    // An attempt under way against an unresponsive host could outlast the daemon's patience.
    await Promise.race([this.connecting, sleep(this.mode.drainWithinMs)]);
    this.reportRefused("before the plugin stopped");
    const connection = this.connection;
    if (connection === undefined) {
      this.giveUp(this.unavailable ?? "the plugin stopped before NATS was reached");
      return;
    }
    if (!(await this.outbox.handedWithin(this.mode.drainWithinMs))) {
      this.giveUp(`NATS at ${this.target.shown} was still disconnected when the plugin stopped`);
    }
    this.unavailable = "the NATS connection is closed";
    this.outbox.refuse((subject) => new BrokerUnavailableError(subject, `publish on ${subject} refused: ${this.unavailable}`));
    try {
      await withTimeout(connection.drain(), this.mode.drainWithinMs);
    } catch (error) {
      this.context.log(`NATS drain did not finish (${reasonOf(error)}); closing the connection`);
      await connection.close().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    const outcome = await connectFirst(this.target, this.mode.connectWithinMs, this.pluginId, this.abortConnect.signal);
    if ("problem" in outcome) {
      if (!this.closing) {
        this.context.log(`${outcome.problem}; broker publishes and requests fail, the plugin's stdio methods are still served`);
      }
      this.giveUp(outcome.problem);
      return;
    }
    const connection = outcome.connection;
    if (this.closing && this.connection === undefined && this.unavailable !== undefined) {
      // close() gave up waiting for this attempt: nothing is left to send on it.
      await connection.close().catch(() => undefined);
      return;
    }
    this.client = outcome.client;
    this.connection = connection;
    this.inbound.attach(connection);
    this.outbox.connected(this.outboxConnection(connection));
    this.wakeConnectionWaiters();
    void this.watch(connection);
    // Once the server has the subscriptions, say where the traffic goes: one line, at start-up.
    const subscribed = this.inbound.subscriptionCount;
    await connection.flush().catch(() => undefined);
    this.context.log(`broker traffic on NATS at ${this.target.shown}: ${subscribed} subscription(s)`);
  }

  /** Follows the connection's ups and downs; the client re-subscribes by itself on reconnect. */
  private async watch(connection: NatsConnection): Promise<void> {
    void connection.closed().then((error) => {
      if (this.closing) return;
      this.giveUp(`the NATS connection closed${error ? `: ${reasonOf(error)}` : ""}`);
      this.context.log(`${this.unavailable}; broker publishes and requests fail from now on`);
    });
    try {
      for await (const status of connection.status()) this.onStatus(connection, status);
    } catch (error) {
      this.context.log(`NATS status watch failed: ${describeError(error)}`);
    }
  }

  private onStatus(connection: NatsConnection, status: Status): void {
    switch (status.type) {
      case "disconnect":
        this.outbox.disconnected();
        if (!this.closing) {
          this.context.log(
            `NATS connection to ${this.target.shown} lost; reconnecting, publishes are kept meanwhile (up to ${this.mode.maxBufferedBytes} bytes)`,
          );
        }
        return;
      case "reconnect": {
        this.client?.reconnected();
        this.reportRefused("while NATS was disconnected");
        const resent = this.outbox.connected(this.outboxConnection(connection));
        this.wakeConnectionWaiters();
        this.context.log(`NATS reconnected to ${this.target.shown}; subscriptions restored, ${resent} kept publish(es) sent`);
        return;
      }
      case "error":
        this.context.log(`NATS reported: ${reasonOf(status.error)}`);
        return;
      case "slowConsumer":
        this.context.log(`NATS subscription ${status.sub.getSubject()} is a slow consumer: messages were dropped by the client`);
        return;
      default:
        return;
    }
  }

  private outboxConnection(connection: NatsConnection) {
    return {
      publish: (subject: string, data: Uint8Array) => connection.publish(subject, data),
      flush: () => connection.flush(),
      identity: () => connection.info,
    };
  }

  /** Resolves with the connection once it is up, or rejects when that cannot happen within `timeoutMs`. */
  private async connectionWithin(topic: string, timeoutMs: number): Promise<NatsConnection> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.unavailable !== undefined) throw new BrokerUnavailableError(topic, `request on ${topic} not sent: ${this.unavailable}`);
      if (this.connection !== undefined && this.outbox.unsentCount === 0 && !this.connection.isClosed()) {
        if (this.connection.info !== undefined) return this.connection;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new BrokerRequestTimeoutError(topic, timeoutMs);
      await Promise.race([new Promise<void>((resolve) => this.connectionWaiters.push(resolve)), sleep(Math.min(left, 50))]);
    }
  }

  private wakeConnectionWaiters(): void {
    const waiters = this.connectionWaiters;
    this.connectionWaiters = [];
    for (const wake of waiters) wake();
  }

  private publishRefused(error: Error): void {
    if (this.refusedPublishes++ === 0) this.context.log(`${error.message}; further refused publishes are counted, not logged`);
  }

  private reportRefused(when: string): void {
    if (this.refusedPublishes > 0) this.context.log(`${this.refusedPublishes} publish(es) were refused ${when}`);
    this.refusedPublishes = 0;
  }

  /** Nothing more can be sent: later publishes and requests fail; what still waited is reported lost. */
  private giveUp(reason: string): void {
    this.unavailable ??= reason;
    const lost = this.outbox.refuse((subject) => new BrokerUnavailableError(subject, `publish on ${subject} refused: ${reason}`));
    if (lost > 0) this.context.log(`${lost} publish(es) kept for NATS were not delivered: ${reason}`);
    this.wakeConnectionWaiters();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
