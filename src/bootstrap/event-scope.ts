/**
 * Carries the session-scoped broker of an event through its handler's asynchronous work, so
 * `NexoPlugin.broker` and `this.publish` find the event's session after any await.
 *
 * The AsyncLocalStorage behind it is only entered once an event carries a session: entering
 * one for the first time makes Node 20 run its promise hooks on every promise of the process
 * from then on, a cost a plugin whose events have no session should never pay.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { BrokerSender } from "../core";

/** A method of the plugin instance, called with the event and its context. */
type HandlerMethod = (this: object, event: unknown, context: unknown) => unknown;

function callMethod(method: HandlerMethod, instance: object, event: unknown, context: unknown): unknown {
  return method.call(instance, event, context);
}

/** The session scope of a plugin instance's event handlers. */
export class EventScope {
  private readonly storage = new AsyncLocalStorage<BrokerSender>();
  /** Whether an event with a session has been handled: until then no scope can exist. */
  private entered = false;

  /** The broker of the event whose handler is running now, when that event has a session. */
  current(): BrokerSender | undefined {
    return this.entered ? this.storage.getStore() : undefined;
  }

  /**
   * Calls `method` on `instance`: within `broker`'s scope when it has a session, else outside
   * any (once scopes exist, explicitly, whatever context the event was dispatched from).
   */
  call(broker: BrokerSender, method: HandlerMethod, instance: object, event: unknown, context: unknown): unknown {
    if (broker.sessionId !== null) {
      this.entered = true;
      return this.storage.run(broker, callMethod, method, instance, event, context);
    }
    if (!this.entered) return method.call(instance, event, context);
    return this.storage.run(undefined as unknown as BrokerSender, callMethod, method, instance, event, context);
  }
}
