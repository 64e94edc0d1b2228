/**
 * `@OnEvent`: routes broker events whose topic matches a pattern to a method.
 */
import { TopicPatternError, validateTopicPattern } from "../core";
import { DecoratorError, showValue } from "./decorator-error";
import { ownMemberRecord, type DtoClass } from "./metadata-store";
import { isDtoClass, requireInstanceMethod } from "./method-target";

/** Options of {@link OnEvent}. */
export interface OnEventOptions {
  /**
   * A DTO class for the event payload. The payload is transformed into an instance and
   * validated before the method runs; an invalid payload is logged and the method is skipped.
   */
  payload?: DtoClass;
}

/**
 * Runs the method for every broker event whose topic matches `pattern` (NATS-style: `*` is one
 * segment, `>` one or more trailing segments). Stack several to subscribe to several patterns;
 * the method still runs once per event. The method receives `(event, ctx)`.
 *
 * @throws DecoratorError when the pattern is invalid (empty segment, `>` not last) or the options are wrong.
 */
export function OnEvent(pattern: string, options: OnEventOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const name = requireInstanceMethod("@OnEvent", target, key, descriptor);
    try {
      validateTopicPattern(pattern);
    } catch (error) {
      if (error instanceof TopicPatternError) throw new DecoratorError(name, "@OnEvent", error.message);
      throw error;
    }
    if (typeof options !== "object" || options === null) {
      throw new DecoratorError(name, "@OnEvent", `options must be an object, got ${showValue(options)}`);
    }
    if (options.payload !== undefined && !isDtoClass(options.payload)) {
      throw new DecoratorError(name, "@OnEvent", `payload must be a DTO class, got ${showValue(options.payload)}`);
    }
    // Stacked decorators apply bottom-up; unshift keeps the bindings in source order.
    ownMemberRecord(target, key).events.unshift({ pattern, payload: options.payload });
  };
}
