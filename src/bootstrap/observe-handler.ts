/**
 * Times a handler method for metrics. Without an observer the method itself is returned, so a
 * plugin without metrics runs exactly the code it did before.
 */
import { isThenable } from "../core/runtime/in-flight";
import { secondsSince, type RuntimeObservers } from "../core/runtime/observers";

type Method = (...args: never[]) => unknown;

/** `method`, reporting each call's duration and failure under `handlerName` when metrics are on. */
export function observeHandler<M extends Method>(method: M, handlerName: string, observers: RuntimeObservers | undefined): M {
  const observe = observers?.handlerFinished;
  if (!observe) return method;
  return function (this: unknown, ...args: never[]) {
    const startedAt = performance.now();
    let outcome: unknown;
    try {
      outcome = method.apply(this, args);
    } catch (error) {
      observe(handlerName, secondsSince(startedAt), true);
      throw error;
    }
    if (!isThenable(outcome)) {
      observe(handlerName, secondsSince(startedAt), false);
      return outcome;
    }
    return Promise.resolve(outcome).then(
      (value) => {
        observe(handlerName, secondsSince(startedAt), false);
        return value;
      },
      (error: unknown) => {
        observe(handlerName, secondsSince(startedAt), true);
        throw error;
      },
    );
  } as M;
}
