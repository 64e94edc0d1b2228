/**
 * Publishes what a plugin reports while pairing: `plugin.inbound.<channel>.<instance>.pairing.qr`
 * and `….pairing.state`, with the payloads the daemon reads.
 */
import type { BrokerSender } from "../../broker/broker";
import { showValue } from "../../log";
import type { Manifest } from "../../manifest/manifest";
import { PAIRING_STATES, type PairingQrEvent, type PairingStateEvent } from "./pairing-types";

/** The channel pairing events are published under: `[plugin.pairing.adapter].channel_id`, else the first registered channel kind, else the plugin id. */
export function pairingChannel(manifest: Manifest): string {
  return manifest.plugin.pairing?.adapter?.channel_id ?? manifest.plugin.channels?.register?.[0]?.kind ?? manifest.plugin.id;
}

/**
 * Publishes pairing events for one channel.
 *
 * @example
 * ```ts
 * await this.pairing.qr("personal", { challenge_id, png_base64, ascii, expires_at_ms: Date.now() + 60_000 });
 * await this.pairing.state("personal", { challenge_id, state: "linked", device_jid });
 * ```
 */
export class PairingEvents {
  /**
   * @param broker publishes the events (scoped to a session when the caller is).
   * @param channel the channel kind in the topics.
   */
  constructor(
    private readonly broker: BrokerSender,
    readonly channel: string,
  ) {}

  /** The topic of `kind` events for `instance`. */
  topic(instance: string, kind: "qr" | "state"): string {
    return `plugin.inbound.${this.channel}.${instance}.pairing.${kind}`;
  }

  /**
   * Publishes a QR code on `plugin.inbound.<channel>.<instance>.pairing.qr`.
   *
   * @throws TypeError (as a rejection) naming the field when the instance or a field is wrong.
   */
  qr(instance: string, event: PairingQrEvent): Promise<void> {
    const problem =
      instanceProblem(instance) ??
      stringProblem(event, "challenge_id") ??
      stringProblem(event, "png_base64") ??
      stringProblem(event, "ascii") ??
      (Number.isFinite(event?.expires_at_ms) ? undefined : `expires_at_ms must be a number, got ${showValue(event?.expires_at_ms)}`);
    if (problem) return Promise.reject(new TypeError(`pairing.qr not published: ${problem}`));
    const { challenge_id, png_base64, ascii, expires_at_ms } = event;
    return this.broker.publish(this.topic(instance, "qr"), { challenge_id, png_base64, ascii, expires_at_ms });
  }

  /**
   * Publishes a state change on `plugin.inbound.<channel>.<instance>.pairing.state`.
   *
   * @throws TypeError (as a rejection) naming the field when the instance, the state or a field is wrong.
   */
  state(instance: string, event: PairingStateEvent): Promise<void> {
    const problem =
      instanceProblem(instance) ??
      stringProblem(event, "challenge_id") ??
      (PAIRING_STATES.includes(event?.state) ? undefined : `state must be one of ${PAIRING_STATES.join(", ")}, got ${showValue(event?.state)}`) ??
      (event.device_jid === undefined ? undefined : stringProblem(event, "device_jid")) ??
      (event.error === undefined ? undefined : stringProblem(event, "error"));
    if (problem) return Promise.reject(new TypeError(`pairing.state not published: ${problem}`));
    const payload: PairingStateEvent = { challenge_id: event.challenge_id, state: event.state };
    if (event.device_jid !== undefined) payload.device_jid = event.device_jid;
    if (event.error !== undefined) payload.error = event.error;
    return this.broker.publish(this.topic(instance, "state"), payload);
  }
}

function instanceProblem(instance: unknown): string | undefined {
  if (typeof instance === "string" && /^[^.\s*>]+$/.test(instance)) return undefined;
  return `the instance must be one topic segment (no dots, whitespace, * or >), got ${showValue(instance)}`;
}

function stringProblem(event: object | undefined, key: string): string | undefined {
  const value = (event as Record<string, unknown> | undefined)?.[key];
  return typeof value === "string" ? undefined : `${key} must be a string, got ${showValue(value)}`;
}
