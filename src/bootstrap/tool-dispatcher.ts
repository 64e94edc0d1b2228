/**
 * Serves `tool.invoke` for `@Tool` methods: finds the method by tool name, transforms and
 * validates the arguments when the tool declares an input DTO, and calls it.
 */
import { ToolArgumentInvalidError, ToolNotFoundError, type ToolHandlerWithContext } from "../core";
import { validateDto } from "../validation";
import type { ToolRoute } from "./plugin-definition";

/** Builds the adapter's tool handler for a plugin instance. */
export function createToolDispatcher(instance: object, routes: readonly ToolRoute[]): ToolHandlerWithContext {
  const byName = new Map(routes.map((r) => [r.name, r]));
  return (invocation, context) => {
    const route = byName.get(invocation.toolName);
    if (!route) throw new ToolNotFoundError(invocation.toolName);
    let args: unknown = invocation.args;
    if (route.input) {
      // Omitted arguments are an empty object to a DTO, so a DTO of optional fields accepts them.
      const checked = validateDto(route.input, args ?? {});
      if (!checked.ok) throw new ToolArgumentInvalidError(`arguments of ${route.name} do not satisfy ${route.input.name}`, checked.details);
      args = checked.value;
    }
    const method = (instance as Record<string | symbol, Function>)[route.method]!;
    return method.call(instance, args, context);
  };
}
