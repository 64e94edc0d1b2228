/**
 * `@Delete`: serves DELETE requests on an HTTP route of `[plugin.http]`.
 */
import { httpRouteDecorator } from "./http-route.decorator";

/**
 * Serves DELETE requests on `path`, relative to `[plugin.http] mount_prefix`; the same as
 * `@HttpRoute("DELETE", path)`.
 *
 * @throws DecoratorError when the path does not start with `/`.
 */
export function Delete(path: string): MethodDecorator {
  return httpRouteDecorator("@Delete", "DELETE", path);
}
