/**
 * A deliberate HTTP failure: thrown by a route handler, it answers with its status and message.
 */
import { PluginError } from "../../errors";

/**
 * Throw from a route handler to answer `status` with `{"error": message}` as the JSON body
 * (anything else thrown answers 500 without saying why).
 *
 * @example
 * ```ts
 * if (!note) throw new HttpError(404, `no note ${request.params.id}`);
 * ```
 */
export class HttpError extends PluginError {
  /** The status code answered, an integer from 400 to 599. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
  }
}
