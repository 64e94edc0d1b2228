/**
 * How the development host answers the plugin's host calls (`memory.recall`, `llm.complete`)
 * from the answers file, writing each answer, its streamed deltas and any error to the
 * transcript as the plugin receives them.
 */
import { isJsonObject, type JsonValue } from "../../core/wire/wire";
import type { HostPeer, HostRequestHandler } from "../../testing/host-peer";
import type { HostAnswers } from "./answers-file";
import type { Transcript } from "./transcript";

/** Makes `peer` answer the host calls with `answers`, each exchange shown in `transcript`. */
export function answerHostCalls(peer: HostPeer, answers: HostAnswers, transcript: Transcript): void {
  peer.handle("memory.recall", shownAnswer(transcript, "memory.recall", answers.memoryRecall));
  peer.handle("llm.complete", shownAnswer(transcript, "llm.complete", answers.llmComplete));
}

/** `handler`, with what it sends back (deltas, the result, or the error) written to the transcript. */
function shownAnswer(transcript: Transcript, method: string, handler: HostRequestHandler): HostRequestHandler {
  return async (params, request) => {
    const notify = (deltaMethod: string, deltaParams: JsonValue): void => {
      transcript.sent(deltaMethod, isJsonObject(deltaParams) ? deltaParams["chunk"] : deltaParams);
      request.notify(deltaMethod, deltaParams);
    };
    try {
      const result = await handler(params, { ...request, notify });
      transcript.sent(`${method} result`, result);
      return result;
    } catch (error) {
      transcript.sent(`${method} error`, error instanceof Error ? error.message : error);
      throw error;
    }
  };
}
