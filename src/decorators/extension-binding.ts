/**
 * What the extension decorators (`@Hook`, `@Channel.*`, `@LlmProvider`, `@VectorBackend.*`)
 * record on a method: which daemon surface it serves, for which id, and in which role.
 */
import { DecoratorError, showValue } from "./decorator-error";
import { ownMemberRecord } from "./metadata-store";
import { requireInstanceMethod } from "./method-target";

/** The part of a channel kind a method serves. */
export type ChannelOperation = "start" | "stop" | "send";

/** The part of a vector backend a method serves. */
export type VectorOperation = "upsert" | "search" | "delete";

/** One extension decorator on a method. */
export type ExtensionBinding =
  | { readonly surface: "hook"; readonly id: string; readonly budgetMs: number | undefined }
  | { readonly surface: "channel"; readonly id: string; readonly operation: ChannelOperation }
  | { readonly surface: "llm_provider"; readonly id: string }
  | { readonly surface: "memory_backend"; readonly id: string; readonly operation: VectorOperation };

/**
 * Checks where an extension decorator sits and its id, then records `binding` on the method.
 *
 * @param what names the id in messages, such as `channel kind`.
 * @throws DecoratorError naming `Class.method`: not an instance method, an id that is not a
 *   non-empty string, or the same decorator with the same id twice on the method.
 */
export function recordExtension(
  decorator: string,
  what: string,
  binding: ExtensionBinding,
): MethodDecorator {
  return (target, key, descriptor) => {
    const name = requireInstanceMethod(decorator, target, key, descriptor);
    if (typeof binding.id !== "string" || binding.id.trim() === "") {
      throw new DecoratorError(name, decorator, `the ${what} must be a non-empty string, got ${showValue(binding.id)}`);
    }
    const member = ownMemberRecord(target, key);
    const bindings = (member.extensions ??= []);
    if (bindings.some((other) => sameRole(other, binding))) {
      throw new DecoratorError(name, decorator, `is applied twice for ${what} ${showValue(binding.id)}`);
    }
    // Stacked decorators apply bottom-up; unshift keeps them in source order.
    bindings.unshift(binding);
  };
}

function sameRole(a: ExtensionBinding, b: ExtensionBinding): boolean {
  return a.surface === b.surface && a.id === b.id && ("operation" in a ? a.operation : "") === ("operation" in b ? b.operation : "");
}
