/**
 * What a hook tells the daemon, and its encoding as the `hook.on_hook` result.
 *
 * The daemon's guide says `"decision": "block"` blocks; current daemons block only on
 * `"abort": true`. A block sets both, so it holds on either.
 */
import { showValue } from "../../log";
import { isJsonObject, type JsonObject } from "../../wire/wire";

/** The `decision` key of a hook result. */
export type HookVerdict = "allow" | "block" | "transform";

/**
 * A hook's decision. Build one with {@link HookDecision.continue}, {@link HookDecision.block},
 * {@link HookDecision.transform} or {@link HookDecision.override}; a handler that returns
 * nothing continues.
 */
export class HookDecision {
  private static readonly CONTINUE = new HookDecision({ abort: false, decision: "allow" });

  /** True for a block: the daemon skips the turn or replaces the tool call. */
  readonly abort: boolean;
  /** What the daemon is told to do. */
  readonly decision: HookVerdict;
  /** Why the hook blocked, for the daemon's log and the agent. */
  readonly reason: string | undefined;
  /** The replacement message body of a transform. */
  readonly transformedBody: string | undefined;
  /** Fields merged (shallowly) onto the event the later handlers see. */
  readonly override: JsonObject | undefined;
  /** Asks the daemon not to answer the blocked message again. */
  readonly doNotReplyAgain: boolean;

  private constructor(fields: {
    abort: boolean;
    decision: HookVerdict;
    reason?: string;
    transformedBody?: string;
    override?: JsonObject;
    doNotReplyAgain?: boolean;
  }) {
    this.abort = fields.abort;
    this.decision = fields.decision;
    this.reason = fields.reason;
    this.transformedBody = fields.transformedBody;
    this.override = fields.override;
    this.doNotReplyAgain = fields.doNotReplyAgain ?? false;
    Object.freeze(this);
  }

  /** Lets the turn or the tool call go on unchanged: `{"abort":false,"decision":"allow"}`. */
  static continue(): HookDecision {
    return HookDecision.CONTINUE;
  }

  /**
   * Blocks a `before_*` hook's turn or tool call: `{"abort":true,"decision":"block","reason":R}`,
   * plus `"do_not_reply_again":true` when asked.
   *
   * @throws TypeError when `reason` is not a string.
   */
  static block(reason: string, options: { doNotReplyAgain?: boolean } = {}): HookDecision {
    if (typeof reason !== "string") throw new TypeError(`HookDecision.block needs a reason string, got ${showValue(reason)}`);
    return new HookDecision({ abort: true, decision: "block", reason, doNotReplyAgain: options.doNotReplyAgain === true });
  }

  /**
   * Replaces the message body: `{"abort":false,"decision":"transform","transformed_body":B}`.
   *
   * @throws TypeError when `body` is not a string.
   */
  static transform(body: string): HookDecision {
    if (typeof body !== "string") throw new TypeError(`HookDecision.transform needs a body string, got ${showValue(body)}`);
    return new HookDecision({ abort: false, decision: "transform", transformedBody: body });
  }

  /**
   * Continues, with `patch` merged by the daemon onto the event for the handlers after this one.
   * Its keys are the wire's (`text`, `arguments`, `tool_name`, ...), as the daemon merges them.
   *
   * @throws TypeError when `patch` is not a plain JSON object.
   */
  static override(patch: JsonObject): HookDecision {
    if (!isJsonObject(patch)) throw new TypeError(`HookDecision.override needs an object, got ${showValue(patch)}`);
    return new HookDecision({ abort: false, decision: "allow", override: { ...patch } });
  }

  /** The `hook.on_hook` result. */
  toWire(): JsonObject {
    const wire: JsonObject = { abort: this.abort, decision: this.decision };
    if (this.reason !== undefined) wire["reason"] = this.reason;
    if (this.transformedBody !== undefined) wire["transformed_body"] = this.transformedBody;
    if (this.override !== undefined) wire["override"] = this.override;
    if (this.doNotReplyAgain) wire["do_not_reply_again"] = true;
    return wire;
  }
}
