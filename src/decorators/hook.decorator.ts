/**
 * `@Hook`: answers `hook.on_hook` for one hook name.
 */
import { DecoratorError, showValue } from "./decorator-error";
import { recordExtension } from "./extension-binding";
import { requireInstanceMethod } from "./method-target";

/** Options of {@link Hook}. */
export interface HookDecoratorOptions {
  /**
   * Longest wait for the method before "continue" is sent in its place, in milliseconds (a
   * positive integer; default 4000, inside the daemon's 5 s).
   */
  budgetMs?: number;
}

/**
 * Runs the method for hook `name` (`before_message`, `before_tool_call`, `after_tool_call`,
 * `after_message`, or any name in `[plugin.extends].hooks`). It receives `(event, ctx)` and
 * returns a `HookDecision`, or nothing to continue. Hooks fail open: a method that throws or
 * exceeds its budget is answered "continue", and the reason is logged.
 *
 * @throws DecoratorError when `name` is not a non-empty string, the budget is not a positive
 *   integer, or the method already handles `name`.
 */
export function Hook(name: string, options: HookDecoratorOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const fail = (problem: string): never => {
      throw new DecoratorError(requireInstanceMethod("@Hook", target, key, descriptor), "@Hook", problem);
    };
    if (typeof options !== "object" || options === null) fail(`options must be an object, got ${showValue(options)}`);
    const budgetMs = options.budgetMs;
    if (budgetMs !== undefined && (!Number.isInteger(budgetMs) || budgetMs <= 0 || budgetMs > 2 ** 31 - 1)) {
      fail(`budgetMs must be a positive integer of milliseconds, got ${showValue(budgetMs)}`);
    }
    recordExtension("@Hook", "hook name", { surface: "hook", id: name, budgetMs })(target, key, descriptor);
  };
}
