/**
 * `@CredentialsList`: answers `plugin.credentials.list`.
 */
import { credentialsRole } from "./credentials-role";

/**
 * The method returns the account ids the plugin holds credentials for: a list of strings, or
 * `{ accounts, warnings }`. Needs `[plugin.credentials_schema] enabled = true`, and
 * `@CredentialsIssue` and `@CredentialsResolveBytes` methods beside it.
 *
 * @throws DecoratorError on anything but an instance method, or a method already serving another credentials request.
 */
export function CredentialsList(): MethodDecorator {
  return credentialsRole("list");
}
