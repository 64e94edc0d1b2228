/**
 * Serves `plugin.configure` for an `@OnConfigure` method: each configuration object is
 * validated into the method's DTO (when it declares one) before the method runs.
 */
import type { ConfigProblem, ConfigureHandler, ConfigureOptions, ConfigValidator } from "../core";
import type { DtoClass } from "../decorators";
import { validateDto } from "../validation";
import type { ConfigureRoute } from "./plugin-definition";

/** The adapter's configure handler and options for a plugin instance. */
export function createConfigureHandler(instance: object, route: ConfigureRoute): { handler: ConfigureHandler; options: ConfigureOptions } {
  const method = (instance as Record<string | symbol, Function>)[route.method]!;
  const handler: ConfigureHandler = (config, context) => method.call(instance, config, context);
  return { handler, options: route.schema ? { validate: dtoConfigValidator(route.schema) } : {} };
}

/**
 * Validates one configuration object into `dto`. Unknown properties are refused (a misspelt
 * operator key must not be dropped silently), and every broken constraint is a problem of its own.
 */
export function dtoConfigValidator(dto: DtoClass): ConfigValidator {
  return (value) => {
    const checked = validateDto(dto, value, { forbidUnknown: true });
    if (checked.ok) return { ok: true, value: checked.value };
    const problems: ConfigProblem[] = checked.details.flatMap((detail) =>
      Object.values(detail.constraints).map((message) => ({ path: detail.property, message })),
    );
    return { ok: false, problems };
  };
}
