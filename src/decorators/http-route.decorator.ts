/**
 * `@HttpRoute`: serves an HTTP route of `[plugin.http]`; `@Get`, `@Post`, `@Put`, `@Patch` and
 * `@Delete` are its shorthands.
 */
import { HTTP_METHODS, type HttpMethod } from "../core";
import { DecoratorError, showValue } from "./decorator-error";
import { requireInstanceMethod } from "./method-target";
import { recordServiceBinding } from "./service-binding";

/**
 * Serves `method` requests on `path`, relative to `[plugin.http] mount_prefix` and in
 * path-to-regexp syntax (`/items/:id`). The method receives `(request, ctx)` and returns
 * `{ status, headers?, body? }`. Stack several to serve several routes.
 *
 * @example
 * ```ts
 * @HttpRoute("GET", "/items/:id")
 * item(request: HttpRequest): HttpResponse {
 *   return { status: 200, body: { id: request.params.id } };
 * }
 * ```
 * @throws DecoratorError when the method is not an HTTP method or the path does not start with `/`.
 */
export function HttpRoute(method: HttpMethod, path: string): MethodDecorator {
  return httpRouteDecorator("@HttpRoute", method, path);
}

/** Builds the decorator of one route; `decorator` is the name messages use. */
export function httpRouteDecorator(decorator: string, method: string, path: string): MethodDecorator {
  return (target, key, descriptor) => {
    const name = requireInstanceMethod(decorator, target, key, descriptor);
    const fail = (problem: string): never => {
      throw new DecoratorError(name, decorator, problem);
    };
    const upper = typeof method === "string" ? (method.toUpperCase() as HttpMethod) : undefined;
    if (upper === undefined || !HTTP_METHODS.includes(upper)) fail(`method must be one of ${HTTP_METHODS.join(", ")}, got ${showValue(method)}`);
    if (typeof path !== "string" || !path.startsWith("/")) fail(`the path must be a string starting with / (relative to mount_prefix), got ${showValue(path)}`);
    const shown = decorator === "@HttpRoute" ? `@HttpRoute("${upper}", "${path}")` : `${decorator}("${path}")`;
    recordServiceBinding(decorator, target, key, descriptor, { kind: "http", decorator: shown, method: upper!, path });
  };
}
