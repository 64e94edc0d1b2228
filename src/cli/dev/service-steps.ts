/**
 * The development host's broker service steps: it sends the request the daemon would (a
 * message with `reply_to = "_inbox.<uuid>"` on the service's topic), waits for the reply within
 * the daemon's timeout, checks it as the daemon reads it, and shows it readably: an HTTP
 * exchange as HTTP lines, an admin reply as ok or error, a scrape as its samples.
 *
 * ```json
 * { "http": { "method": "GET", "path": "/notes/stats?verbose=1", "headers": { "accept": "application/json" } } }
 * { "admin": { "method": "stats/reset", "params": {} } }
 * { "metrics": true }
 * { "pairing": { "normalize_sender": { "raw": "+34 600 11 22 33" } } }
 * ```
 */
import type { Manifest } from "../../core/manifest/manifest";
import { anyCovers, REPLY_TOPICS, subscribePatterns } from "../../core/broker/request-reply/coverage";
import { publishPatterns } from "../../core/broker/publish-allowlist";
import { randomUUID } from "node:crypto";
import { parseBrokerMessage } from "../../core/broker/request-reply/broker-message";
import { isJsonObject, type JsonObject, type JsonValue } from "../../core/wire/wire";
import type { HostPeer, WireFrame } from "../../testing/host-peer";
import {
  adminRequestPayload,
  brokerRequestEvent,
  decodeHttpReply,
  httpRequestPayload,
  replyPayload,
  scrapeTopic,
  type TestHttpRequest,
} from "../../testing/service-requests";
import { pairingAdapterTopic } from "../../core/surfaces/pairing/pairing-adapter-service";
import { adminNameOf } from "../../core/surfaces/admin/admin-names";
import type { DevNats } from "./dev-nats";
import { preview, type Transcript } from "./transcript";

/** The pairing calls a step can make. */
const PAIRING_CALLS = ["normalize_sender", "send_reply", "send_qr_image", "start", "cancel"] as const;
type PairingCall = (typeof PAIRING_CALLS)[number];

/** A service step of a session file. */
export type ServiceStep =
  | { readonly kind: "http"; readonly request: TestHttpRequest }
  | { readonly kind: "admin"; readonly method: string; readonly params: JsonValue }
  | { readonly kind: "metrics" }
  | { readonly kind: "pairing"; readonly call: PairingCall; readonly payload: JsonValue };

/** The step kinds this module plays. */
export const SERVICE_STEP_KINDS = ["http", "admin", "metrics", "pairing"] as const;

/** Reads the body of a service step; `fail` throws naming the file and the step. */
export function parseServiceStep(kind: (typeof SERVICE_STEP_KINDS)[number], body: unknown, fail: (problem: string) => never): ServiceStep {
  if (kind === "metrics") {
    if (body !== true && (!isJsonObject(body) || Object.keys(body).length > 0)) fail("metrics must be true");
    return { kind: "metrics" };
  }
  if (!isJsonObject(body)) return fail(`${kind} must be an object`);
  if (kind === "pairing") {
    const keys = Object.keys(body);
    if (keys.length !== 1 || !PAIRING_CALLS.includes(keys[0] as PairingCall)) {
      fail(`pairing must have exactly one key of ${PAIRING_CALLS.join(", ")}, got ${JSON.stringify(keys)}`);
    }
    return { kind: "pairing", call: keys[0] as PairingCall, payload: (body[keys[0]!] ?? {}) as JsonValue };
  }
  const known = kind === "http" ? ["method", "path", "headers", "body"] : ["method", "params"];
  const unknown = Object.keys(body).find((key) => !known.includes(key));
  if (unknown !== undefined) fail(`unknown ${kind} field ${JSON.stringify(unknown)} (known: ${known.join(", ")})`);
  const { method } = body;
  if (kind === "admin") {
    if (typeof method !== "string" || method === "") fail("admin.method must be the method's name below method_prefix, such as \"stats/reset\"");
    return { kind: "admin", method: method as string, params: (body["params"] ?? null) as JsonValue };
  }
  const { path, headers } = body;
  if (method !== undefined && typeof method !== "string") fail("http.method must be a string");
  if (typeof path !== "string" || !path.startsWith("/")) fail("http.path must be the whole path, mount prefix included, starting with /");
  if (headers !== undefined && !(isJsonObject(headers) && Object.values(headers).every((v) => typeof v === "string"))) {
    fail("http.headers must be an object of strings");
  }
  return {
    kind: "http",
    request: { method: (method as string | undefined) ?? "GET", path: path as string, headers: headers as Record<string, string>, body: body["body"] as JsonValue },
  };
}

