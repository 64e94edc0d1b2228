/**
 * `nexoai/testing`: run a plugin in a test and play the daemon.
 */
export { HostPeer, HostRequestError, NO_REPLY } from "./host-peer";
export type { HostReply, HostRequestHandler, StdoutViolation, WireFrame } from "./host-peer";
export { PluginTestHost } from "./plugin-test-host";
export type { PluginTestHostOptions, TestEventOptions } from "./plugin-test-host";
export { llmResponder, memoryResponder } from "./responders";
export type { LlmResponderOptions, MemorySeed } from "./responders";
export { adminRequestPayload, brokerRequestEvent, decodeHttpReply, httpRequestPayload, replyPayload, scrapeTopic } from "./service-requests";
export type { BuiltRequest, HttpRequestPayload, TestHttpReply, TestHttpRequest } from "./service-requests";
