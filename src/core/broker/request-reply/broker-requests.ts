/**
 * The request/reply core: routes each broker request to the one route that serves its topic,
 * runs the handler detached from the reader, and sends exactly one reply through the
 * transport. Requests count as in flight until their reply is handed over, so the shutdown
 * drain waits for them as for tool calls; one still running when the drain runs out gets its
 * route's failure reply before the shutdown is acknowledged.
 */
import type { BrokerSender } from "../broker";
import type { Event } from "../event";
import { WireError } from "../../errors";
import { describeError, showValue, type LogSink } from "../../log";
import type { Manifest } from "../../manifest/manifest";
import type { InFlight } from "../../runtime/in-flight";
import { OwedList, type OwedLinks } from "../../runtime/owed-list";
import { secondsSince, type RuntimeObservers } from "../../runtime/observers";
import { TopicRouter, type TopicMatch } from "../topics";
import { parseBrokerMessage } from "./broker-message";
import { replyWarning, subscribeWarning } from "./coverage";
import { RequestAbandonedError, type InboundRequest, type RequestReplyTransport } from "./request-reply-transport";
import type { RequestContext, RequestRoute } from "./request-route";

/** What the core needs from the adapter. */
export interface BrokerRequestsOptions {
  readonly manifest: Manifest;
  /** The plugin-wide broker; each request gets it scoped to its session. */
  readonly broker: BrokerSender;
  readonly transport: RequestReplyTransport;
  readonly inFlight: InFlight;
  readonly log: LogSink;
  readonly observers: RuntimeObservers;
  /** False once the plugin is stopping: requests are then refused with their failure reply. */
  readonly accepting: () => boolean;
  /** Flow control's word on one more request; it logs its own refusals. */
  readonly admit: () => boolean;
}

/** A request whose handler is running; it is owed one reply. */
interface Pending extends OwedLinks<Pending> {
  readonly route: RequestRoute;
  readonly request: InboundRequest;
  readonly context: RequestContext;
  readonly startedAt: number;
}

/** Nothing is to be sent: the failure was logged and the route has no failure reply. */
const NO_REPLY: unique symbol = Symbol("no reply");

/** The plugin's broker request routes and the requests in flight. */
export class BrokerRequests {
  private readonly router = new TopicRouter<RequestRoute>();
  private readonly byPattern = new Map<string, RequestRoute>();
  private readonly pending = new OwedList<Pending>();
  private replyWarned = false;

  constructor(private readonly options: BrokerRequestsOptions) {}

  /** The manifest the routes are checked against. */
  get manifest(): Manifest {
    return this.options.manifest;
  }

  /** The plugin's diagnostic log (stderr). */
  get log(): LogSink {
    return this.options.log;
  }

  /** The transport replies go through. */
  get transport(): RequestReplyTransport {
    return this.options.transport;
  }

  /** How many routes are registered. */
  get size(): number {
    return this.byPattern.size;
  }

  /** The patterns served, in registration order: what a transport with subscriptions of its own subscribes. */
  patterns(): string[] {
    return [...this.byPattern.keys()];
  }

  /**
   * Adds a route, and warns (on stderr) when the manifest keeps its requests or replies from
   * getting through.
   *
   * @throws TopicPatternError for an invalid pattern; WireError when the pattern is already served.
   */
  add(route: RequestRoute): void {
    const existing = this.byPattern.get(route.pattern);
    if (existing) throw new WireError(`requests on ${route.pattern} are already served by ${existing.label}; ${route.label} cannot serve them too`);
    this.router.add(route.pattern, route);
    this.byPattern.set(route.pattern, route);
    const { manifest, log } = this.options;
    for (const served of route.serves ?? [{ topic: route.pattern, label: route.label }]) {
      const warning = subscribeWarning(manifest, served);
      if (warning) log(warning);
    }
    if (!this.replyWarned && this.options.transport.repliesNeedPublishAllowlist) {
      this.replyWarned = true;
      const warning = replyWarning(manifest, route.label);
      if (warning) log(warning);
    }
  }

  /**
   * The stdio bridge's inbound path: takes a `broker.event` whose topic a route serves, and
   * returns whether it did (the event then reaches no event handler).
   */
  claimEvent(event: Event): boolean {
    if (this.byPattern.size === 0) return false;
    const match = this.pick(event.topic);
    if (!match) return false;
    const message = parseBrokerMessage(event.payload);
    if (typeof message === "string") {
      this.drop(match.value, `request on ${event.topic} dropped: ${message}`);
    } else if (message.reply_to === null) {
      this.drop(match.value, `request on ${event.topic} dropped: it has no reply_to, so there is nowhere to send the reply`);
    } else {
      this.start(match, { topic: event.topic, message, replyTarget: message.reply_to, sessionId: event.sessionId, event });
    }
    return true;
  }