/** What the player needs from the session. */
export interface ServiceStepHost {
  readonly manifest: Manifest;
  readonly peer: HostPeer;
  readonly transcript: Transcript;
  /** Records a contract problem. */
  problem(text: string): void;
  /** Why the plugin can answer nothing more, once it is gone. */
  gone(): string | undefined;
  /** In NATS mode, the daemon's side of NATS: requests are then native NATS requests. */
  readonly nats?: DevNats | undefined;
}

/** A request ready to send: where, what, how it is shown, and how long the daemon waits. */
interface Outgoing {
  readonly topic: string;
  readonly payload: JsonValue;
  readonly label: string;
  readonly timeoutMs: number;
  show(reply: JsonValue | undefined): void;
}

/** Plays service steps against the plugin. */
export class ServiceStepPlayer {
  private readonly awaited = new Set<string>();

  constructor(private readonly host: ServiceStepHost) {}

  /** Whether a publish on `topic` is a reply a step waits for (the step shows it, not the generic publish line). */
  isAwaitedReply(topic: string): boolean {
    return this.awaited.has(topic);
  }

  /** Sends the step's request and shows its reply. */
  async play(step: ServiceStep): Promise<void> {
    let outgoing: Outgoing;
    try {
      outgoing = this.outgoing(step);
    } catch (error) {
      this.host.problem(`${step.kind} step cannot be sent: ${(error as Error).message}`);
      return;
    }
    const { manifest, peer, transcript } = this.host;
    if (!anyCovers(subscribePatterns(manifest), outgoing.topic)) {
      this.host.problem(
        `the daemon would never deliver ${outgoing.label}: no subscription covers ${outgoing.topic} (add it to [plugin.capabilities.broker].subscribe)`,
      );
    }
    if (this.host.nats) {
      await this.playOverNats(this.host.nats, outgoing);
      return;
    }
    const request = brokerRequestEvent(outgoing.topic, outgoing.payload);
    this.awaited.add(request.replyTo);
    peer.notify("broker.event", request.params);
    let frame: WireFrame;
    try {
      frame = await peer.waitForFrame((f) => isPublishOn(f, request.replyTo), outgoing.timeoutMs, "reply");
    } catch {
      const gone = this.host.gone();
      this.host.problem(
        gone
          ? `no reply to ${outgoing.label}: the plugin is gone (${gone})`
          : `no reply to ${outgoing.label} within ${outgoing.timeoutMs / 1000} s, the daemon's timeout`,
      );
      return;
    } finally {
      this.awaited.delete(request.replyTo);
    }
    const params = frame["params"] as JsonObject;
    const event = isJsonObject(params["event"]) ? params["event"] : {};
    if (typeof event["id"] !== "string" || typeof event["timestamp"] !== "string") {
      this.host.problem(`the reply to ${outgoing.label} has no event id or timestamp: the daemon would drop it`);
    }
    if (!anyCovers(publishPatterns(manifest), REPLY_TOPICS)) {
      this.host.problem(`the daemon would drop the reply to ${outgoing.label}: add "${REPLY_TOPICS}" to [plugin.capabilities.broker].publish`);
    }
    transcript.note(`  reply on ${request.replyTo}`);
    outgoing.show(replyPayload(params));
  }

  /** NATS mode: the request is a bare Message on the topic, the reply a bare Message on NATS's reply subject. */
  private async playOverNats(nats: DevNats, outgoing: Outgoing): Promise<void> {
    const message = { id: randomUUID(), topic: outgoing.topic, reply_to: null, payload: outgoing.payload };
    let body: string;
    try {
      body = await nats.request(outgoing.topic, JSON.stringify(message), outgoing.timeoutMs);
    } catch (error) {
      this.host.problem(`no reply to ${outgoing.label} over NATS: ${(error as Error).message}`);
      return;
    }
    const reply = parseBrokerMessage(JSON.parse(body) as unknown);
    if (typeof reply === "string") {
      this.host.problem(`the reply to ${outgoing.label} is not a message: ${reply}`);
      return;
    }
    this.host.transcript.note("  reply over NATS");
    outgoing.show(reply.payload);
  }

