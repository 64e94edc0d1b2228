/**
 * How the development host shows what the plugin writes: one transcript line per frame, and
 * for each `broker.publish` a warning when the daemon would drop it (a topic outside the
 * manifest's allowlist, or an event without id or timestamp).
 */
import type { Manifest } from "../../core/manifest/manifest";
import { createPublishAllowlist, describePublishAllowlist } from "../../core/broker/publish-allowlist";
import { isJsonObject, type JsonObject } from "../../core/wire/wire";
import type { WireFrame } from "../../testing/host-peer";
import { preview, type Transcript } from "./transcript";

/** Writes the plugin's frames to the transcript. */
export class FrameView {
  private readonly isPublishAllowed: (topic: string) => boolean;

  /** `isAwaitedReply` tells the replies a service step waits for, which that step shows itself. */
  constructor(
    private readonly manifest: Manifest,
    private readonly transcript: Transcript,
    private readonly isAwaitedReply: (topic: string) => boolean,
  ) {
    this.isPublishAllowed = createPublishAllowlist(manifest);
  }

  /** Shows one frame the plugin wrote. */
  show(frame: WireFrame): void {
    const method = frame["method"];
    const params = frame["params"];
    if (method === "broker.publish" && isJsonObject(params)) {
      this.showPublish(params as JsonObject);
    } else if (method === "llm.complete.delta") {
      this.transcript.received("llm.complete.delta", isJsonObject(params) ? params["chunk"] : params, "dim");
    } else if (typeof method === "string") {
      this.transcript.received(method, params);
    } else if (isJsonObject(frame["error"])) {
      const error = frame["error"];
      const detail = error["data"] === undefined ? error["message"] : `${String(error["message"])} ${preview(error["data"])}`;
      this.transcript.received(`reply #${String(frame["id"])} error ${String(error["code"])}`, detail, "warn");
    } else {
      this.transcript.received(`reply #${String(frame["id"])}`, frame["result"]);
    }
  }

  private showPublish(params: JsonObject): void {
    const topic = typeof params["topic"] === "string" ? params["topic"] : "";
    const event = isJsonObject(params["event"]) ? params["event"] : {};
    if (this.isAwaitedReply(topic)) return;
    this.transcript.received(`broker.publish ${topic}`, event["payload"]);
    if (!this.isPublishAllowed(topic)) {
      this.transcript.note(`  the daemon would drop this publish: ${topic} is outside the allowlist (${describePublishAllowlist(this.manifest)})`, "warn");
    } else if (typeof event["id"] !== "string" || typeof event["timestamp"] !== "string") {
      this.transcript.note("  the daemon would drop this publish: the event has no id or timestamp (minimal envelope)", "warn");
    }
  }
}
