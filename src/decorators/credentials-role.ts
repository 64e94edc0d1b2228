/**
 * What the four credentials decorators share: each marks a method as the one serving a
 * `plugin.credentials.*` method.
 */
import { DecoratorError } from "./decorator-error";
import { ownMemberRecord, type CredentialsRole } from "./metadata-store";
import { requireInstanceMethod } from "./method-target";

/** Which decorator records each role, for messages. */
export const CREDENTIALS_DECORATORS: Readonly<Record<CredentialsRole, string>> = {
  list: "@CredentialsList",
  issue: "@CredentialsIssue",
  resolveBytes: "@CredentialsResolveBytes",
  reload: "@CredentialsReload",
};

/** The method decorator recording `role`. */
export function credentialsRole(role: CredentialsRole): MethodDecorator {
  const decorator = CREDENTIALS_DECORATORS[role];
  return (target, key, descriptor) => {
    const name = requireInstanceMethod(decorator, target, key, descriptor);
    const member = ownMemberRecord(target, key);
    if (member.credentials) {
      throw new DecoratorError(name, decorator, `the method already serves ${CREDENTIALS_DECORATORS[member.credentials]}; one method serves one credentials request`);
    }
    member.credentials = role;
  };
}
