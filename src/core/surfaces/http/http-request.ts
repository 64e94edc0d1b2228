/**
 * Reads the daemon's HTTP request payload
 * `{method, path, query, headers: [[name, value]], body_base64}` into an {@link HttpRequest}.
 */
import { showValue } from "../../log";
import { isJsonObject, type JsonValue } from "../../wire/wire";
import { HttpError } from "./http-error";
import type { HttpRequest } from "./http-types";

/**
 * The largest request body accepted, in bytes. The daemon reads request bodies up to 16 KB,
 * so a larger one cannot have come from it; it is refused with 413 before any handler runs.
 */
export const HTTP_REQUEST_BODY_LIMIT = 16 * 1024;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The request's parts before routing. */
export interface DecodedHttpRequest {
  readonly method: string;
  readonly fullPath: string;
  readonly rawQuery: string;
  readonly rawHeaders: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/**
 * Decodes the payload.
 *
 * @throws HttpError 400 naming the field that is wrong, or 413 for a body over {@link HTTP_REQUEST_BODY_LIMIT}.
 */
export function decodeHttpRequest(payload: JsonValue): DecodedHttpRequest {
  if (!isJsonObject(payload)) throw new HttpError(400, `the request is not an object: ${showValue(payload)}`);
  const { method, path, query } = payload;
  if (typeof method !== "string" || method === "") throw new HttpError(400, "the request's method is not a non-empty string");
  if (typeof path !== "string" || !path.startsWith("/")) throw new HttpError(400, `the request's path ${showValue(path)} does not start with /`);
  if (query !== undefined && query !== null && typeof query !== "string") throw new HttpError(400, "the request's query is not a string");
  return {
    method: method.toUpperCase(),
    fullPath: path,
    rawQuery: typeof query === "string" ? query.replace(/^\?/, "") : "",
    rawHeaders: headerPairs(payload["headers"]),
    body: body(payload["body_base64"]),
  };
}

function headerPairs(headers: unknown): Array<[string, string]> {
  if (headers === undefined || headers === null) return [];
  const pairs = Array.isArray(headers) ? headers : isJsonObject(headers) ? Object.entries(headers) : undefined;
  if (pairs === undefined) throw new HttpError(400, "the request's headers are not a list of [name, value] pairs");
  return pairs.map((pair: unknown, index) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
      throw new HttpError(400, `the request's headers[${index}] is not a [name, value] pair of strings`);
    }
    return [pair[0], pair[1]];
  });
}

function body(encoded: unknown): Buffer {
  if (encoded === undefined || encoded === null || encoded === "") return Buffer.alloc(0);
  if (typeof encoded !== "string" || !BASE64.test(encoded)) throw new HttpError(400, "the request's body_base64 is not standard base64");
  const bytes = (encoded.length / 4) * 3 - (encoded.endsWith("==") ? 2 : encoded.endsWith("=") ? 1 : 0);
  if (bytes > HTTP_REQUEST_BODY_LIMIT) {
    throw new HttpError(413, `the request body of ${bytes} bytes is over the ${HTTP_REQUEST_BODY_LIMIT}-byte limit (the daemon reads at most 16 KB)`);
  }
  return Buffer.from(encoded, "base64");
}

/** The path below `mountPrefix` (`/` for the prefix itself), or `undefined` when `fullPath` is not under it. */
export function pathBelowMount(mountPrefix: string, fullPath: string): string | undefined {
  const prefix = mountPrefix.endsWith("/") ? mountPrefix.slice(0, -1) : mountPrefix;
  if (fullPath === prefix) return "/";
  if (!fullPath.startsWith(prefix + "/")) return undefined;
  return fullPath.slice(prefix.length);
}

/** The request a handler gets, once a route matched. */
export function buildHttpRequest(
  decoded: DecodedHttpRequest,
  path: string,
  route: string,
  params: Readonly<Record<string, string>>,
): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of decoded.rawHeaders) {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  const searchParams = new URLSearchParams(decoded.rawQuery);
  const body = decoded.body;
  return {
    method: decoded.method,
    path,
    fullPath: decoded.fullPath,
    route,
    params,
    query: Object.fromEntries(searchParams),
    rawQuery: decoded.rawQuery,
    searchParams,
    headers,
    rawHeaders: decoded.rawHeaders,
    body,
    text: () => body.toString("utf8"),
    json: <T>() => {
      try {
        return JSON.parse(body.toString("utf8")) as T;
      } catch (error) {
        throw new HttpError(400, `the request body is not JSON: ${(error as Error).message}`);
      }
    },
  };
}
