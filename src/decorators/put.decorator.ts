/**
 * `@Put`: serves PUT requests on an HTTP route of `[plugin.http]`.
 */
import { httpRouteDecorator } from "./http-route.decorator";

/**
 * Serves PUT requests on `path`, relative to `[plugin.http] mount_prefix`; the same as
 * `@HttpRoute("PUT", path)`.
 *
 * @throws DecoratorError when the path does not start with `/`.
 */
export function Put(path: string): MethodDecorator {
  return httpRouteDecorator("@Put", "PUT", path);
}
