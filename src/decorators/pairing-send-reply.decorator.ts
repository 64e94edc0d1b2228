/**
 * `@PairingSendReply`: answers the daemon's `pairing.send_reply` calls.
 */
import { pairingRoleDecorator } from "./pairing-role";

/**
 * Answers `<[plugin.pairing.adapter] broker_topic_prefix>.pairing.send_reply`: the method
 * receives `({ account, to, text }, ctx)` and sends the text; it returns nothing or `true`
 * (sent), `false`, or `{ ok, error? }` (a throw answers `{ok: false, error}`).
 *
 * @throws DecoratorError when placed on anything but an instance method, or on a method that already serves another request.
 */
export function PairingSendReply(): MethodDecorator {
  return pairingRoleDecorator("@PairingSendReply", "sendReply");
}
