/**
 * `@CredentialsReload`: answers `plugin.credentials.reload`.
 */
import { credentialsRole } from "./credentials-role";

/**
 * The method re-reads the plugin's credentials. Optional: without it, a reload answers ok.
 *
 * @throws DecoratorError on anything but an instance method, or a method already serving another credentials request.
 */
export function CredentialsReload(): MethodDecorator {
  return credentialsRole("reload");
}
