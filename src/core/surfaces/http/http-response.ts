/**
 * Encodes what a route handler returned as the daemon's reply payload
 * `{status, headers: [[name, value]], body_base64}`.
 */
import { PluginError } from "../../errors";
import { showValue } from "../../log";
import { isJsonObject } from "../../wire/wire";
import type { HttpReplyPayload, HttpResponse } from "./http-types";

/**
 * The largest response body sent, in bytes: its base64 (a third larger) must fit, with the
 * envelope, in one stdout frame, which the SDK keeps well under the 1 MiB frame size the
 * contract uses. A larger body is answered 500 with the reason logged.
 */
export const HTTP_RESPONSE_BODY_LIMIT = 512 * 1024;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** What a handler returned cannot be sent; the reason names the part that is wrong. */
export class HttpResponseError extends PluginError {}

/**
 * Encodes a handler's response.
 *
 * @throws HttpResponseError when the status, a header or the body is not sendable.
 */
export function encodeHttpResponse(response: unknown): HttpReplyPayload {
  if (!isJsonObject(response)) throw new HttpResponseError(`a response is an object { status, headers?, body? }, got ${showValue(response)}`);
  const { status } = response as Partial<HttpResponse>;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new HttpResponseError(`status must be an integer from 100 to 599, got ${showValue(status)}`);
  }
  const headers = headerPairs(response["headers"]);
  const { bytes, contentType } = bodyBytes(response["body"]);
  if (bytes.length > HTTP_RESPONSE_BODY_LIMIT) {
    throw new HttpResponseError(`the body of ${bytes.length} bytes is over the ${HTTP_RESPONSE_BODY_LIMIT}-byte response limit`);
  }
  if (contentType !== undefined && !headers.some(([name]) => name.toLowerCase() === "content-type")) {
    headers.push(["content-type", contentType]);
  }
  return { status, headers, body_base64: bytes.toString("base64") };
}

/** A JSON error reply: `{"error": message}`. */
export function httpErrorReply(status: number, message: string, headers: [string, string][] = []): HttpReplyPayload {
  return encodeHttpResponse({ status, headers, body: { error: message } });
}

function headerPairs(headers: unknown): [string, string][] {
  if (headers === undefined || headers === null) return [];
  const pairs: [string, unknown][] = Array.isArray(headers)
    ? headers.map((pair: unknown, index) => {
        if (!Array.isArray(pair) || pair.length !== 2) throw new HttpResponseError(`headers[${index}] is not a [name, value] pair`);
        return [pair[0] as string, pair[1]];
      })
    : isJsonObject(headers)
      ? Object.entries(headers)
      : failHeaders(headers);
  const out: [string, string][] = [];
  for (const [name, value] of pairs) {
    if (typeof name !== "string" || !TOKEN.test(name)) throw new HttpResponseError(`header name ${showValue(name)} is not an HTTP token`);
    for (const one of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (typeof one !== "string" && typeof one !== "number") throw new HttpResponseError(`header ${name} has a value that is not a string: ${showValue(one)}`);
      const text = String(one);
      // A line break would let a value smuggle in headers of its own.
      if (/[\r\n\0]/.test(text)) throw new HttpResponseError(`header ${name} has a line break or NUL in its value`);
      out.push([name, text]);
    }
  }
  return out;
}

function failHeaders(headers: unknown): never {
  throw new HttpResponseError(`headers must be an object or a list of [name, value] pairs, got ${showValue(headers)}`);
}

function bodyBytes(body: unknown): { bytes: Buffer; contentType: string | undefined } {
  if (body === undefined) return { bytes: Buffer.alloc(0), contentType: undefined };
  if (typeof body === "string") return { bytes: Buffer.from(body, "utf8"), contentType: "text/plain; charset=utf-8" };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), contentType: "application/octet-stream" };
  let json: string | undefined;
  try {
    json = JSON.stringify(body) as string | undefined;
  } catch (error) {
    throw new HttpResponseError(`the body is not JSON-serializable (${(error as Error).message})`);
  }
  if (json === undefined) throw new HttpResponseError(`the body has no JSON representation (${typeof body})`);
  return { bytes: Buffer.from(json, "utf8"), contentType: "application/json" };
}
