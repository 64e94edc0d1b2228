/**
 * Serves `plugin.credentials.*` with the credentials methods of a plugin instance.
 */
import type { CredentialsProvider } from "../core";
import type { CredentialsRoutes, HookRoute } from "./plugin-definition";

/** The adapter's credentials provider for a plugin instance. */
export function createCredentialsProvider(instance: object, routes: CredentialsRoutes): CredentialsProvider {
  const bound = (route: HookRoute) => {
    const method = (instance as Record<string | symbol, Function>)[route.method]!;
    return (...args: unknown[]): never => method.apply(instance, args) as never;
  };
  const provider: CredentialsProvider = {
    list: bound(routes.list),
    issue: bound(routes.issue),
    resolveBytes: bound(routes.resolveBytes),
  };
  if (routes.reload) provider.reload = bound(routes.reload);
  return provider;
}
