/**
 * `@OnInitialize`: a hook run after the handshake.
 */
import { ownMemberRecord } from "./metadata-store";
import { requireInstanceMethod } from "./method-target";

/**
 * Runs the method once the `initialize` reply has been sent, without delaying it; it receives
 * the `initialize` params (such as `nexo_version`).
 *
 * @throws DecoratorError when placed on anything but an instance method.
 */
export function OnInitialize(): MethodDecorator {
  return (target, key, descriptor) => {
    requireInstanceMethod("@OnInitialize", target, key, descriptor);
    ownMemberRecord(target, key).initialize = true;
  };
}
