/**
 * The `llm.chat` method: one handler per provider name in `[plugin.extends].llm_providers`.
 *
 * A handler returns a full response or an async iterable of chunks. For a streaming call
 * (`stream: true`) every chunk goes out as an `llm.chat.delta` notification before the final
 * reply, which is the response the chunks add up to; a full response is sent as deltas first
 * too, so the host always sees a stream. For a plain call, chunks are only assembled.
 */
import type { BrokerSender } from "../../broker/broker";
import { showValue } from "../../log";
import type { HostRequest, MethodContext } from "../../runtime/method-table";
import type { JsonObject } from "../../wire/wire";
import { ExtensionHandlers, labelBy, type ExtensionDeps } from "../extension-handlers";
import { ChatAssembly, deltasOf } from "./llm-chat-assembly";
import { decodeChatCall, type LlmChatRequest } from "./llm-chat-request";
import { checkChunk, encodeFinishReason, encodeResponse, type LlmChatChunk, type LlmChatResponse } from "./llm-chat-response";

/** What an `llm.chat` handler gets besides the request. */
export interface LlmChatContext {
  /** The provider name the daemon asked for. */
  readonly provider: string;
  /** `params.model`. */
  readonly model: string;
  /** Whether the daemon streams this call (chunks are sent as deltas either way they are produced). */
  readonly stream: boolean;
  /** The plugin id from the manifest. */
  readonly pluginId: string;
  /** Sends events and host calls. */
  readonly broker: BrokerSender;
}

/** What a provider answers with: a full response, or the chunks of one. */
export type LlmChatOutcome = LlmChatResponse | AsyncIterable<LlmChatChunk | string>;

/** Answers `llm.chat` for one provider; throw an `LlmProviderError` subclass for a typed failure. */
export type LlmProviderHandler = (request: LlmChatRequest, context: LlmChatContext) => LlmChatOutcome | Promise<LlmChatOutcome>;

/** The notification each chunk of a streaming call goes out as. */
export const LLM_CHAT_DELTA = "llm.chat.delta";

/** Serves `llm.chat` for the providers registered through {@link add}. */
export class LlmProviderSurface {
  private readonly handlers: ExtensionHandlers<LlmProviderHandler>;

  constructor(private readonly deps: ExtensionDeps) {
    this.handlers = new ExtensionHandlers(deps.manifest, "llm_providers", "LLM provider");
    deps.table.register("llm.chat", {
      handle: (request, context) => this.chat(request, context),
      label: labelBy("provider"),
    });
  }

  /**
   * Registers the handler of provider `name`.
   *
   * @throws ManifestError when `name` is not in `[plugin.extends].llm_providers`; WireError when it
   *   has a handler already; TypeError when `handler` is not a function.
   */
  add(name: string, handler: LlmProviderHandler): void {
    if (typeof handler !== "function") throw new TypeError(`the handler of LLM provider ${showValue(name)} must be a function, got ${showValue(handler)}`);
    this.handlers.add(name, handler);
  }

  private async chat(request: HostRequest, method: MethodContext): Promise<JsonObject> {
    const call = decodeChatCall(request.params);
    const handler = this.handlers.find(call.provider, "llm.chat");
    const context: LlmChatContext = {
      provider: call.provider,
      model: call.model,
      stream: call.stream,
      pluginId: this.deps.manifest.plugin.id,
      broker: this.deps.broker,
    };
    const outcome: unknown = await handler(call.request, context);
    // Awaiting each delta lets stdout's backpressure slow the provider down instead of queueing.
    const delta = call.stream
      ? (chunk: JsonObject) => method.notify(LLM_CHAT_DELTA, { request_id: request.id, chunk })
      : undefined;
    const what = `LLM provider ${showValue(call.provider)}`;
    if (isAsyncIterable(outcome)) return this.consume(outcome, what, delta);
    const result = encodeResponse(outcome, `the response of ${what}`);
    if (delta) for (const chunk of deltasOf(result)) await delta(chunk);
    return result;
  }

  /** Reads a stream up to its `end` chunk, forwarding each chunk when the call streams. */
  private async consume(
    stream: AsyncIterable<unknown>,
    what: string,
    delta: ((chunk: JsonObject) => Promise<void>) | undefined,
  ): Promise<JsonObject> {
    const assembly = new ChatAssembly();
    let index = 0;
    for await (const value of stream) {
      const name = `chunk ${index++} of ${what}`;
      const { chunk, wire } = checkChunk(value, name);
      assembly.add(chunk, name);
      if (delta) await delta(wire);
      // `end` closes the stream for the host; leaving the loop also closes the iterable.
      if (assembly.ended) break;
    }
    if (delta && !assembly.ended) await delta({ type: "end", finish_reason: encodeFinishReason(assembly.finish(), "finishReason") });
    return encodeResponse(assembly.response(), `the streamed response of ${what}`);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
}
