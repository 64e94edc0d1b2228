/**
 * The extension half of the explorer: `@Hook`, `@Channel.*`, `@LlmProvider` and
 * `@VectorBackend.*` records turned into {@link ExtensionRoutes}, and checked both ways against
 * the manifest's `[plugin.extends]` lists, so that neither a handler the daemon would never
 * call nor an id the daemon would call in vain survives bootstrap.
 */
import { ManifestError, type Manifest } from "../core";
import type { ExtendsList } from "../core/surfaces/extension-handlers";
import type { ExtensionBinding } from "../decorators/extension-binding";
import type { MemberRecord } from "../decorators/metadata-store";
import { BootstrapError } from "./bootstrap-error";
import type { ChannelRoute, DaemonHookRoute, ExtensionRoutes, LlmProviderRoute, VectorBackendRoute } from "./extension-routes";
import type { HookRoute } from "./plugin-definition";

type Surface = ExtensionBinding["surface"];

/** How each surface is named in messages, and the roles each of its ids needs. */
const SURFACES: Record<Surface, { list: ExtendsList; noun: string; decorator: (role: string) => string; required: readonly string[] }> = {
  hook: { list: "hooks", noun: "hook", decorator: () => "@Hook", required: [""] },
  channel: { list: "channels", noun: "channel kind", decorator: (role) => `@Channel.${role}`, required: ["send"] },
  llm_provider: { list: "llm_providers", noun: "LLM provider", decorator: () => "@LlmProvider", required: [""] },
  memory_backend: {
    list: "memory_backends",
    noun: "vector backend",
    decorator: (role) => `@VectorBackend.${role}`,
    required: ["upsert", "search", "delete"],
  },
};

/** The methods of one id, by role (`""` for the one-method surfaces), and the first binding seen. */
interface Served {
  readonly roles: Map<string, HookRoute>;
  readonly binding: ExtensionBinding;
}

/**
 * Collects the extension handlers of a class's resolved members.
 *
 * @throws BootstrapError naming both methods when one role of an id is declared twice, or naming
 *   the id when a role it needs (`@Channel.send`, each `@VectorBackend.*`) has no method.
 */
export function exploreExtensions(
  className: string,
  members: ReadonlyMap<string | symbol, { readonly record: MemberRecord }>,
): ExtensionRoutes {
  const served: Record<Surface, Map<string, Served>> = { hook: new Map(), channel: new Map(), llm_provider: new Map(), memory_backend: new Map() };
  for (const [method, { record }] of members) {
    for (const binding of record.extensions ?? []) {
      const route: HookRoute = { method, handlerName: `${className}.${String(method)}` };
      add(className, served[binding.surface], binding, route);
    }
  }
  for (const [surface, ids] of Object.entries(served) as Array<[Surface, Map<string, Served>]>) {
    for (const [id, { roles }] of ids) requireRoles(className, surface, id, roles);
  }
  const role = (entry: Served, name: string): HookRoute => entry.roles.get(name)!;
  return deepFreeze({
    hooks: [...served.hook].map(([name, entry]): DaemonHookRoute => ({
      ...role(entry, ""),
      name,
      budgetMs: entry.binding.surface === "hook" ? entry.binding.budgetMs : undefined,
    })),
    channels: [...served.channel].map(([kind, entry]): ChannelRoute => ({
      kind,
      start: entry.roles.get("start"),
      stop: entry.roles.get("stop"),
      send: role(entry, "send"),
    })),
    llmProviders: [...served.llm_provider].map(([name, entry]): LlmProviderRoute => ({ ...role(entry, ""), name })),
    vectorBackends: [...served.memory_backend].map(([name, entry]): VectorBackendRoute => ({
      name,
      upsert: role(entry, "upsert"),
      search: role(entry, "search"),
      delete: role(entry, "delete"),
    })),
  });
}

/** Freezes the routes, their lists and each route; the routes are plain data all the way down. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === "object" && inner !== null) deepFreeze(inner as object);
  return Object.freeze(value);
}

/** Whether the class has any extension handler. */
export function hasExtensions(routes: ExtensionRoutes): boolean {
  return routes.hooks.length + routes.channels.length + routes.llmProviders.length + routes.vectorBackends.length > 0;
}

function add(className: string, ids: Map<string, Served>, binding: ExtensionBinding, route: HookRoute): void {
  const roleName = "operation" in binding ? binding.operation : "";
  const entry = ids.get(binding.id) ?? { roles: new Map<string, HookRoute>(), binding };
  const earlier = entry.roles.get(roleName);
  if (earlier) {
    const { noun, decorator } = SURFACES[binding.surface];
    throw new BootstrapError(
      className,
      `${noun} "${binding.id}" has two ${decorator(roleName)} methods, ${earlier.handlerName} and ${route.handlerName}; keep one`,
    );
  }
  entry.roles.set(roleName, route);
  ids.set(binding.id, entry);
}

function requireRoles(className: string, surface: Surface, id: string, roles: Map<string, HookRoute>): void {
  const { noun, decorator, required } = SURFACES[surface];
  const missing = required.filter((name) => !roles.has(name));
  if (missing.length === 0) return;
  const present = [...roles].map(([name, route]) => `${decorator(name)} on ${route.handlerName}`).join(", ");
  const wanted = missing.map((name) => `${decorator(name)}("${id}")`).join(", ");
  throw new BootstrapError(className, `${noun} "${id}" has ${present} but no ${wanted} method`);
}

/**
 * Checks the extension handlers against `[plugin.extends]`, both ways.
 *
 * @throws ManifestError (field `plugin.extends.<list>`) naming the handler and the manifest key:
 *   a handler whose id the list does not hold, or a listed id no method handles.
 */
export function checkExtensions(className: string, manifest: Manifest, routes: ExtensionRoutes): void {
  checkList(className, manifest, "hook", routes.hooks.map((r) => [r.name, [r.handlerName]]));
  checkList(className, manifest, "channel", routes.channels.map((c) => [c.kind, handlerNames(c.start, c.stop, c.send)]));
  checkList(className, manifest, "llm_provider", routes.llmProviders.map((r) => [r.name, [r.handlerName]]));
  checkList(className, manifest, "memory_backend", routes.vectorBackends.map((b) => [b.name, handlerNames(b.upsert, b.search, b.delete)]));
}

function handlerNames(...routes: Array<HookRoute | undefined>): string[] {
  return [...new Set(routes.filter((r): r is HookRoute => r !== undefined).map((r) => r.handlerName))];
}

function checkList(className: string, manifest: Manifest, surface: Surface, handled: Array<[string, string[]]>): void {
  const { list, noun, decorator, required } = SURFACES[surface];
  const field = `plugin.extends.${list}`;
  const listed = manifest.plugin.extends?.[list] ?? [];
  for (const [id, handlers] of handled) {
    if (!listed.includes(id)) {
      throw new ManifestError(field, `${handlers.join(", ")} ${handlers.length > 1 ? "serve" : "serves"} ${noun} "${id}", which [plugin.extends].${list} does not list: add it there, or remove the decorator`);
    }
  }
  const handledIds = new Set(handled.map(([id]) => id));
  for (const id of listed) {
    if (!handledIds.has(id)) {
      const wanted = required.map((role) => `${decorator(role)}("${id}")`).join(", ");
      throw new ManifestError(field, `${noun} "${id}" is listed, but no method of ${className} serves it: add ${wanted}, or remove it from [plugin.extends].${list}`);
    }
  }
}
