/**
 * Wires the extension methods of a plugin instance into the adapter's decorator-free
 * registrations: each route becomes a handler calling its method on the instance.
 */
import type { PluginAdapter } from "../core";
import type { ExtensionRoutes } from "./extension-routes";
import type { HookRoute } from "./plugin-definition";

/** Registers every hook, channel kind, LLM provider and vector backend of `routes`. */
export function serveExtensions(adapter: PluginAdapter, instance: object, routes: ExtensionRoutes): void {
  const call = callerOf(instance);
  for (const hook of routes.hooks) {
    adapter.onHook(hook.name, call(hook), { budgetMs: hook.budgetMs, handlerName: hook.handlerName });
  }
  for (const channel of routes.channels) {
    adapter.serveChannel(channel.kind, {
      start: channel.start && call(channel.start),
      stop: channel.stop && call(channel.stop),
      send: call(channel.send),
    });
  }
  for (const provider of routes.llmProviders) adapter.llmProvider(provider.name, call(provider));
  for (const backend of routes.vectorBackends) {
    adapter.vectorBackend(backend.name, { upsert: call(backend.upsert), search: call(backend.search), delete: call(backend.delete) });
  }
}

/** Calls the route's method on `instance` with whatever the surface passes; typed as the surface's handler. */
function callerOf(instance: object): <F>(route: HookRoute) => F {
  const methods = instance as Record<string | symbol, (...args: unknown[]) => unknown>;
  return <F>(route: HookRoute) => ((...args: unknown[]) => methods[route.method]!.apply(instance, args)) as F;
}
