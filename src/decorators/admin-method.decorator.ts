/**
 * `@AdminMethod`: serves an admin method of `[plugin.admin]`.
 */
import { adminNameProblem } from "../core/surfaces/admin/admin-names";
import { DecoratorError, showValue } from "./decorator-error";
import type { DtoClass } from "./metadata-store";
import { isDtoClass, requireInstanceMethod } from "./method-target";
import { recordServiceBinding } from "./service-binding";

/** Options of {@link AdminMethod}. */
export interface AdminMethodOptions {
  /**
   * A DTO class for the params: they are transformed and validated before the method runs; a
   * failure answers `{ok: false, error}` naming each failed property.
   */
  params?: DtoClass;
}

/**
 * Serves the admin method `<method_prefix><name>` (`name` segments separated by `/` or `.`).
 * The method receives `(params, ctx)` and returns the `result`; the reply is
 * `{ok: true, result}`, or `{ok: false, error}` with the thrown error's message.
 *
 * @example
 * ```ts
 * @AdminMethod("items/list")
 * list() {
 *   return [...this.items.values()];
 * }
 * ```
 * @throws DecoratorError when the name cannot be a method name or the options are wrong.
 */
export function AdminMethod(name: string, options: AdminMethodOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const member = requireInstanceMethod("@AdminMethod", target, key, descriptor);
    const fail = (problem: string): never => {
      throw new DecoratorError(member, "@AdminMethod", problem);
    };
    const problem = adminNameProblem(name);
    if (problem) fail(problem);
    if (typeof options !== "object" || options === null) fail(`options must be an object, got ${showValue(options)}`);
    if (options.params !== undefined && !isDtoClass(options.params)) fail(`params must be a DTO class, got ${showValue(options.params)}`);
    recordServiceBinding("@AdminMethod", target, key, descriptor, { kind: "admin", decorator: `@AdminMethod("${name}")`, name, params: options.params });
  };
}
