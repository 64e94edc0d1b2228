/**
 * NATS mode (SERVICES.md section 5): subjects are topics, bodies the compact Event JSON, the
 * plugin subscribes its event patterns and serves its responders itself, and publishes go to
 * NATS only. The official client (`@nats-io/transport-node`) is loaded when this module is,
 * which only happens in NATS mode.
 */
// Types only: the package's own entry re-exports them through a path older resolvers cannot follow.
import type { Msg, NatsConnection, Status, Subscription } from "@nats-io/nats-core/lib/core";
import type { PublishOptions } from "../event";
import { parseBrokerEventParams } from "../event";
import { describeError, reasonOf } from "../../log";
import type { JsonValue } from "../../wire/wire";
import { TopicRouter, validateTopicPattern } from "../topics";
import type { BrokerMode } from "./broker-mode";
import { BrokerRequestTimeoutError, BrokerUnavailableError } from "./broker-errors";
import { eventBody, messageBody, parseBody, readMessage } from "./message";
import { connectFirst, type NatsClient } from "./nats-connect";
import { natsRequest, withTimeout } from "./nats-request";
import { NatsOutbox } from "./nats-outbox";
import { parseNatsUrl, type NatsTarget } from "./nats-url";
import type { BrokerResponder, BrokerTransport, TransportContext } from "./transport";

type NatsMode = Extract<BrokerMode, { kind: "nats" }>;

interface Served {
  readonly pattern: string;
  /** The responder of a request subscription; an event subscription has its index among them instead. */
  readonly responder: BrokerResponder | undefined;
  readonly eventIndex: number;
}

const encoder = new TextEncoder();

/** Broker traffic over a NATS connection of the plugin's own. */
export class NatsTransport implements BrokerTransport {
  readonly kind = "nats" as const;
  private readonly target: NatsTarget;
  private readonly outbox: NatsOutbox;
  private readonly served: Served[] = [];
  private readonly responderTopics = new TopicRouter<true>();
  /** Event patterns by subscription index, to take each message from one subscription only. */
  private readonly eventPatterns = new TopicRouter<number>();
  private readonly eventPatternSet = new Set<string>();
  private subscriptions: Subscription[] = [];
  private client: NatsClient | undefined;
  private connection: NatsConnection | undefined;
  private connecting: Promise<void> | undefined;
  private readonly abortConnect = new AbortController();
  private connectionWaiters: Array<() => void> = [];
  /** Why nothing can be sent any more: NATS was never reached, or the connection is closed. */
  private unavailable: string | undefined;
  private inboundStopped = false;
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
  }

  subscribe(pattern: string): void {
    validateTopicPattern(pattern);
    if (this.eventPatternSet.has(pattern)) return;
    const eventIndex = this.eventPatternSet.size;
    this.eventPatternSet.add(pattern);
    this.eventPatterns.add(pattern, eventIndex);
    this.serve({ pattern, responder: undefined, eventIndex });
  }

  respond(pattern: string, responder: BrokerResponder): void {
    validateTopicPattern(pattern);
    this.responderTopics.add(pattern, true);
    this.serve({ pattern, responder, eventIndex: -1 });
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
    this.inboundStopped = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
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

  private serve(served: Served): void {
    this.served.push(served);
    if (this.connection !== undefined && !this.inboundStopped) this.subscribeOn(this.connection, served);
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
    if (!this.inboundStopped) for (const served of this.served) this.subscribeOn(connection, served);
    this.outbox.connected(this.outboxConnection(connection));
    this.wakeConnectionWaiters();
    void this.watch(connection);
    // Once the server has the subscriptions, say where the traffic goes: one line, at start-up.
    const subscribed = this.subscriptions.length;
    await connection.flush().catch(() => undefined);
    this.context.log(`broker traffic on NATS at ${this.target.shown}: ${subscribed} subscription(s)`);
  }

  private subscribeOn(connection: NatsConnection, served: Served): void {
    const { pattern, responder, eventIndex } = served;
    const subscription = connection.subscribe(pattern, {
      callback: (error, msg) => {
        if (error) this.context.log(`NATS subscription ${pattern} failed: ${reasonOf(error)}`);
        else if (responder) this.onRequest(msg, responder);
        else this.onEvent(msg, eventIndex);
      },
    });
    this.subscriptions.push(subscription);
  }

  private onEvent(msg: Msg, eventIndex: number): void {
    // The server sends a message once per matching subscription (`a.*` and `a.b` both match
    // `a.b`); the first matching pattern's subscription takes it, the others let it pass, and
    // the handlers' own routing does the fan-out, as on the stdio bridge.
    if (this.eventPatternSet.size > 1 && this.eventPatterns.match(msg.subject)[0]?.value !== eventIndex) return;
    // A request to one of the plugin's responders is the responder's, even under a catch-all pattern.
    if (msg.reply && this.responderTopics.match(msg.subject).length > 0) return;
    const parsed = parseBody(msg.string());
    const event = "problem" in parsed ? parsed.problem : parseBrokerEventParams({ topic: msg.subject, event: parsed.value });
    if (typeof event === "string") {
      this.context.log(`NATS message on ${msg.subject} dropped: it is not an Event (${event.replace(/^params\./, "")})`);
      return;
    }
    this.context.deliver(event);
  }

  private onRequest(msg: Msg, responder: BrokerResponder): void {
    const replySubject = msg.reply;
    if (!replySubject) {
      this.context.log(`NATS request on ${msg.subject} dropped: it has no reply subject`);
      return;
    }
    const parsed = parseBody(msg.string());
    const request = "problem" in parsed ? parsed.problem : readMessage(parsed.value);
    if (typeof request === "string") {
      this.context.log(`NATS request on ${msg.subject} dropped: ${request}`);
      return;
    }
    this.context.run(`responder for ${msg.subject}`, async () => {
      const reply = await responder(request);
      await this.outbox.publish(replySubject, encoder.encode(messageBody(replySubject, reply)));
    });
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
