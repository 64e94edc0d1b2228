/**
 * The `data` of every "rate limited" failure the daemon reads (channels, LLM providers, vector
 * backends): `{retry_after_secs}`, an integer.
 */
import { showValue } from "../log";

/**
 * `{retry_after_secs}`, checked.
 *
 * @throws RangeError when `retryAfterSecs` is not a non-negative integer: the daemon reads whole seconds.
 */
export function retryAfterData(retryAfterSecs: number): { retry_after_secs: number } {
  if (!Number.isSafeInteger(retryAfterSecs) || retryAfterSecs < 0) {
    throw new RangeError(`retryAfterSecs must be a non-negative integer, got ${showValue(retryAfterSecs)}`);
  }
  return { retry_after_secs: retryAfterSecs };
}
