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
export { buildBrokerMessage, parseBrokerMessage } from "./broker/request-reply/broker-message";
export type { BrokerMessage } from "./broker/request-reply/broker-message";
export { BrokerRequests } from "./broker/request-reply/broker-requests";
export type { BrokerRequestsOptions } from "./broker/request-reply/broker-requests";
export { patternCovers, REPLY_TOPICS, subscribePatterns } from "./broker/request-reply/coverage";
export { RequestAbandonedError } from "./broker/request-reply/request-reply-transport";
export type { InboundRequest, RequestReplyTransport } from "./broker/request-reply/request-reply-transport";
export type { OnRequestOptions, RequestContext, RequestHandler, RequestRoute, ServedTopic } from "./broker/request-reply/request-route";
export { StdioBridgeTransport } from "./broker/request-reply/stdio-bridge-transport";
export type { CallOutcome, EventDropReason, RuntimeObservers } from "./runtime/observers";
export { metricsScrapeTopic, serveMetricsIfEnabled } from "./surfaces/metrics/metrics-service";
export type { MetricsHost, MetricsRegistry } from "./surfaces/metrics/metrics-service";
export type { ServiceHost } from "./surfaces/service-host";
export { HttpError } from "./surfaces/http/http-error";
export { HTTP_REQUEST_BODY_LIMIT } from "./surfaces/http/http-request";
export { HTTP_RESPONSE_BODY_LIMIT, HttpResponseError } from "./surfaces/http/http-response";
export { HttpRouteError } from "./surfaces/http/http-router";
export { httpRequestTopic, serveHttpRoutes } from "./surfaces/http/http-service";
export { HTTP_METHODS } from "./surfaces/http/http-types";
export type { HttpHandler, HttpHeaderValue, HttpMethod, HttpReplyPayload, HttpRequest, HttpResponse, HttpRouteDef } from "./surfaces/http/http-types";
export { adminTopic } from "./surfaces/admin/admin-names";
export { AdminMethodError, serveAdminMethods } from "./surfaces/admin/admin-service";
export type { AdminContext, AdminHandler, AdminMethodDef, AdminParamsParser, AdminReplyPayload } from "./surfaces/admin/admin-types";
export { pairingAdapterTopic, servePairingAdapter } from "./surfaces/pairing/pairing-adapter-service";
export { pairingChannel, PairingEvents } from "./surfaces/pairing/pairing-events";
export { pairingTriggerAdminMethods } from "./surfaces/pairing/pairing-trigger";
export type { PairingTriggerHandlers } from "./surfaces/pairing/pairing-trigger";
export { PAIRING_STATES } from "./surfaces/pairing/pairing-types";
export type {
  PairingAdapterHandlers,
  PairingCancelParams,
  PairingHandler,
  PairingNormalizeRequest,
  PairingNormalizeResult,
  PairingQrEvent,
  PairingSendQrImageRequest,
  PairingSendReplyRequest,
  PairingSendResult,
  PairingStartParams,
  PairingStateEvent,
  PairingStateName,
} from "./surfaces/pairing/pairing-types";
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
export type { BrokerKind, BrokerResponder, BrokerTransport, TransportContext } from "./broker/transport/transport";
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
