/**
 * `@PairingCancel`: cancels a QR pairing when the daemon calls `[plugin.pairing.trigger] cancel_method`.
 */
import { pairingRoleDecorator } from "./pairing-role";

/**
 * Serves the admin method `[plugin.pairing.trigger] cancel_method` (which must lie under
 * `[plugin.admin] method_prefix`): the method receives `({ challenge_id }, ctx)` and returns the
 * admin `result`.
 *
 * @throws DecoratorError when placed on anything but an instance method, or on a method that already serves another request.
 */
export function PairingCancel(): MethodDecorator {
  return pairingRoleDecorator("@PairingCancel", "cancel");
}