  /** Serves a request a transport received itself (NATS). One no route serves is logged and dropped. */
  deliver(request: InboundRequest): void {
    const match = this.pick(request.topic);
    if (match) this.start(match, request);
    else this.options.log(`request on ${request.topic} dropped: no route serves it`);
  }

  /**
   * Answers every request still running with its route's failure reply (the shutdown drain
   * ran out); their handlers' later results are dropped with a log line.
   */
  expireAll(limitMs: number): void {
    const owed = this.pending.takeAll();
    for (const entry of owed) {
      const reason = new RequestAbandonedError(`${entry.route.label} did not finish within the ${limitMs} ms shutdown drain`);
      this.options.log(`request on ${entry.request.topic}: ${reason.message}`);
      this.finished(entry, "abandoned");
      void this.reply(entry, this.failureReply(entry, reason));
    }
  }

  /** The route for `topic`: a literal pattern wins over wildcards, then the first registered. */
  private pick(topic: string): TopicMatch<RequestRoute> | undefined {
    const matches = this.router.match(topic);
    if (matches.length <= 1) return matches[0];
    // Only a literal pattern captures nothing.
    return matches.find((m) => m.captures.length === 0) ?? matches[0];
  }

  private drop(route: RequestRoute, message: string): void {
    this.options.log(message);
    this.options.observers.requestFinished?.(route.label, "dropped", 0);
  }

  private start(match: TopicMatch<RequestRoute>, request: InboundRequest): void {
    const route = match.value;
    const context: RequestContext = {
      topic: request.topic,
      pattern: match.pattern,
      captures: match.captures,
      message: request.message,
      event: request.event,
      broker: this.options.broker.withSession(request.sessionId),
      pluginId: this.options.manifest.plugin.id,
    };
    const startedAt = this.options.observers.requestFinished ? performance.now() : 0;
    const entry: Pending = { route, request, context, startedAt, owedPrev: undefined, owedNext: undefined };
    if (!this.options.accepting()) {
      this.options.log(`request on ${request.topic} refused: the plugin is shutting down`);
      this.finished(entry, "abandoned");
      void this.reply(entry, this.failureReply(entry, new RequestAbandonedError("the plugin is shutting down")));
      return;
    }
    if (!this.options.admit()) {
      this.options.transport.noReply?.(request);
      return;
    }
    this.pending.add(entry);
    this.options.inFlight.track(`request on ${request.topic} (${route.label})`, this.serve(entry));
  }

  private async serve(entry: Pending): Promise<void> {
    let payload: unknown;
    let outcome = "ok";
    try {
      payload = await entry.route.handle(entry.request.message.payload, entry.context);
    } catch (error) {
      this.options.log(`${entry.route.label} failed on ${entry.request.topic}: ${describeError(error)}`);
      outcome = "failed";
      payload = this.failureReply(entry, error);
    }
    if (!this.pending.delete(entry)) {
      this.options.log(`${entry.route.label} finished after the shutdown drain; the request on ${entry.request.topic} was already answered`);
      return;
    }
    this.finished(entry, outcome);
    await this.reply(entry, payload);
  }

  /** The route's failure reply for `error`, or {@link NO_REPLY}. */
  private failureReply(entry: Pending, error: unknown): unknown {
    const failure = entry.route.failure;
    if (!failure) return NO_REPLY;
    try {
      const payload = failure(error, entry.context);
      return payload === undefined ? NO_REPLY : payload;
    } catch (failed) {
      this.options.log(`${entry.route.label}: building the failure reply failed: ${describeError(failed)}`);
      return NO_REPLY;
    }
  }

  private async reply(entry: Pending, payload: unknown, retry = true): Promise<void> {
    if (payload === NO_REPLY) {
      this.options.log(`no reply sent to ${entry.request.replyTarget} for the request on ${entry.request.topic}; the requester will time out`);
      this.options.transport.noReply?.(entry.request);
      return;
    }
    try {
      await this.options.transport.sendReply(entry.request, payload);
    } catch (error) {
      this.options.log(`the reply of ${entry.route.label} to ${entry.request.topic} cannot be sent: ${describeError(error)}; reply was ${showValue(payload)}`);
      if (retry) await this.reply(entry, this.failureReply(entry, error), false);
    }
  }

  private finished(entry: Pending, outcome: string): void {
    const observe = this.options.observers.requestFinished;
    if (observe) observe(entry.route.label, outcome, secondsSince(entry.startedAt));
  }
}
