/**
 * `@PairingSendQrImage`: answers the daemon's `pairing.send_qr_image` calls.
 */
import { pairingRoleDecorator } from "./pairing-role";

/**
 * Answers `<[plugin.pairing.adapter] broker_topic_prefix>.pairing.send_qr_image`: the method
 * receives `({ account, to, png_base64 }, ctx)` and sends the image; it returns like
 * `@PairingSendReply`.
 *
 * @throws DecoratorError when placed on anything but an instance method, or on a method that already serves another request.
 */
export function PairingSendQrImage(): MethodDecorator {
  return pairingRoleDecorator("@PairingSendQrImage", "sendQrImage");
}
