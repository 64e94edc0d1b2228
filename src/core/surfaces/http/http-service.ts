/**
 * `[plugin.http]`: the daemon forwards requests under `mount_prefix` to
 * `plugin.<id>.http.request` and waits `timeout_seconds` (30 s by default) for the reply. One
 * broker route serves them all and dispatches on method and path.
 *
 * Answers: the route's response; 400 for a request that cannot be read; 404 when no route's
 * path matches; 405 (with `allow`) when routes match the path but not the method; 413 for a body
 * over 16 KB; an {@link HttpError}'s own status; 500, with the reason logged and kept out of
 * the body, for anything else a handler throws or a response that cannot be sent; 503 while
 * the plugin is shutting down.
 */
import { RequestAbandonedError } from "../../broker/request-reply/request-reply-transport";
import type { RequestContext } from "../../broker/request-reply/request-route";
import { ManifestError } from "../../errors";
import { describeError, type LogSink } from "../../log";
import type { JsonValue } from "../../wire/wire";
import { HttpError } from "./http-error";
import { buildHttpRequest, decodeHttpRequest, pathBelowMount } from "./http-request";
import { encodeHttpResponse, httpErrorReply, HttpResponseError } from "./http-response";
import { HttpRouter } from "./http-router";
import type { HttpReplyPayload, HttpRouteDef } from "./http-types";
import type { ServiceHost } from "../service-host";

/** The topic the daemon sends a plugin's HTTP requests on. */
export function httpRequestTopic(pluginId: string): string {
  return `plugin.${pluginId}.http.request`;
}

/**
 * Serves `routes` under the manifest's `[plugin.http] mount_prefix`.
 *
 * @example
 * ```ts
 * serveHttpRoutes(adapter, [{ method: "GET", path: "/items/:id", handler: (req) => ({ status: 200, body: { id: req.params.id } }) }]);
 * ```
 * @throws ManifestError when the manifest has no `[plugin.http]`; HttpRouteError for a bad or duplicate route.
 */
export function serveHttpRoutes(host: ServiceHost, routes: readonly HttpRouteDef[]): void {
  const section = host.manifest.plugin.http;
  const labels = routes.map((r) => r.label ?? `${r.method} ${r.path}`);
  if (!section) {
    throw new ManifestError(
      "plugin.http",
      `is missing, so the daemon never forwards HTTP requests to ${labels.join(", ")}: add [plugin.http] mount_prefix = "/..."`,
    );
  }
  const router = new HttpRouter(routes);
  const topic = httpRequestTopic(host.manifest.plugin.id);
  const log = host.requests.log;
  host.requests.add({
    pattern: topic,
    label: "HTTP routes",
    serves: [{ topic, label: `HTTP routes (${labels.join(", ")})` }],
    handle: (payload, context) => answer(router, section.mount_prefix, log, payload, context),
    failure: (error) =>
      error instanceof RequestAbandonedError ? httpErrorReply(503, "the plugin is shutting down") : httpErrorReply(500, "internal error"),
  });
}

async function answer(router: HttpRouter, mountPrefix: string, log: LogSink, payload: JsonValue, context: RequestContext): Promise<HttpReplyPayload> {
  let where = "request";
  try {
    const decoded = decodeHttpRequest(payload);
    where = `${decoded.method} ${decoded.fullPath}`;
    const path = pathBelowMount(mountPrefix, decoded.fullPath);
    if (path === undefined) throw new HttpError(404, `${decoded.fullPath} is not under the mount prefix ${mountPrefix}`);
    const lookup = route(router, decoded.method, path);
    if (lookup.kind === "not found") throw new HttpError(404, `no route for ${decoded.method} ${path}`);
    if (lookup.kind === "method not allowed") {
      return httpErrorReply(405, `${path} does not serve ${decoded.method}`, [["allow", lookup.allowed.join(", ")]]);
    }
    const label = lookup.route.label ?? `${lookup.route.method} ${lookup.route.path}`;
    let response: unknown;
    try {
      response = await lookup.route.handler(buildHttpRequest(decoded, path, lookup.route.path, lookup.params), context);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      log(`${label} failed on ${where}: ${describeError(error)}`);
      return httpErrorReply(500, "internal error");
    }
    try {
      return encodeHttpResponse(response);
    } catch (error) {
      if (!(error instanceof HttpResponseError)) throw error;
      log(`${label} returned a response that cannot be sent for ${where}: ${error.message}`);
      return httpErrorReply(500, "internal error");
    }
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.status >= 500) log(`HTTP ${where}: ${error.status} ${error.message}`);
    return httpErrorReply(error.status, error.message);
  }
}

function route(router: HttpRouter, method: string, path: string): ReturnType<HttpRouter["find"]> {
  try {
    return router.find(method, path);
  } catch (error) {
    if (error instanceof URIError) throw new HttpError(400, `the path ${path} holds malformed percent-encoding`);
    throw error;
  }
}
