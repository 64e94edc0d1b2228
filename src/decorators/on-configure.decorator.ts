/**
 * `@OnConfigure`: the method that receives the operator's configuration.
 */
import { DecoratorError, showValue } from "./decorator-error";
import { ownMemberRecord, type DtoClass } from "./metadata-store";
import { isDtoClass, requireInstanceMethod } from "./method-target";

/** Options of {@link OnConfigure}. */
export interface OnConfigureOptions {
  /**
   * A DTO class for one configuration object (one instance, for `shape = "array"`): each is
   * transformed and validated into it, unknown properties refused, and the failures named in
   * the error reply (`[1].token: ...`). `nexo-plugin schema` prints its JSON Schema for the
   * manifest. Without it, the manifest's `[plugin.config_schema].schema` is checked instead.
   */
  schema?: DtoClass;
}

/**
 * Receives each configuration the daemon sends (`plugin.configure`, at start and on hot
 * reload) as `(config, { previous, reload })`; `this.config` holds it once the method returns.
 * Throw to refuse it: the daemon then refuses the start, or the previous configuration stays.
 * Needs `[plugin.config_schema]` in the manifest.
 *
 * @throws DecoratorError on anything but an instance method, a bad `schema`, or a second `@OnConfigure` on the method.
 */
export function OnConfigure(options: OnConfigureOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const name = requireInstanceMethod("@OnConfigure", target, key, descriptor);
    const fail = (problem: string): never => {
      throw new DecoratorError(name, "@OnConfigure", problem);
    };
    if (typeof options !== "object" || options === null || Array.isArray(options)) fail(`options must be an object, got ${showValue(options)}`);
    const unknown = Object.keys(options).filter((k) => k !== "schema");
    if (unknown.length > 0) fail(`unknown option ${showValue(unknown[0])} (known: schema)`);
    if (options.schema !== undefined && !isDtoClass(options.schema)) fail(`schema must be a DTO class, got ${showValue(options.schema)}`);
    const member = ownMemberRecord(target, key);
    if (member.configure) fail("is already decorated with @OnConfigure");
    member.configure = { schema: options.schema };
  };
}
