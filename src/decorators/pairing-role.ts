/**
 * The pairing decorators: each marks a method as one of the daemon's pairing calls.
 */
import type { PairingRole } from "./metadata-store";
import { recordServiceBinding } from "./service-binding";

/** The decorator recording `role` under the name `decorator`. */
export function pairingRoleDecorator(decorator: string, role: PairingRole): MethodDecorator {
  return (target, key, descriptor) => {
    recordServiceBinding(decorator, target, key, descriptor, { kind: "pairing", decorator: `${decorator}()`, role });
  };
}
