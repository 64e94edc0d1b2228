/**
 * The metrics the SDK records by itself once metrics are on: it defines them in the plugin's
 * registry and fills in the runtime's observers, so nothing is counted (and no clock read)
 * while metrics are off.
 */
import type { Registry } from "prom-client";
import type { RuntimeObservers } from "../../runtime/observers";
import type { PromClientModule } from "./prom-client";

/** Prefix of every metric the SDK records. */
export const SDK_METRIC_PREFIX = "nexo_plugin_";

/** Defines the SDK's metrics in `registry` and points `observers` at them. */
export function installSdkMetrics(prom: PromClientModule, registry: Registry, observers: RuntimeObservers): void {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new prom.Counter<L>({ name: SDK_METRIC_PREFIX + name, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new prom.Histogram<L>({ name: SDK_METRIC_PREFIX + name, help, labelNames, registers: [registry] });

  const eventsReceived = counter("events_received_total", "Broker events that matched an @OnEvent pattern, per pattern", ["pattern"]);
  const eventsDropped = counter("events_dropped_total", "Broker events no handler ran for, per pattern (empty when none matched) and reason", [
    "pattern",
    "reason",
  ]);
  const handlerSeconds = histogram("handler_duration_seconds", "Time handler methods took, per Class.method", ["handler"]);
  const handlerFailures = counter("handler_failures_total", "Handler methods that threw or rejected, per Class.method", ["handler"]);
  const toolCalls = counter("tool_calls_total", "tool.invoke calls per tool and outcome", ["tool", "outcome"]);
  const toolSeconds = histogram("tool_call_duration_seconds", "Time tool calls took, per tool", ["tool"]);
  const hostCalls = counter("host_calls_total", "Calls to the daemon (memory.recall, llm.complete) per method and outcome", ["method", "outcome"]);
  const published = counter("published_events_total", "Events published with broker.publish", []);
  const backpressure = counter("stdout_backpressure_waits_total", "Times stdout refused more data and frames waited for it to drain", []);
  const requests = counter("broker_requests_total", "Broker requests per service and outcome", ["service", "outcome"]);
  const requestSeconds = histogram("broker_request_duration_seconds", "Time broker requests took to answer, per service", ["service"]);

  observers.eventReceived = (pattern) => eventsReceived.inc({ pattern });
  observers.eventDropped = (pattern, reason) => eventsDropped.inc({ pattern, reason });
  observers.handlerFinished = (handler, seconds, failed) => {
    handlerSeconds.observe({ handler }, seconds);
    if (failed) handlerFailures.inc({ handler });
  };
  observers.toolCallFinished = (tool, outcome, seconds) => {
    toolCalls.inc({ tool, outcome });
    toolSeconds.observe({ tool }, seconds);
  };
  observers.hostCallFinished = (method, outcome) => hostCalls.inc({ method, outcome });
  observers.published = () => published.inc();
  observers.stdoutBackpressure = () => backpressure.inc();
  observers.requestFinished = (service, outcome, seconds) => {
    requests.inc({ service, outcome });
    if (outcome !== "dropped") requestSeconds.observe({ service }, seconds);
  };
}
