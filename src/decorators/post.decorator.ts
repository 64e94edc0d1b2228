/**
 * `@Post`: serves POST requests on an HTTP route of `[plugin.http]`.
 */
import { httpRouteDecorator } from "./http-route.decorator";

/**
 * Serves POST requests on `path`, relative to `[plugin.http] mount_prefix`; the same as
 * `@HttpRoute("POST", path)`.
 *
 * @throws DecoratorError when the path does not start with `/`.
 */
export function Post(path: string): MethodDecorator {
  return httpRouteDecorator("@Post", "POST", path);
}
