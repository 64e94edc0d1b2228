/**
 * Carries the session-scoped broker of an event through its handler's asynchronous work, so
 * `NexoPlugin.broker` and `this.publish` find the event's session after any await.
 *
 * The AsyncLocalStorage behind it is only entered once an event carries a session: entering
 * one for the first time makes Node 20 run its promise hooks on every promise of the process
 * from then on, a cost a plugin whose events have no session should never pay.
 *
 * Where AsyncLocalStorage runs on async context frames (Node 24's default), `run` builds a new
 * frame, a copy of the current one, every time; a frame made once per session and re-entered
 * through an AsyncResource costs nothing per event, so there the scope keeps one per recent
 * session (its broker is then the first one seen for the session: brokers of one session are
 * interchangeable). The promise-hook implementation (Node 20 and 22) makes `run` the cheap path.
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import type { BrokerSender } from "../core";

/**
 * Whether AsyncLocalStorage is built on async context frames. The promise-hook implementation
 * propagates stores with a `_propagate` step that the frame-based one does not have; guessing
 * wrong costs speed only, as both paths keep the session.
 */
const USES_CONTEXT_FRAMES = !("_propagate" in AsyncLocalStorage.prototype);

/** Sessions whose frame is kept; past it the frames start over (sessions come and go). */
const SESSION_FRAMES = 256;

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
  /** With context frames, the frame of each recent session. */
  private readonly frames = new Map<string, AsyncResource>();

  /** The broker of the event whose handler is running now, when that event has a session. */
  current(): BrokerSender | undefined {
    return this.entered ? this.storage.getStore() : undefined;
  }

  /**
   * Calls `method` on `instance`: within `broker`'s scope when it has a session, else outside
   * any (once scopes exist, explicitly, whatever context the event was dispatched from).
   */
  call(broker: BrokerSender, method: HandlerMethod, instance: object, event: unknown, context: unknown): unknown {
    const sessionId = broker.sessionId;
    if (sessionId !== null) {
      this.entered = true;
      if (!USES_CONTEXT_FRAMES) return this.storage.run(broker, callMethod, method, instance, event, context);
      return this.frameOf(sessionId, broker).runInAsyncScope(callMethod, undefined, method, instance, event, context);
    }
    if (!this.entered) return method.call(instance, event, context);
    return this.storage.run(undefined as unknown as BrokerSender, callMethod, method, instance, event, context);
  }

  /** Runs `body` in `broker`'s scope as {@link call} does, for handlers other than event methods (broker services). */
  run<T>(broker: BrokerSender, body: () => T): T {
    if (broker.sessionId !== null) {
      this.entered = true;
      return this.storage.run(broker, body);
    }
    return this.entered ? this.storage.run(undefined as unknown as BrokerSender, body) : body();
  }

  private frameOf(sessionId: string, broker: BrokerSender): AsyncResource {
    let frame = this.frames.get(sessionId);
    if (frame === undefined) {
      frame = this.storage.run(broker, () => new AsyncResource("nexoai.session"));
      if (this.frames.size >= SESSION_FRAMES) this.frames.clear();
      this.frames.set(sessionId, frame);
    }
    return frame;
  }
}
