/**
 * NATS mode's inbound side: the event patterns and responders the plugin serves, their
 * subscriptions on the connection, and the messages those take — an event goes to the
 * plugin's event handlers, a request to its responder, whose reply leaves through the outbox.
 */
// Types only: the package's own entry re-exports them through a path older resolvers cannot follow.
import type { Msg, NatsConnection, Subscription } from "@nats-io/nats-core/lib/core";
import { parseBrokerEventParams } from "../event";
import { reasonOf } from "../../log";
import { TopicRouter, validateTopicPattern } from "../topics";
import { messageBody, parseBody, readMessage } from "./message";
import type { NatsOutbox } from "./nats-outbox";
import type { BrokerResponder, TransportContext } from "./transport";

interface Served {
  readonly pattern: string;
  /** The responder of a request subscription; an event subscription has its index among them instead. */
  readonly responder: BrokerResponder | undefined;
  readonly eventIndex: number;
}

const encoder = new TextEncoder();

/** What a NATS transport serves, and the subscriptions that serve it once the connection is up. */
export class NatsInbound {
  private readonly served: Served[] = [];
  private readonly responderTopics = new TopicRouter<true>();
  /** Event patterns by subscription index, to take each message from one subscription only. */
  private readonly eventPatterns = new TopicRouter<number>();
  private readonly eventPatternSet = new Set<string>();
  private subscriptions: Subscription[] = [];
  private connection: NatsConnection | undefined;
  private stopped = false;

  /**
   * @param context where events are delivered, responders run and failures logged.
   * @param outbox what the responders' replies are published through.
   */
  constructor(
    private readonly context: TransportContext,
    private readonly outbox: NatsOutbox,
  ) {}

  /** How many subscriptions are made on the connection now. */
  get subscriptionCount(): number {
    return this.subscriptions.length;
  }

  /**
   * Serves the events on `pattern`; a pattern declared before is served once.
   *
   * @throws TopicPatternError when the pattern is invalid.
   */
  subscribe(pattern: string): void {
    validateTopicPattern(pattern);
    if (this.eventPatternSet.has(pattern)) return;
    const eventIndex = this.eventPatternSet.size;
    this.eventPatternSet.add(pattern);
    this.eventPatterns.add(pattern, eventIndex);
    this.serve({ pattern, responder: undefined, eventIndex });
  }

  /**
   * Serves the requests on `pattern` with `responder`.
   *
   * @throws TopicPatternError when the pattern is invalid.
   */
  respond(pattern: string, responder: BrokerResponder): void {
    validateTopicPattern(pattern);
    this.responderTopics.add(pattern, true);
    this.serve({ pattern, responder, eventIndex: -1 });
  }

  /** The connection is up: what is served so far is subscribed on it, and what comes later as it comes. */
  attach(connection: NatsConnection): void {
    this.connection = connection;
    if (!this.stopped) for (const served of this.served) this.subscribeOn(connection, served);
  }

  /** Teardown has begun: every subscription is ended, and none is made any more. */
  stop(): void {
    this.stopped = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }

  private serve(served: Served): void {
    this.served.push(served);
    if (this.connection !== undefined && !this.stopped) this.subscribeOn(this.connection, served);
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
}
