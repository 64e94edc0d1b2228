/**
 * `@CredentialsIssue`: answers `plugin.credentials.issue`.
 */
import { credentialsRole } from "./credentials-role";

/**
 * The method receives `{ accountId, agentId }` and checks the agent may use the account; throw
 * `CredentialNotFoundError` or `CredentialNotPermittedError` to refuse. The daemon waits 1 s.
 *
 * @throws DecoratorError on anything but an instance method, or a method already serving another credentials request.
 */
export function CredentialsIssue(): MethodDecorator {
  return credentialsRole("issue");
}
