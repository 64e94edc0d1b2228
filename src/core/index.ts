/**
 * The decorator-free runtime: everything needed to speak the nexo plugin wire contract.
 * Nothing here knows about decorators; the layers above import from this barrel.
 */
export { PluginAdapter } from "./adapter";
export type { EventHandler, InitializeHandler, PluginAdapterOptions, ShutdownHandler, StopReason } from "./adapter";
export { BrokerSender } from "./broker";
export type { BrokerLink, HostCallOptions, LlmStream, MemoryRecallOptions } from "./broker";
export {
  HostCallError,
  HostDecodeError,
  HostError,
  HostTimeoutError,
  HostTransportError,
  ManifestError,
  PluginError,
  WireError,
} from "./errors";
export { Event } from "./event";
export type { EventEnvelope, EventFields, PublishOptions } from "./event";
export { DEFAULT_RPC_TIMEOUT_MS } from "./host-calls";
export type { FinishReason, LlmCompleteRequest, LlmCompletion, LlmMessage, MemoryEntry } from "./host-payloads";
export type { ChunkStream } from "./llm-stream";
export { findManifestFile, isToolInNamespace, parseManifest, readManifest, validateManifest } from "./manifest";
export type { ChannelRegistration, Manifest, ManifestWarn, PluginManifest } from "./manifest";
export { loadManifest, MANIFEST_FILE_NAME } from "./manifest-source";
export type { ManifestSource } from "./manifest-source";
export { publishPatterns } from "./publish-allowlist";
export {
  installStdoutGuard,
  isStdoutGuardInstalled,
  STDOUT_GUARD_MARKER,
  uninstallStdoutGuard,
} from "./stdout-guard";
export type { StdoutGuardOptions } from "./stdout-guard";
export {
  ToolArgumentError,
  ToolDeniedError,
  ToolError,
  ToolExecutionError,
  ToolNotFoundError,
  ToolUnavailableError,
} from "./tool-errors";
export { textResult } from "./tools";
export type { TextToolResult, ToolContext, ToolDef, ToolHandler, ToolHandlerWithContext, ToolInvocation } from "./tools";
export { isValidTopic, TopicPatternError, TopicRouter, topicMatches, validateTopicPattern } from "./topics";
export type { TopicMatch } from "./topics";
export {
  buildErrorResponse,
  buildNotification,
  buildRequest,
  buildResponse,
  ErrorCode,
  JSONRPC_VERSION,
  MAX_FRAME_BYTES,
  serializeFrame,
} from "./wire";
export type {
  ErrorCodeValue,
  JsonObject,
  JsonValue,
  RequestId,
  RpcErrorObject,
  RpcErrorResponse,
  RpcFrame,
  RpcNotification,
  RpcRequest,
  RpcResponse,
  RpcSuccessResponse,
} from "./wire";
