/**
 * What a fixture event handler does, chosen by `event_handler` (FIXTURE.md, "Event behaviours").
 */
import { RpcServerError, RpcTimeoutError, RpcTransportError, type BrokerSender, type Event } from "../../dist";
import { delay } from "./tool-behaviours";

/** Where every fixture event handler publishes. */
export const FIXTURE_TOPIC = "plugin.inbound.conf";

/**
 * Runs `behaviour` for one event; publishes go through the event's session-scoped broker.
 * `config` is the plugin's configuration as the event found it.
 */
export async function runEventBehaviour(behaviour: string, event: Event, broker: BrokerSender, config: unknown): Promise<void> {
  const payload = asObject(event.payload);
  if (behaviour === "publish_config") {
    await broker.publish(FIXTURE_TOPIC, { config: config ?? null });
  } else if (behaviour === "publish_marker") {
    await broker.publish(FIXTURE_TOPIC, { event_seen: payload["k"] ?? null });
  } else if (behaviour.startsWith("slow_publish:")) {
    await delay(Number(behaviour.slice("slow_publish:".length)));
    await broker.publish(FIXTURE_TOPIC, { event_seen: payload["k"] ?? null });
  } else if (behaviour === "host_call") {
    await hostCall(payload, broker);
  }
}

async function hostCall(payload: Record<string, unknown>, broker: BrokerSender): Promise<void> {
  const op = payload["op"];
  const timeout = typeof payload["timeout"] === "number" ? payload["timeout"] * 1000 : undefined;
  switch (op) {
    case "recall": {
      const entries = await broker.memoryRecall("conf", stringOr(payload["q"], "q"), { timeoutMs: timeout });
      await broker.publish(FIXTURE_TOPIC, { recalled: entries.map((e) => e.content) });
      return;
    }
    case "recall_error":
      await broker.publish(FIXTURE_TOPIC, await rpcErrorOf(broker.memoryRecall("conf", stringOr(payload["q"], "q"))));
      return;
    case "recall_timeout":
      try {
        await broker.memoryRecall("conf", stringOr(payload["q"], "q"), { timeoutMs: timeout ?? 400 });
      } catch (error) {
        if (!(error instanceof RpcTimeoutError)) throw error;
        await broker.publish(FIXTURE_TOPIC, { timed_out: true });
      }
      return;
    case "complete": {
      const result = await broker.llmComplete(completion(payload));
      await broker.publish(FIXTURE_TOPIC, {
        content: result.content,
        finish_reason: result.finish_reason,
        ct: result.usage.completion_tokens,
      });
      return;
    }
    case "complete_error":
      await broker.publish(FIXTURE_TOPIC, await rpcErrorOf(broker.llmComplete(completion(payload))));
      return;
    case "stream": {
      const stream = broker.llmCompleteStream(completion(payload));
      const chunks: string[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const result = await stream.result;
      await broker.publish(FIXTURE_TOPIC, {
        joined: chunks.join(""),
        content_is_none: result.content === null,
        finish_reason: result.finish_reason,
      });
      return;
    }
    case "inflight":
      try {
        await broker.memoryRecall("conf", stringOr(payload["q"], "q"));
      } catch (error) {
        if (error instanceof RpcTransportError) process.stderr.write("INFLIGHT_GOT_TRANSPORT\n");
        else throw error;
      }
      return;
    default:
      throw new Error(`unknown host_call op ${JSON.stringify(op)}`);
  }
}

async function rpcErrorOf(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof RpcServerError) return { rpc_error: { code: error.code } };
    throw error;
  }
  throw new Error("the host answered a call that was expected to fail");
}

function completion(payload: Record<string, unknown>) {
  return {
    provider: stringOr(payload["provider"], "minimax"),
    model: stringOr(payload["model"], "m"),
    messages: [{ role: "user" as const, content: "hi" }],
  };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}
