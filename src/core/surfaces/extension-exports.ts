/**
 * The public part of the extension surfaces (hooks, channels, LLM providers, vector backends),
 * re-exported by the core barrel.
 */
export { HookDecision } from "./hooks/hook-decision";
export type { HookVerdict } from "./hooks/hook-decision";
export type {
  AfterMessageEvent,
  AfterToolCallEvent,
  BeforeMessageEvent,
  BeforeToolCallEvent,
  HookContext,
  HookEventOf,
  HookEvents,
} from "./hooks/hook-events";
export { DEFAULT_HOOK_BUDGET_MS } from "./hooks/hook-method";
export type { HookHandler, HookOptions, HookOutcome } from "./hooks/hook-method";
export {
  ChannelAuthenticationFailedError,
  ChannelConnectionFailedError,
  ChannelError,
  ChannelErrorCode,
  ChannelRateLimitedError,
  ChannelRecipientInvalidError,
  ChannelUnsupportedFeatureError,
} from "./channels/channel-errors";
export { inboundTopic } from "./channels/channel-messages";
export type { DeliveryReceipt, OutboundCustom, OutboundMedia, OutboundMessage, OutboundText } from "./channels/channel-messages";
export type { ChannelContext, ChannelHandlers, InboundPublishOptions } from "./channels/channel-methods";
export {
  LlmAuthenticationFailedError,
  LlmConnectionFailedError,
  LlmContextOverflowError,
  LlmErrorCode,
  LlmModelNotFoundError,
  LlmProviderError,
  LlmRateLimitedError,
} from "./llm-provider/llm-errors";
export type {
  LlmChatMessage,
  LlmChatRequest,
  LlmSystemBlock,
  LlmToolCall,
  LlmToolChoice,
  LlmToolDefinition,
} from "./llm-provider/llm-chat-request";
export type { LlmChatChunk, LlmChatContent, LlmChatResponse, LlmUsage } from "./llm-provider/llm-chat-response";
export { LLM_CHAT_DELTA } from "./llm-provider/llm-chat-method";
export type { LlmChatContext, LlmChatOutcome, LlmProviderHandler } from "./llm-provider/llm-chat-method";
export {
  VectorBackendError,
  VectorCollectionNotFoundError,
  VectorDimensionMismatchError,
  VectorErrorCode,
  VectorRateLimitedError,
  VectorWriteFailedError,
} from "./vector-backend/vector-errors";
export type {
  VectorDeleteRequest,
  VectorMatch,
  VectorQuery,
  VectorRecord,
  VectorSearchRequest,
  VectorUpsertRequest,
} from "./vector-backend/vector-records";
export type { VectorBackendContext, VectorBackendHandlers } from "./vector-backend/vector-methods";
