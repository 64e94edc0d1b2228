/**
 * The decorator-free runtime: everything needed to speak the nexo plugin wire contract.
 * Nothing here knows about decorators; the layers above import from this barrel.
 */
export { VERSION } from "./version";
export { PluginAdapter } from "./runtime/adapter";
export type { EventHandler, InitializeHandler, PluginAdapterOptions, ShutdownHandler, StopReason } from "./runtime/adapter";
export { MethodTable, RpcReplyError } from "./runtime/method-table";
export type { HostRequest, MethodContext, MethodDefinition } from "./runtime/method-table";
export { BrokerSender } from "./broker/broker";
export type { BrokerLink, HostCallOptions, LlmStream, MemoryRecallLimits, MemoryRecallOptions } from "./broker/broker";
export {
  ManifestError,
  PluginError,
  RpcDecodeError,
  RpcError,
  RpcServerError,
  RpcTimeoutError,
  RpcTransportError,
  WireError,
} from "./errors";
export type { RpcErrorOptions } from "./errors";
export { Event } from "./broker/event";
export type { EventEnvelope, EventFields, PublishOptions } from "./broker/event";
export { DEFAULT_RPC_TIMEOUT_MS } from "./host-calls/host-calls";
export { parseLlmCompleteResult, parseMemoryEntry } from "./host-calls/host-payloads";
export type { FinishReason, LlmCompleteOptions, LlmCompleteResult, MemoryEntry, Message, TokenCount } from "./host-calls/host-payloads";
export type { ChunkStream } from "./host-calls/llm-stream";
export { findManifestFile, isToolInNamespace, parseManifest, readManifest, readManifestFile, validateManifest } from "./manifest/manifest";
export type { ChannelRegistration, Manifest, ManifestWarn, PluginManifest } from "./manifest/manifest";
export type {
  AdminSection,
  ConfigSchemaSection,
  CredentialsSchemaSection,
  DashboardAuthCheck,
  DashboardLayout,
  DashboardSection,
  HttpSection,
  MetricsSection,
  PairingAdapterSection,
  PairingField,
  PairingKind,
  PairingSection,
  PairingTriggerSection,
} from "./manifest/manifest";
export { loadManifest, MANIFEST_FILE_NAME } from "./manifest/manifest-source";
export type { ManifestSource } from "./manifest/manifest-source";
export { publishPatterns } from "./broker/publish-allowlist";
export {
  BrokerBufferFullError,
  BrokerError,
  BrokerNoResponderError,
  BrokerReplyError,
  BrokerRequestTimeoutError,
  BrokerRequestUnsupportedError,
  BrokerUnavailableError,
} from "./broker/transport/broker-errors";
export { DEFAULT_NATS_URL, selectBrokerMode } from "./broker/transport/broker-mode";
export type { BrokerMode, BrokerOption, NatsBrokerOptions } from "./broker/transport/broker-mode";
export type { BrokerKind, BrokerMessage, BrokerResponder, BrokerTransport, TransportContext } from "./broker/transport/transport";
export {
  installStdoutGuard,
  isStdoutGuardInstalled,
  STDOUT_GUARD_MARKER,
  uninstallStdoutGuard,
} from "./wire/stdout-guard";
export type { StdoutGuardOptions } from "./wire/stdout-guard";
export {
  ToolArgumentInvalidError,
  ToolDeniedError,
  ToolError,
  ToolExecutionFailedError,
  ToolInvocationError,
  ToolNotFoundError,
  ToolUnavailableError,
} from "./surfaces/tools/tool-errors";
export { textResult, toolDefToJson } from "./surfaces/tools/tools";
export { CONFIGURE_BUDGET_MS } from "./surfaces/configure/configuration";
export type { ConfigureContext, ConfigureHandler, ConfigureOptions } from "./surfaces/configure/configuration";
export type { ConfigProblem, ConfigValidation, ConfigValidator } from "./surfaces/configure/config-problems";
export { CredentialError, CredentialNotFoundError, CredentialNotPermittedError } from "./surfaces/credentials/credential-errors";
export type {
  CredentialAccounts,
  CredentialBytes,
  CredentialBytesRequest,
  CredentialRequest,
  CredentialsProvider,
} from "./surfaces/credentials/credentials-provider";
export { isManifestProbe, PRINT_MANIFEST_FLAG } from "./discovery/print-manifest";
export type { TextToolResult, ToolContext, ToolDef, ToolHandler, ToolHandlerWithContext, ToolInvocation } from "./surfaces/tools/tools";
export * from "./surfaces/extension-exports";
export { isValidTopic, TopicPatternError, TopicRouter, topicMatches, validateTopicPattern } from "./broker/topics";
export type { TopicMatch } from "./broker/topics";
export {
  buildErrorResponse,
  buildNotification,
  buildRequest,
  buildResponse,
  ErrorCode,
  JSONRPC_VERSION,
  MAX_FRAME_BYTES,
  serializeFrame,
} from "./wire/wire";
export type {
  ErrorCodeValue,
  JsonObject,
  JsonRpcErrorResponse,
  JsonRpcFrame,
  JsonRpcId,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
  JsonValue,
  RpcErrorObject,
} from "./wire/wire";
