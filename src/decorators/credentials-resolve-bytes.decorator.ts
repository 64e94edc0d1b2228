/**
 * `@CredentialsResolveBytes`: answers `plugin.credentials.resolve_bytes`.
 */
import { credentialsRole } from "./credentials-role";

/**
 * The method receives `{ accountId, agentId, fingerprint }` and returns the secret as a
 * `Buffer` (any `Uint8Array`) or a string (its UTF-8 bytes); the SDK sends it as base64. The
 * daemon waits 1 s.
 *
 * @throws DecoratorError on anything but an instance method, or a method already serving another credentials request.
 */
export function CredentialsResolveBytes(): MethodDecorator {
  return credentialsRole("resolveBytes");
}
