/**
 * JSON-RPC 2.0 frame shapes, protocol constants and frame builders for the nexo wire.
 *
 * Frames carry exactly the keys the contract names: a notification never has an `id` key,
 * an error response never has a `result` key, and `error.data` appears only when given.
 */

/** Any value JSON can represent. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A JSON-RPC request id: the host's ids are echoed verbatim, the plugin's own are integers. */
export type RequestId = number | string;

/** The protocol version every frame carries. */
export const JSONRPC_VERSION = "2.0";

/** Default inbound frame cap: 1 MiB of UTF-8, newline excluded. */
export const MAX_FRAME_BYTES = 1_048_576;

/** JSON-RPC and nexo error codes used on the wire. */
export const ErrorCode = {
  /** Invalid JSON was received. */
  ParseError: -32700,
  /** The JSON sent is not a valid request object. */
  InvalidRequest: -32600,
  /** The method does not exist or no handler is registered for it. */
  MethodNotFound: -32601,
  /** Invalid method parameters. */
  InvalidParams: -32602,
  /** Internal error. */
  InternalError: -32603,
  /** A shutdown hook failed. */
  ShutdownHookFailed: -32000,
  /** The tool named in `tool.invoke` is not known to the plugin. */
  ToolNotFound: -33401,
  /** The tool's arguments were rejected by plugin-side validation. */
  ToolArgumentInvalid: -33402,
  /** The tool ran and failed. */
  ToolExecutionFailed: -33403,
  /** The tool cannot run now (rate limit, dependency down). */
  ToolUnavailable: -33404,
  /** The caller is not allowed to run the tool. */
  ToolDenied: -33405,
} as const;

/** One of the codes in {@link ErrorCode}. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The `error` member of an error response. */
export interface RpcErrorObject {
  /** The JSON-RPC error code. */
  code: number;
  /** A short human-readable description. */
  message: string;
  /** Extra structured detail, present only where a rule adds it. */
  data?: JsonValue;
}

/** A request: a method call that expects exactly one response. */
export interface RpcRequest {
  jsonrpc: typeof JSONRPC_VERSION;
  id: RequestId;
  method: string;
  params?: JsonValue;
}

/** A notification: a method call without an `id` key, never answered. */
export interface RpcNotification {
  jsonrpc: typeof JSONRPC_VERSION;
  method: string;
  params?: JsonValue;
}

/** A successful response. */
export interface RpcSuccessResponse {
  jsonrpc: typeof JSONRPC_VERSION;
  id: RequestId | null;
  result: JsonValue;
}

/** An error response. */
export interface RpcErrorResponse {
  jsonrpc: typeof JSONRPC_VERSION;
  id: RequestId | null;
  error: RpcErrorObject;
}

/** Any response. */
export type RpcResponse = RpcSuccessResponse | RpcErrorResponse;

/** Any frame that can travel on the wire. */
export type RpcFrame = RpcRequest | RpcNotification | RpcResponse;

/**
 * Serializes a frame to one compact line terminated by `\n`.
 *
 * @throws TypeError when the frame holds a value JSON cannot represent (a BigInt, a cycle).
 */
export function serializeFrame(frame: RpcFrame): string {
  return JSON.stringify(frame) + "\n";
}

/**
 * Serializes a success response around a result that is already JSON text, so a large result
 * is serialized only once. The line is the one `serializeFrame(buildResponse(id, result))` gives.
 */
export function serializeResultJson(id: RequestId | null, resultJson: string): string {
  return `{"jsonrpc":"${JSONRPC_VERSION}","id":${JSON.stringify(id)},"result":${resultJson}}\n`;
}

/** Builds a success response; an `undefined` result becomes `null`. */
export function buildResponse(id: RequestId | null, result: unknown): RpcSuccessResponse {
  return { jsonrpc: JSONRPC_VERSION, id, result: (result === undefined ? null : result) as JsonValue };
}

/** Builds an error response; `data` is included only when it is not `undefined`. */
export function buildErrorResponse(
  id: RequestId | null,
  code: number,
  message: string,
  data?: unknown,
): RpcErrorResponse {
  const error: RpcErrorObject = { code, message };
  if (data !== undefined) error.data = data as JsonValue;
  return { jsonrpc: JSONRPC_VERSION, id, error };
}

/** Builds a notification; `params` is included only when it is not `undefined`. */
export function buildNotification(method: string, params?: unknown): RpcNotification {
  const frame: RpcNotification = { jsonrpc: JSONRPC_VERSION, method };
  if (params !== undefined) frame.params = params as JsonValue;
  return frame;
}

/** Builds a request; `params` is included only when it is not `undefined`. */
export function buildRequest(id: RequestId, method: string, params?: unknown): RpcRequest {
  const frame: RpcRequest = { jsonrpc: JSONRPC_VERSION, id, method };
  if (params !== undefined) frame.params = params as JsonValue;
  return frame;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON-RPC id, under the other nexo SDKs' name. */
export type JsonRpcId = RequestId;
/** A request frame, under the other nexo SDKs' name. */
export type JsonRpcRequest = RpcRequest;
/** A notification frame, under the other nexo SDKs' name. */
export type JsonRpcNotification = RpcNotification;
/** A success response frame, under the other nexo SDKs' name. */
export type JsonRpcResponse = RpcSuccessResponse;
/** An error response frame, under the other nexo SDKs' name. */
export type JsonRpcErrorResponse = RpcErrorResponse;
/** Any frame, under the other nexo SDKs' name. */
export type JsonRpcFrame = RpcFrame;
