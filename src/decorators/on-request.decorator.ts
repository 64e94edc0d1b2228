/**
 * `@OnRequest`: answers broker requests on a topic pattern.
 */
import { TopicPatternError, validateTopicPattern } from "../core";
import { DecoratorError } from "./decorator-error";
import { requireInstanceMethod } from "./method-target";
import { recordServiceBinding } from "./service-binding";

/**
 * Answers broker requests (messages with a `reply_to`) whose topic matches `pattern`. The
 * method receives `(payload, ctx)` and returns the reply's payload; a request without
 * `reply_to` is logged and dropped, and a thrown method is logged and sends no reply. Stack
 * several to serve several patterns.
 *
 * @example
 * ```ts
 * @OnRequest("notes.lookup")
 * lookup(payload: { id: string }) {
 *   return { note: this.notes.get(payload.id) ?? null };
 * }
 * ```
 * @throws DecoratorError when the pattern is invalid.
 */
export function OnRequest(pattern: string): MethodDecorator {
  return (target, key, descriptor) => {
    const name = requireInstanceMethod("@OnRequest", target, key, descriptor);
    try {
      validateTopicPattern(pattern);
    } catch (error) {
      if (error instanceof TopicPatternError) throw new DecoratorError(name, "@OnRequest", error.message);
      throw error;
    }
    recordServiceBinding("@OnRequest", target, key, descriptor, { kind: "request", decorator: `@OnRequest("${pattern}")`, pattern });
  };
}
