/**
 * `@PairingStart`: starts a QR pairing when the daemon calls `[plugin.pairing.trigger] start_method`.
 */
import { pairingRoleDecorator } from "./pairing-role";

/**
 * Serves the admin method `[plugin.pairing.trigger] start_method` (which must lie under
 * `[plugin.admin] method_prefix`): the method receives `({ challenge_id, agent_id, instance }, ctx)`,
 * starts the pairing (reporting on `this.pairing`) and returns the admin `result`.
 *
 * @throws DecoratorError when placed on anything but an instance method, or on a method that already serves another request.
 */
export function PairingStart(): MethodDecorator {
  return pairingRoleDecorator("@PairingStart", "start");
}
