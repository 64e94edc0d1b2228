/**
 * The shapes of `[plugin.http]` routes: the request a handler gets and the response it returns.
 */
import type { RequestContext } from "../../broker/request-reply/request-route";
import type { JsonValue } from "../../wire/wire";

/** The HTTP methods a route can serve. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

/** The HTTP methods a route can serve, as a list. */
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** One HTTP request the daemon forwarded from its server. */
export interface HttpRequest {
  /** The method, upper-case. */
  readonly method: string;
  /** The path relative to `mount_prefix` (`/items/42` for `/conf/items/42` under `/conf`); `/` for the prefix itself. */
  readonly path: string;
  /** The whole path as the client sent it, mount prefix included. */
  readonly fullPath: string;
  /** The route's path pattern that matched, such as `/items/:id`. */
  readonly route: string;
  /** The values of the route's parameters (`:id`; a `*rest` wildcard's segments joined by `/`), URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The query string parsed, one string per name (the last one when a name repeats). */
  readonly query: Readonly<Record<string, string>>;
  /** The query string as sent, without the `?`. */
  readonly rawQuery: string;
  /** Every query parameter, repeated names included. */
  readonly searchParams: URLSearchParams;
  /** Headers by lower-case name; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** Headers as the client sent them, names in their own case. */
  readonly rawHeaders: ReadonlyArray<readonly [string, string]>;
  /** The request body's bytes (empty when there is none). */
  readonly body: Buffer;
  /** The body decoded as UTF-8. */
  text(): string;
  /**
   * The body parsed as JSON.
   *
   * @throws HttpError 400 when it is not JSON, so a handler that does not catch it answers 400.
   */
  json<T = JsonValue>(): T;
}

/** Header values a response can give: one value, or several sent as separate headers. */
export type HttpHeaderValue = string | number | readonly string[];

/** The response a route handler returns. */
export interface HttpResponse {
  /** The status code, an integer from 100 to 599. */
  status: number;
  /** Response headers, as an object or as `[name, value]` pairs. */
  headers?: Readonly<Record<string, HttpHeaderValue>> | ReadonlyArray<readonly [string, string]>;
  /**
   * The body: a string (sent as UTF-8, `text/plain` unless a content-type is given), bytes (a
   * Buffer or Uint8Array, `application/octet-stream`), or any other JSON value (serialized,
   * `application/json`). Omitted: no body.
   */
  body?: string | Buffer | Uint8Array | JsonValue;
}

/** Serves one route: returns (or resolves with) the response. */
export type HttpHandler = (request: HttpRequest, context: RequestContext) => HttpResponse | Promise<HttpResponse>;

/** One route of `[plugin.http]`. */
export interface HttpRouteDef {
  /** The method it serves. */
  readonly method: HttpMethod;
  /** Its path relative to `mount_prefix`, in path-to-regexp syntax: `/items/:id`, `/files/*rest`, `/a{/:optional}`. */
  readonly path: string;
  readonly handler: HttpHandler;
  /** Names the handler in log lines, such as `Notes.item`; default `<METHOD> <path>`. */
  readonly label?: string;
}

/** The reply payload the daemon expects. */
export interface HttpReplyPayload {
  status: number;
  headers: [string, string][];
  body_base64: string;
}
