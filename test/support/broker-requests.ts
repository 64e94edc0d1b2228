/**
 * Broker requests over the stdio bridge, as the daemon sends them: a `broker.event` whose
 * payload is a message `{id, topic, reply_to: "_inbox.<uuid>", payload}`, answered by a
 * `broker.publish` on that `reply_to`.
 */
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import { WireHost, type Frame } from "./wire-host";

/** The PluginAdapter fixture answering requests (test/fixtures/requests-plugin). */
export const REQUESTS_SCRIPT = path.join(__dirname, "..", "fixtures", "requests-plugin", "main.js");

/** The fixture's default manifest: subscribes `svc.>` and allows `_inbox.>`. */
export const SVC_MANIFEST = `[plugin]
id = "svc"
version = "1.0.0"

[[plugin.channels.register]]
kind = "svc"

[plugin.capabilities.broker]
subscribe = ["svc.>"]
publish = ["_inbox.>"]
`;

/** The requests fixture's config (see its header). */
export interface RequestsConfig {
  manifest?: string;
  options?: Record<string, unknown>;
  requests?: Record<string, string>;
  failure?: boolean;
  events?: boolean;
}

/** Starts the requests fixture and waits for its `initialize` reply. */
export async function startRequests(config: RequestsConfig): Promise<WireHost> {
  const host = WireHost.spawn(REQUESTS_SCRIPT, [JSON.stringify(config)]);
  const reply = await host.request("initialize", {}, { timeoutMs: 10_000 });
  if (!("result" in reply)) throw new Error(`initialize failed: ${JSON.stringify(reply)}`);
  return host;
}

/** A request as sent: its reply topic and message id. */
export interface SentRequest {
  readonly replyTo: string;
  readonly id: string;
}

/** Options of {@link sendRequest}. */
export interface SendRequestOptions {
  /** `null` sends a message without a reply topic. Default `_inbox.<uuid>`. */
  replyTo?: string | null;
  sessionId?: string | null;
}

/** Sends one request on `topic`. */
export function sendRequest(host: WireHost, topic: string, payload: unknown, options: SendRequestOptions = {}): SentRequest {
  const replyTo = options.replyTo === undefined ? `_inbox.${randomUUID()}` : options.replyTo;
  const id = randomUUID();
  host.notify("broker.event", {
    topic,
    event: {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      topic,
      source: "nexo.daemon",
      session_id: options.sessionId ?? null,
      payload: { id, topic, reply_to: replyTo, payload },
    },
  });
  return { replyTo: replyTo ?? "", id };
}

/** The reply's publish frame, its event and the message the event carries. */
export interface Reply {
  readonly frame: Frame;
  readonly event: Frame;
  readonly message: Frame;
  readonly payload: unknown;
}

/** Whether `frame` publishes on `topic`. */
export function isPublishOn(topic: string): (frame: Frame) => boolean {
  return (frame) => frame["method"] === "broker.publish" && (frame["params"] as Frame | undefined)?.["topic"] === topic;
}

/** Waits for the reply to `request`. */
export async function replyTo(host: WireHost, request: SentRequest, timeoutMs?: number): Promise<Reply> {
  const frame = await host.waitFor(isPublishOn(request.replyTo), timeoutMs, `the reply on ${request.replyTo}`);
  return unpack(frame);
}

/** Sends a request and waits for its reply's payload. */
export async function ask(host: WireHost, topic: string, payload: unknown, timeoutMs?: number): Promise<unknown> {
  return (await replyTo(host, sendRequest(host, topic, payload), timeoutMs)).payload;
}

/** Splits a reply frame into its parts. */
export function unpack(frame: Frame): Reply {
  const event = (frame["params"] as Frame)["event"] as Frame;
  const message = event["payload"] as Frame;
  return { frame, event, message, payload: message["payload"] };
}

/** Every publish on an `_inbox.` topic so far. */
export function inboxReplies(host: WireHost): Frame[] {
  return host.frames.filter((f) => f["method"] === "broker.publish" && String((f["params"] as Frame)["topic"]).startsWith("_inbox."));
}
