/**
 * `[plugin.pairing.adapter]`: the daemon asks the plugin to normalize a sender, send a reply
 * and send a QR image on `<broker_topic_prefix>.pairing.*` and waits 30 s for each.
 *
 * Replies: `{normalized: string | null}` (a thrown or unreadable request reads as rejected,
 * `null`, which the daemon caches) and `{ok, error?}` for the two sends (thrown: `ok: false`
 * with the reason).
 */
import { RequestAbandonedError } from "../../broker/request-reply/request-reply-transport";
import { ManifestError } from "../../errors";
import { reasonOf, showValue, type LogSink } from "../../log";
import { isJsonObject, type JsonValue } from "../../wire/wire";
import type { ServiceHost } from "../service-host";
import { PAIRING_ADAPTER_CALLS, type PairingAdapterHandlers } from "./pairing-types";

type Call = keyof typeof PAIRING_ADAPTER_CALLS;

/** The topic the daemon sends `call` on. */
export function pairingAdapterTopic(brokerTopicPrefix: string, call: Call): string {
  return `${brokerTopicPrefix}.${PAIRING_ADAPTER_CALLS[call]}`;
}

/**
 * Serves the adapter calls `handlers` has, under the manifest's `[plugin.pairing.adapter]`.
 *
 * @param labels names each handler in log lines (such as `Wa.normalize`).
 * @throws ManifestError when the manifest has no `[plugin.pairing.adapter]`.
 */
export function servePairingAdapter(host: ServiceHost, handlers: PairingAdapterHandlers, labels: Partial<Record<Call, string>> = {}): void {
  const section = host.manifest.plugin.pairing?.adapter;
  const calls = (Object.keys(PAIRING_ADAPTER_CALLS) as Call[]).filter((call) => handlers[call] !== undefined);
  const labelOf = (call: Call): string => labels[call] ?? `pairing ${PAIRING_ADAPTER_CALLS[call].slice("pairing.".length)}`;
  if (!section) {
    throw new ManifestError(
      "plugin.pairing.adapter",
      `is missing, so the daemon never calls ${calls.map(labelOf).join(", ")}: add [plugin.pairing.adapter] with channel_id and broker_topic_prefix`,
    );
  }
  const log = host.requests.log;
  for (const call of calls) {
    const topic = pairingAdapterTopic(section.broker_topic_prefix, call);
    const label = labelOf(call);
    if (call === "normalizeSender") {
      const handler = handlers.normalizeSender!;
      host.requests.add({
        pattern: topic,
        label,
        handle: async (payload, context) => {
          const raw = isJsonObject(payload) ? payload["raw"] : undefined;
          if (typeof raw !== "string") {
            log(`${label}: request without a string raw (${showValue(payload)}) answered as rejected`);
            return { normalized: null };
          }
          return { normalized: normalized(await handler({ raw }, context), label, log) };
        },
        // A refusal while stopping would be cached as a rejected sender; no reply is better.
        failure: (error) => (error instanceof RequestAbandonedError ? undefined : { normalized: null }),
      });
    } else {
      const handler = handlers[call]!;
      const field = call === "sendReply" ? "text" : "png_base64";
      host.requests.add({
        pattern: topic,
        label,
        handle: async (payload, context) => {
          const problem = sendProblem(payload, field);
          if (problem) return { ok: false, error: `invalid request: ${problem}` };
          return sendResult(await (handler as (r: unknown, c: typeof context) => unknown)(payload, context), label, log);
        },
        failure: (error) => ({ ok: false, error: reasonOf(error) }),
      });
    }
  }
}

function normalized(result: unknown, label: string, log: LogSink): string | null {
  if (typeof result === "string" || result === null) return result;
  if (result !== undefined) log(`${label} returned ${showValue(result)}, not a string or null; answered as rejected`);
  return null;
}

function sendProblem(payload: JsonValue, field: string): string | undefined {
  if (!isJsonObject(payload)) return "the request is not an object";
  for (const key of ["account", "to", field]) {
    if (typeof payload[key] !== "string") return `${key} must be a string, got ${showValue(payload[key])}`;
  }
  return undefined;
}

function sendResult(result: unknown, label: string, log: LogSink): { ok: boolean; error?: string } {
  if (result === undefined || result === true) return { ok: true };
  if (result === false) return { ok: false };
  if (isJsonObject(result) && typeof result["ok"] === "boolean") {
    const error = result["error"];
    return typeof error === "string" ? { ok: result["ok"], error } : { ok: result["ok"] };
  }
  log(`${label} returned ${showValue(result)}, not a boolean or {ok, error?}; answered as not sent`);
  return { ok: false, error: "the plugin returned no outcome" };
}
