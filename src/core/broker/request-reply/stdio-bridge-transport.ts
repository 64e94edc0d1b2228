/**
 * The stdio bridge's request/reply: a reply is a `broker.publish` on the request's `reply_to`
 * whose full six-key event carries `{id: <new uuid>, topic: <reply_to>, reply_to: null, payload}`
 * (the daemon drops an event without `id` and `timestamp`, so the plugin's `envelope` option
 * does not apply).
 */
import { serializePublishLine } from "../event";
import type { SendLine } from "../../host-calls/host-calls";
import { buildBrokerMessage } from "./broker-message";
import type { InboundRequest, RequestReplyTransport } from "./request-reply-transport";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The {@link RequestReplyTransport} of the stdio bridge. */
export class StdioBridgeTransport implements RequestReplyTransport {
  readonly name = "stdio bridge";
  readonly repliesNeedPublishAllowlist = true;

  /**
   * @param send writes one frame line to stdout.
   * @param source the `source` of reply events: the plugin id.
   */
  constructor(
    private readonly send: SendLine,
    private readonly source: string,
  ) {}

  sendReply(request: InboundRequest, payload: unknown): Promise<void> {
    const topic = request.replyTarget;
    // The daemon reads session_id as a UUID; a request from another host may carry anything.
    const sessionId = request.sessionId !== null && UUID.test(request.sessionId) ? request.sessionId : null;
    let line: string;
    try {
      line = serializePublishLine("full", topic, this.source, sessionId, buildBrokerMessage(topic, payload ?? null));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.send(line);
  }
}
