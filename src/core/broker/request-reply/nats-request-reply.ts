/**
 * NATS mode's request/reply for the broker services: each route pattern is served through the
 * broker transport's native responder, and a route's reply settles the NATS request it answers.
 * The daemon's requests on NATS carry a bare Message and NATS's own reply subject.
 */
import type { BrokerMessage, BrokerTransport } from "../transport/transport";
import type { InboundRequest, RequestReplyTransport } from "./request-reply-transport";

/** What the services hand requests to (BrokerRequests). */
export interface RequestRoutes {
  /** The topic patterns some route serves. */
  patterns(): string[];
  /** Serves one request the transport received. */
  deliver(request: InboundRequest): void;
}

/** A request answered without a reply: the NATS requester times out. */
class NoReply extends Error {
  constructor(topic: string) {
    super(`no reply for the request on ${topic}`);
    this.name = "NoReply";
  }
}

/** The {@link RequestReplyTransport} of NATS mode. */
export class NatsRequestReply implements RequestReplyTransport {
  readonly name = "NATS";
  readonly repliesNeedPublishAllowlist = false;
  private readonly waiting = new Map<string, { resolve: (payload: unknown) => void; reject: (error: Error) => void }>();
  private nextKey = 0;

  constructor(private readonly transport: BrokerTransport) {}

  /** Serves every pattern of `routes` through the transport's responders; call before the transport starts. */
  serve(routes: RequestRoutes): void {
    for (const pattern of routes.patterns()) {
      this.transport.respond(pattern, (message: BrokerMessage) => this.answer(routes, message));
    }
  }

  sendReply(request: InboundRequest, payload: unknown): Promise<void> {
    const waiter = this.waiting.get(request.replyTarget);
    if (!waiter) return Promise.reject(new Error(`the NATS request on ${request.topic} is no longer waiting for a reply`));
    this.waiting.delete(request.replyTarget);
    waiter.resolve(payload);
    return Promise.resolve();
  }

  noReply(request: InboundRequest): void {
    const waiter = this.waiting.get(request.replyTarget);
    this.waiting.delete(request.replyTarget);
    waiter?.reject(new NoReply(request.topic));
  }

  private answer(routes: RequestRoutes, message: BrokerMessage): Promise<unknown> {
    const replyTarget = `nats-request-${++this.nextKey}`;
    const replied = new Promise<unknown>((resolve, reject) => this.waiting.set(replyTarget, { resolve, reject }));
    routes.deliver({ topic: message.topic, message, replyTarget, sessionId: null, event: undefined });
    return replied;
  }
}
