/**
 * `@LlmProvider`: answers `llm.chat` for one provider name.
 */
import { recordExtension } from "./extension-binding";

/**
 * Answers `llm.chat` for provider `name` (listed in `[plugin.extends].llm_providers`). The
 * method receives `(request, ctx)` and returns a full response, or an async iterable of chunks
 * (an `async *` method) that a streaming call sends as `llm.chat.delta` notifications.
 *
 * @throws DecoratorError when `name` is not a non-empty string or the method already serves it.
 */
export function LlmProvider(name: string): MethodDecorator {
  return recordExtension("@LlmProvider", "provider name", { surface: "llm_provider", id: name });
}
