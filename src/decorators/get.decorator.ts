/**
 * `@Get`: serves GET requests on an HTTP route of `[plugin.http]`.
 */
import { httpRouteDecorator } from "./http-route.decorator";

/**
 * Serves GET requests on `path`, relative to `[plugin.http] mount_prefix`; the same as
 * `@HttpRoute("GET", path)`.
 *
 * @throws DecoratorError when the path does not start with `/`.
 */
export function Get(path: string): MethodDecorator {
  return httpRouteDecorator("@Get", "GET", path);
}