  private outgoing(step: ServiceStep): Outgoing {
    const { manifest, transcript } = this.host;
    const plugin = manifest.plugin;
    switch (step.kind) {
      case "http": {
        const { topic, payload } = httpRequestPayload(manifest, step.request);
        const label = `HTTP ${payload.method} ${step.request.path}`;
        transcript.sent(label);
        for (const [name, value] of payload.headers) transcript.note(`  ${name}: ${value}`);
        if (payload.body_base64) transcript.note(`  ${preview(Buffer.from(payload.body_base64, "base64").toString("utf8"))}`);
        return { topic, payload: { ...payload }, label, timeoutMs: seconds(plugin.http?.timeout_seconds, 30), show: (reply) => this.showHttp(label, reply) };
      }
      case "admin": {
        const prefix = plugin.admin?.method_prefix ?? "";
        const name = adminNameOf(prefix, step.method) ?? step.method;
        const { topic, payload } = adminRequestPayload(manifest, name, step.params);
        const label = `admin ${String(payload["method"])}`;
        transcript.sent(label, step.params);
        return { topic, payload, label, timeoutMs: seconds(plugin.admin?.timeout_seconds, 30), show: (reply) => this.showAdmin(label, reply) };
      }
      case "metrics": {
        const topic = scrapeTopic(manifest);
        transcript.sent(`metrics scrape ${topic}`);
        return { topic, payload: {}, label: "the metrics scrape", timeoutMs: seconds(plugin.metrics?.timeout_seconds, 5), show: (reply) => this.showMetrics(reply) };
      }
      case "pairing":
        return this.pairingOutgoing(step.call, step.payload);
    }
  }

  private pairingOutgoing(call: PairingCall, payload: JsonValue): Outgoing {
    const { manifest, transcript } = this.host;
    const label = `pairing ${call}`;
    transcript.sent(label, payload);
    const show = (reply: JsonValue | undefined): void => this.host.transcript.received(label, reply ?? null);
    if (call === "start" || call === "cancel") {
      const trigger = manifest.plugin.pairing?.trigger;
      if (!trigger) throw new Error("the manifest has no [plugin.pairing.trigger]");
      const method = call === "start" ? trigger.start_method : trigger.cancel_method;
      const name = adminNameOf(manifest.plugin.admin?.method_prefix ?? "", method);
      if (name === undefined) throw new Error(`${method} is not under [plugin.admin] method_prefix`);
      const { topic, payload: request } = adminRequestPayload(manifest, name, payload);
      return { topic, payload: request, label, timeoutMs: seconds(trigger.timeout_seconds, 180), show: (reply) => this.showAdmin(label, reply) };
    }
    const adapter = manifest.plugin.pairing?.adapter;
    if (!adapter) throw new Error("the manifest has no [plugin.pairing.adapter]");
    const key = call === "normalize_sender" ? "normalizeSender" : call === "send_reply" ? "sendReply" : "sendQrImage";
    return { topic: pairingAdapterTopic(adapter.broker_topic_prefix, key), payload, label, timeoutMs: 30_000, show };
  }

  private showHttp(label: string, reply: JsonValue | undefined): void {
    const { transcript } = this.host;
    let decoded;
    try {
      decoded = decodeHttpReply(reply);
    } catch (error) {
      this.host.problem(`the reply to ${label} is not what the daemon reads: ${(error as Error).message}`);
      return;
    }
    transcript.received(`HTTP ${decoded.status} ${STATUS_TEXT[decoded.status] ?? ""}`.trimEnd(), undefined, decoded.status >= 500 ? "warn" : "out");
    for (const [name, value] of decoded.headers) transcript.note(`  ${name}: ${value}`);
    if (decoded.body.length === 0) return;
    const type = decoded.header("content-type") ?? "";
    transcript.note(`  ${/^(text\/|application\/json)/.test(type) ? preview(decoded.text()) : `<${decoded.body.length} bytes>`}`);
  }

  private showAdmin(label: string, reply: JsonValue | undefined): void {
    if (!isJsonObject(reply) || typeof reply["ok"] !== "boolean") {
      this.host.problem(`the reply to ${label} has no boolean ok, which the daemon requires: ${preview(reply ?? null)}`);
      return;
    }
    if (reply["ok"]) this.host.transcript.received(`${label} ok`, reply["result"] ?? null);
    else this.host.transcript.received(`${label} error`, reply["error"] ?? null, "warn");
  }

  private showMetrics(reply: JsonValue | undefined): void {
    const text = isJsonObject(reply) ? reply["text"] : undefined;
    if (typeof text !== "string") {
      this.host.problem(`the scrape reply has no text, which the daemon requires: ${preview(reply ?? null)}`);
      return;
    }
    const samples = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
    this.host.transcript.received(`metrics ${samples.length} samples`);
    // Histogram buckets repeat what _count and _sum say; the transcript keeps the rest.
    for (const line of samples.filter((l) => !/_bucket\{/.test(l))) this.host.transcript.note(`  ${line}`);
  }
}

function isPublishOn(frame: WireFrame, topic: string): boolean {
  return frame["method"] === "broker.publish" && isJsonObject(frame["params"]) && frame["params"]["topic"] === topic;
}

function seconds(configured: number | undefined, fallback: number): number {
  return (configured ?? fallback) * 1000;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};
