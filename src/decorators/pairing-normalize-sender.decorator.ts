/**
 * `@PairingNormalizeSender`: answers the daemon's `pairing.normalize_sender` calls.
 */
import { pairingRoleDecorator } from "./pairing-role";

/**
 * Answers `<[plugin.pairing.adapter] broker_topic_prefix>.pairing.normalize_sender`: the method
 * receives `({ raw }, ctx)` and returns the sender in canonical form, or `null` to reject it
 * (a throw also rejects it; the daemon caches either answer).
 *
 * @throws DecoratorError when placed on anything but an instance method, or on a method that already serves another request.
 */
export function PairingNormalizeSender(): MethodDecorator {
  return pairingRoleDecorator("@PairingNormalizeSender", "normalizeSender");
}
