/**
 * UUID v4 for broker messages; node:crypto is loaded at the first use rather than at start-up.
 */
let uuid: (() => string) | undefined;

/** A fresh UUID v4. */
export function randomUuid(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  uuid ??= (require("node:crypto") as typeof import("node:crypto")).randomUUID;
  return uuid();
}
