/**
 * Routes each broker event to every `@OnEvent` method whose pattern matches its topic, in
 * declaration order, each one isolated from the others.
 */
import type { BrokerSender, Event, EventHandler, TopicMatch } from "../core";
import { isThenable } from "../core/runtime/in-flight";
import { describeError, type LogSink } from "../core/log";
import { TopicRouter } from "../core/broker/topics";
import { validateDto, type ValidationDetail } from "../validation";
import type { EventContext } from "./contexts";
import type { EventRoute } from "./plugin-definition";
import type { PluginRuntime } from "./plugin-runtime";

/**
 * Builds the adapter's event handler for a plugin instance. With `scoped`, each method runs
 * inside the runtime's event scope, so `NexoPlugin.publish` finds the event's session.
 */
export function createEventDispatcher(
  instance: object,
  routes: readonly EventRoute[],
  runtime: PluginRuntime,
  scoped: boolean,
  log: LogSink,
): EventHandler {
  const router = new TopicRouter<EventRoute>();
  for (const route of routes) for (const pattern of route.patterns) router.add(pattern, route);
  const methods = new Map(routes.map((r) => [r, (instance as Record<string | symbol, Function>)[r.method]!]));

  const invoke = (route: EventRoute, match: TopicMatch<EventRoute>, event: Event, broker: BrokerSender): unknown => {
    let delivered: Event<unknown> = event;
    if (route.payload) {
      const checked = validateDto(route.payload, event.payload);
      if (!checked.ok) {
        log(`event on ${event.topic} skipped by ${route.handlerName}: invalid payload: ${describeDetails(checked.details)}`);
        return undefined;
      }
      delivered = event.withPayload(checked.value);
    }
    const context: EventContext<unknown> = {
      event: delivered,
      pattern: match.pattern,
      captures: match.captures,
      broker,
      pluginId: runtime.pluginId,
      publish: (topic, payload, options) => broker.publish(topic, payload, options),
    };
    const method = methods.get(route)!;
    return scoped
      ? runtime.eventScope.run(broker, () => method.call(instance, delivered, context))
      : method.call(instance, delivered, context);
  };

  return (_topic, event, broker) => {
    const matches = router.match(event.topic);
    if (matches.length === 0) {
      log(`event on ${event.topic} dropped: no @OnEvent pattern matches it`);
      return undefined;
    }
    let pending: Promise<unknown>[] | undefined;
    let previous: EventRoute | undefined;
    for (const match of matches) {
      const route = match.value;
      // A method with several matching patterns runs once: its matches are adjacent.
      if (route === previous) continue;
      previous = route;
      try {
        const outcome = invoke(route, match, event, broker);
        if (isThenable(outcome)) {
          (pending ??= []).push(
            Promise.resolve(outcome).catch((error: unknown) => log(`${route.handlerName} failed on ${event.topic}: ${describeError(error)}`)),
          );
        }
      } catch (error) {
        log(`${route.handlerName} failed on ${event.topic}: ${describeError(error)}`);
      }
    }
    if (!pending) return undefined;
    return pending.length === 1 ? pending[0] : Promise.all(pending);
  };
}

/**
 * `prop: constraint (message), ...; ...` for a log line. The constraint name is kept beside the
 * message because a custom message need not say which constraint failed.
 */
function describeDetails(details: readonly ValidationDetail[]): string {
  return details
    .map((d) => {
      const failed = Object.entries(d.constraints).map(([name, message]) => `${name} (${message})`);
      return `${d.property || "(value)"}: ${failed.join(", ")}`;
    })
    .join("; ");
}
