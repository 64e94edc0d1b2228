/**
 * Records a broker service binding on a method, checking what all service decorators share.
 */
import { DecoratorError } from "./decorator-error";
import { ownMemberRecord, type ServiceBinding } from "./metadata-store";
import { requireInstanceMethod } from "./method-target";

/**
 * Checks the placement and records `binding` (stacked decorators keep source order).
 *
 * @throws DecoratorError when the method is not an instance method, or already serves another
 * kind of request (its handler would get the wrong arguments).
 */
export function recordServiceBinding(
  decorator: string,
  target: object,
  key: string | symbol,
  descriptor: PropertyDescriptor | undefined,
  binding: ServiceBinding,
): void {
  const name = requireInstanceMethod(decorator, target, key, descriptor);
  const member = ownMemberRecord(target, key);
  const other = member.services.find((s) => s.kind !== binding.kind || (s.kind === "pairing" && binding.kind === "pairing"));
  if (other) {
    throw new DecoratorError(name, decorator, `the method is already ${other.decorator}; a method serves one kind of request, with one signature`);
  }
  // Decorators apply bottom-up; unshift keeps the bindings in source order.
  member.services.unshift(binding);
}
