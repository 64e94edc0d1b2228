/**
 * The checks every method decorator makes about where it was placed.
 */
import { DecoratorError, memberName } from "./decorator-error";

/**
 * Ensures a member decorator sits on an instance method and returns `Class.method` for messages.
 *
 * @throws DecoratorError on a static member, a property or an accessor.
 */
export function requireInstanceMethod(
  decorator: string,
  target: object,
  key: string | symbol,
  descriptor: PropertyDescriptor | undefined,
): string {
  if (isStandardDecoratorContext(key)) {
    // TypeScript without experimentalDecorators calls decorators as (method, context).
    throw new DecoratorError(
      `<class>.${String(key.name)}`,
      decorator,
      'needs TypeScript\'s legacy decorators: set "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json',
    );
  }
  const name = memberName(target, key);
  if (typeof target === "function") {
    throw new DecoratorError(name, decorator, "static methods cannot be handlers; decorate an instance method");
  }
  if (!descriptor || typeof descriptor.value !== "function") {
    throw new DecoratorError(name, decorator, "only methods can be handlers, not properties or accessors");
  }
  return name;
}

/** The context object of a TC39 standard decorator, where a legacy decorator gets the member key. */
function isStandardDecoratorContext(key: unknown): key is { kind: string; name: string | symbol } {
  return typeof key === "object" && key !== null && "kind" in key;
}

/**
 * Whether `value` can be a DTO class: a function with a prototype. An arrow function passes
 * `typeof` but cannot be instantiated, which class-transformer would only find out per event.
 */
export function isDtoClass(value: unknown): value is new () => object {
  return typeof value === "function" && typeof (value as { prototype?: unknown }).prototype === "object";
}
