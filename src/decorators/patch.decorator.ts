/**
 * `@Patch`: serves PATCH requests on an HTTP route of `[plugin.http]`.
 */
import { httpRouteDecorator } from "./http-route.decorator";

/**
 * Serves PATCH requests on `path`, relative to `[plugin.http] mount_prefix`; the same as
 * `@HttpRoute("PATCH", path)`.
 *
 * @throws DecoratorError when the path does not start with `/`.
 */
export function Patch(path: string): MethodDecorator {
  return httpRouteDecorator("@Patch", "PATCH", path);
}
