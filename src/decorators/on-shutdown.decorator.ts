/**
 * `@OnShutdown`: a teardown hook.
 */
import { ownMemberRecord } from "./metadata-store";
import { requireInstanceMethod } from "./method-target";

/**
 * Runs the method during teardown (`shutdown`, stdin EOF or a signal), after in-flight handlers
 * finished and before the shutdown is acknowledged. Several hooks run in declaration order
 * (base-class hooks first); a failing hook is logged and the others still run.
 *
 * @throws DecoratorError when placed on anything but an instance method.
 */
export function OnShutdown(): MethodDecorator {
  return (target, key, descriptor) => {
    requireInstanceMethod("@OnShutdown", target, key, descriptor);
    ownMemberRecord(target, key).shutdown = true;
  };
}
