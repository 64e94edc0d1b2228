/**
 * Routes each broker event to every `@OnEvent` method whose pattern matches its topic, in
 * declaration order, each one isolated from the others.
 */
import type { BrokerSender, Event, EventHandler, RuntimeObservers, TopicMatch } from "../core";
import { isThenable } from "../core/runtime/in-flight";
import { describeError, type LogSink } from "../core/log";
import { TopicRouter } from "../core/broker/topics";
import { validateDto, type ValidationDetail } from "../validation";
import type { EventContext } from "./contexts";
import { observeHandler } from "./observe-handler";
import type { EventRoute } from "./plugin-definition";
import type { PluginRuntime } from "./plugin-runtime";

/** Distinct topics whose handler list is kept; past it the list starts over (topics may embed ids). */
const TOPIC_CACHE_SIZE = 512;

/** One method to run for a topic, with what it needs that does not change from event to event. */
interface Target {
  readonly route: EventRoute;
  readonly method: HandlerMethod;
  readonly pattern: string;
  readonly captures: readonly string[];
  /** Logs the method's asynchronous failure on this topic. */
  readonly fail: (error: unknown) => void;
}

type HandlerMethod = (this: object, event: unknown, context: unknown) => unknown;

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
  observers?: RuntimeObservers,
): EventHandler {
  const router = new TopicRouter<EventRoute>();
  for (const route of routes) for (const pattern of route.patterns) router.add(pattern, route);
  const methodOf = (r: EventRoute): HandlerMethod => (instance as Record<string | symbol, HandlerMethod>)[r.method]!;
  const methods = new Map(routes.map((r) => [r, observeHandler(methodOf(r), r.handlerName, observers)]));
  // The router's answer for a topic never changes once the routes are in, so it is worked out
  // once per topic: matching, de-duplicating, and the failure logger of each method.
  const targetsByTopic = new Map<string, readonly Target[]>();
  const targetsFor = (topic: string): readonly Target[] => {
    let targets = targetsByTopic.get(topic);
    if (targets === undefined) {
      targets = planTargets(router.match(topic), methods, topic, log);
      if (targetsByTopic.size >= TOPIC_CACHE_SIZE) targetsByTopic.clear();
      targetsByTopic.set(topic, targets);
    }
    return targets;
  };
  const scope = runtime.eventScope;

  const invoke = (target: Target, event: Event, broker: BrokerSender): unknown => {
    const route = target.route;
    let delivered: Event<unknown> = event;
    if (route.payload) {
      const checked = validateDto(route.payload, event.payload);
      if (!checked.ok) {
        log(`event on ${event.topic} skipped by ${route.handlerName}: invalid payload: ${describeDetails(checked.details)}`);
        observers?.eventDropped?.(target.pattern, "invalid_payload");
        return undefined;
      }
      delivered = event.withPayload(checked.value);
    }
    const context: EventContext<unknown> = {
      event: delivered,
      pattern: target.pattern,
      captures: target.captures,
      broker,
      pluginId: runtime.pluginId,
      publish: (topic, payload, options) => broker.publish(topic, payload, options),
    };
    return scoped ? scope.call(broker, target.method, instance, delivered, context) : target.method.call(instance, delivered, context);
  };

  return (_topic, event, broker) => {
    const targets = targetsFor(event.topic);
    if (targets.length === 0) {
      log(`event on ${event.topic} dropped: no @OnEvent pattern matches it`);
      observers?.eventDropped?.("", "no_route");
      return undefined;
    }
    let pending: Promise<unknown>[] | undefined;
    let only: Promise<unknown> | undefined;
    for (const target of targets) {
      observers?.eventReceived?.(target.pattern);
      try {
        const outcome = invoke(target, event, broker);
        if (!isThenable(outcome)) continue;
        const settled = Promise.resolve(outcome).then(undefined, target.fail);
        if (only === undefined && pending === undefined) only = settled;
        else (pending ??= [only!]).push(settled);
      } catch (error) {
        log(`${target.route.handlerName} failed on ${event.topic}: ${describeError(error)}`);
      }
    }
    return pending ? Promise.all(pending) : only;
  };
}

/** The methods to run for a topic, in declaration order; a method with several matching patterns runs once. */
function planTargets(
  matches: readonly TopicMatch<EventRoute>[],
  methods: ReadonlyMap<EventRoute, HandlerMethod>,
  topic: string,
  log: LogSink,
): readonly Target[] {
  const targets: Target[] = [];
  let previous: EventRoute | undefined;
  for (const match of matches) {
    const route = match.value;
    // Its matches are adjacent.
    if (route === previous) continue;
    previous = route;
    targets.push({
      route,
      method: methods.get(route)!,
      pattern: match.pattern,
      // Shared by every event on the topic, so no handler may change it for the next one.
      captures: Object.freeze([...match.captures]),
      fail: (error: unknown) => log(`${route.handlerName} failed on ${topic}: ${describeError(error)}`),
    });
  }
  return targets;
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
