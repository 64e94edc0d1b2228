/**
 * `@Channel.start`, `@Channel.stop`, `@Channel.send`: serve one channel kind.
 */
import { recordExtension, type ChannelOperation } from "./extension-binding";

function channelPart(operation: ChannelOperation): (kind: string) => MethodDecorator {
  return (kind) => recordExtension(`@Channel.${operation}`, "channel kind", { surface: "channel", id: kind, operation });
}

/**
 * Method decorators serving a channel kind listed in `[plugin.extends].channels`. `send` is
 * required for each kind; `start` and `stop` are optional.
 *
 * @example
 * ```ts
 * @Channel.start("slack") connect(ctx: ChannelContext) {}
 * @Channel.send("slack") deliver(message: OutboundMessage, ctx: ChannelContext) { return { messageId: "m1" }; }
 * ```
 */
export const Channel = {
  /**
   * `channel.start`: the method receives `(ctx)` (`ctx.instance`, `ctx.publishInbound`) and starts serving.
   *
   * @throws DecoratorError when `kind` is not a non-empty string or the method already starts it.
   */
  start: channelPart("start"),
  /**
   * `channel.stop`: the method receives `(ctx)`; it runs only for a started kind, so a repeated stop is answered without it.
   *
   * @throws DecoratorError when `kind` is not a non-empty string or the method already stops it.
   */
  stop: channelPart("stop"),
  /**
   * `channel.send_outbound`: the method receives `(message, ctx)` and returns `{ messageId, sentAt? }`.
   *
   * @throws DecoratorError when `kind` is not a non-empty string or the method already sends for it.
   */
  send: channelPart("send"),
} as const;
