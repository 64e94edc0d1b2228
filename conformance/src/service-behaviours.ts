/**
 * The fixture's configuration and credentials behaviours (FIXTURE.md, "Production surfaces").
 */
import { CredentialNotFoundError, CredentialNotPermittedError, type CredentialBytesRequest, type CredentialRequest } from "../../dist";
import type { FixtureConfig } from "./config";

/**
 * Checks a configuration for `{"required": [names]}`: the value, or each element of a list,
 * must be an object with a non-empty string under each name.
 *
 * @throws Error naming the first missing name, with the element index for a list (`[1].token`).
 */
export function checkRequired(value: unknown, required: readonly string[]): void {
  if (value === null) return;
  const elements = Array.isArray(value) ? value.map((element, index) => [element, `[${index}]`] as const) : [[value, ""] as const];
  for (const [element, at] of elements) {
    if (typeof element !== "object" || element === null || Array.isArray(element)) throw new Error(`${at || "the value"} must be an object`);
    for (const name of required) {
      const field = (element as Record<string, unknown>)[name];
      if (typeof field !== "string" || field === "") throw new Error(`${at ? `${at}.` : ""}${name} must be a non-empty string`);
    }
  }
}

/** The fixture's credential store, answering as FIXTURE.md says. */
export class FixtureCredentials {
  constructor(private readonly spec: NonNullable<FixtureConfig["credentials"]>) {}

  list(): string[] {
    return Object.keys(this.spec.accounts).sort();
  }

  issue(request: CredentialRequest): void {
    this.check(request);
  }

  resolveBytes(request: CredentialBytesRequest): Buffer {
    this.check(request);
    return Buffer.from(this.spec.accounts[request.accountId]!, "utf8");
  }

  private check({ accountId, agentId }: CredentialRequest): void {
    if (!Object.hasOwn(this.spec.accounts, accountId)) throw new CredentialNotFoundError(`account ${JSON.stringify(accountId)}`);
    if (this.spec.denyAgents.includes(agentId)) throw new CredentialNotPermittedError(`agent ${JSON.stringify(agentId)} may not use ${JSON.stringify(accountId)}`);
  }
}
