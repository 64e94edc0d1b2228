/**
 * Tool calls whose handler is still running. The shutdown drain is capped, so a call can
 * outlive it, yet every request is owed exactly one reply, written before the shutdown ack.
 * The ledger decides which of the two possible replies (the handler's, or the drain's
 * failure) is the one that goes out.
 */
import type { RequestId } from "../../wire/wire";

/** One tool call awaiting its handler. */
export interface PendingToolCall {
  readonly id: RequestId;
  readonly toolName: string;
}

/** The tool calls still owed a reply. */
export class PendingToolCalls {
  private readonly calls = new Set<PendingToolCall>();

  /** Records a call whose handler has started. */
  start(id: RequestId, toolName: string): PendingToolCall {
    const call = { id, toolName };
    this.calls.add(call);
    return call;
  }

  /** Claims the reply for `call`; false when the drain already answered it. */
  claim(call: PendingToolCall): boolean {
    return this.calls.delete(call);
  }

  /** Claims the replies of every call still running. */
  claimAll(): PendingToolCall[] {
    const all = [...this.calls];
    this.calls.clear();
    return all;
  }
}
