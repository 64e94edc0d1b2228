/**
 * What a plugin that holds credentials implements: one function per `plugin.credentials.*`
 * method (SERVICES.md section 2).
 */

/** Who asks for which account. */
export interface CredentialRequest {
  /** The account, one of those {@link CredentialsProvider.list} returned. */
  readonly accountId: string;
  /** The agent that will use it. */
  readonly agentId: string;
}

/** A request for the secret bytes behind a fingerprint the daemon holds. */
export interface CredentialBytesRequest extends CredentialRequest {
  /** The fingerprint the daemon was given for the secret. */
  readonly fingerprint: string;
}

/** The accounts, and warnings the daemon shows the operator (a half-configured account, say). */
export interface CredentialAccounts {
  readonly accounts: readonly string[];
  /** Default none. */
  readonly warnings?: readonly string[];
}

/** Secret bytes: a `Buffer` (any `Uint8Array`), or a string sent as its UTF-8 bytes. */
export type CredentialBytes = Uint8Array | string;

/**
 * Serves the daemon's credential requests. `issue` and `resolveBytes` must answer within the
 * daemon's 1 s: keep slow I/O off them (load secrets in `reload` or at configuration time).
 * Throw `CredentialNotFoundError` / `CredentialNotPermittedError` for those two causes.
 */
export interface CredentialsProvider {
  /** The account ids the plugin holds credentials for (a list, or accounts with warnings). */
  list(): CredentialAccounts | readonly string[] | Promise<CredentialAccounts | readonly string[]>;
  /** Checks that `agentId` may use `accountId`; the result is ignored (the reply is `{"ok": true}`). */
  issue(request: CredentialRequest): unknown;
  /** The secret's bytes, sent as standard base64. */
  resolveBytes(request: CredentialBytesRequest): CredentialBytes | Promise<CredentialBytes>;
  /** Re-reads the credentials (the reply is `{"ok": true}`). Default: nothing to re-read. */
  reload?(): unknown;
}
