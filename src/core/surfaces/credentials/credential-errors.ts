/**
 * Typed credential failures. The daemon maps an error reply by the start of its message
 * (SERVICES.md section 2), so each of these answers with a message that starts with its reason
 * word; any other failure is reported as a plain internal error.
 */
import { PluginError } from "../../errors";

/** Base class of the typed credential failures; {@link reason} starts the reply's message. */
export abstract class CredentialError extends PluginError {
  /** The word the daemon looks for at the start of the message. */
  abstract readonly reason: "not_found" | "not_permitted";

  /** The reply's message: the reason word, then the detail when there is one. */
  wireMessage(): string {
    return this.message ? `${this.reason}: ${this.message}` : this.reason;
  }
}

/** The account (or the fingerprint's secret) does not exist. */
export class CredentialNotFoundError extends CredentialError {
  readonly reason = "not_found";

  /** @param detail what was not found, such as `account "work"`. */
  constructor(detail = "") {
    super(detail);
  }
}

/** The agent may not use the account. */
export class CredentialNotPermittedError extends CredentialError {
  readonly reason = "not_permitted";

  /** @param detail who was refused what, such as `agent "kate" may not use account "work"`. */
  constructor(detail = "") {
    super(detail);
  }
}
