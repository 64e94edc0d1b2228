/**
 * The stdio bridge (the default transport): events arrive as `broker.event` notifications on
 * stdin and are published as `broker.publish` notifications on stdout (CONTRACT.md section 4).
 */
import { parseBrokerEventParams, serializePublishLine, type Event, type EventEnvelope, type PublishOptions } from "../event";
import type { SendLine } from "../../host-calls/host-calls";
import { TopicRouter, validateTopicPattern } from "../topics";
import type { JsonValue } from "../../wire/wire";
import { BrokerRequestUnsupportedError } from "./broker-errors";
import { newUuid, readMessage } from "./message";
import type { BrokerResponder, BrokerTransport, TransportContext } from "./transport";

/** Broker traffic over the plugin's own stdio. */
export class StdioBridge implements BrokerTransport {
  readonly kind = "stdio" as const;
  private readonly responders = new TopicRouter<BrokerResponder>();

  /**
   * @param send writes one frame line to stdout.
   * @param envelope the shape of published events.
   * @param source the `source` of replies: the plugin id.
   */
  constructor(
    private readonly send: SendLine,
    private readonly envelope: EventEnvelope,
    private readonly source: string,
    private readonly context: TransportContext,
  ) {}

  /** The daemon routes stdio events by the manifest's subscribe patterns: only the pattern is checked. */
  subscribe(pattern: string): void {
    validateTopicPattern(pattern);
  }

  respond(pattern: string, responder: BrokerResponder): void {
    this.responders.add(pattern, responder);
  }

  start(): void {}

  stdioEvent(params: unknown): void {
    const event = parseBrokerEventParams(params);
    if (typeof event === "string") {
      this.context.log(`broker.event dropped: ${event}`);
      return;
    }
    if (this.responders.size > 0 && this.answer(event)) return;
    this.context.deliver(event);
  }

  publish(topic: string, source: string, sessionId: string | null, payload: unknown, options: PublishOptions | undefined): Promise<void> {
    let line: string;
    try {
      // A payload JSON renders as nothing is refused: the daemon requires the `payload` key.
      line = serializePublishLine(this.envelope, topic, source, sessionId, payload, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.send(line);
  }

  request(topic: string): Promise<JsonValue> {
    return Promise.reject(new BrokerRequestUnsupportedError(topic));
  }

  stopInbound(): void {}

  close(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Answers an event that is a request to a responder: a Message with a `reply_to`. The reply
   * is a publish on `reply_to` in the full envelope, since the daemon drops replies without
   * `id` and `timestamp`. Returns false for an event that is not such a request.
   */
  private answer(event: Event): boolean {
    const matches = this.responders.match(event.topic);
    if (matches.length === 0) return false;
    const request = readMessage(event.payload);
    if (typeof request === "string" || request.reply_to === null) return false;
    const replyTo = request.reply_to;
    const responder = matches[0]!.value;
    this.context.run(`responder for ${event.topic}`, async () => {
      const reply = await responder(request);
      const message = { id: newUuid(), topic: replyTo, reply_to: null, payload: reply ?? null };
      await this.send(serializePublishLine("full", replyTo, this.source, event.sessionId, message));
    });
    return true;
  }
}
