/**
 * The development host's waits: the session's pauses and its polling for a quiet or ready plugin.
 */

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
