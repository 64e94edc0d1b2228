/**
 * Turns the decorator records of a plugin class and its ancestors into a frozen
 * {@link PluginDefinition}, checking the rules that span several handlers.
 *
 * Inheritance: a subclass inherits its ancestors' handlers; a method it overrides with its
 * own decorators replaces the inherited one (keeping its place in the order); a method it
 * overrides without decorators is no longer a handler.
 */
import { ManifestError, loadManifest, type Manifest, type ManifestWarn } from "../core";
import type { DtoClass, PluginOptions } from "../decorators";
import { readClassRecord, type MemberRecord } from "../decorators/metadata-store";
import { rememberManifestSource } from "../core/discovery/manifest-bytes";
import { toolCatalogProblem } from "../core/surfaces/tools/tools";
import { schemaFromDto } from "../validation";
import { BootstrapError } from "./bootstrap-error";
import { checkExtensions, exploreExtensions, hasExtensions } from "./explore-extensions";
import type { EventRoute, HookRoute, PluginDefinition, ToolRoute } from "./plugin-definition";
import { configureRoute, credentialsRoutes } from "./service-routes";

/** Any class with a no-argument constructor. */
export type PluginClass<T extends object = object> = new () => T;

interface ResolvedMember {
  readonly record: MemberRecord;
  readonly owner: Function;
}

/**
 * Reads the metadata of `pluginClass` and its ancestors.
 *
 * @param overrides plugin options that win over the `@Plugin` ones (used by tests and embedders).
 * @param warn receives manifest warnings (unknown keys); default a `[nexoai] ` line on stderr.
 * @throws BootstrapError when the class is not a runnable plugin; ManifestError for a bad manifest.
 */
export function explorePlugin(pluginClass: PluginClass, overrides: PluginOptions = {}, warn?: ManifestWarn): PluginDefinition {
  if (typeof pluginClass !== "function") {
    throw new BootstrapError(String(pluginClass), "bootstrap() needs a class decorated with @Plugin()");
  }
  const className = pluginClass.name || "<anonymous class>";
  const chain = prototypeChain(pluginClass);
  const options = { ...pluginOptions(chain, className), ...definedOnly(overrides) };
  const members = resolveMembers(chain);
  const events = eventRoutes(className, members);
  const tools = toolRoutes(className, members);
  const shutdownHooks = hookRoutes(className, members, (r) => r.shutdown);
  const initializeHooks = hookRoutes(className, members, (r) => r.initialize);
  const serves = [...members.values()].some(({ record }) => record.configure || record.credentials);
  const extensions = exploreExtensions(className, members);
  if (events.length === 0 && tools.length === 0 && shutdownHooks.length === 0 && initializeHooks.length === 0 && !serves && !hasExtensions(extensions)) {
    throw new BootstrapError(
      className,
      "the plugin has no handler: add an @OnEvent, @Tool, @OnShutdown, @OnInitialize, @OnConfigure, credentials or extension (@Hook, @Channel, @LlmProvider, @VectorBackend) method",
    );
  }
  const manifest = loadManifest(options.manifest, warn);
  rememberManifestSource(manifest, options.manifest);
  checkTools(className, manifest, tools);
  const configure = configureRoute(className, members, manifest);
  const credentials = credentialsRoutes(className, members, manifest);
  checkExtensions(className, manifest, extensions);
  return Object.freeze({
    className,
    options: Object.freeze(options),
    manifest,
    events: freezeAll(events),
    tools: freezeAll(tools),
    shutdownHooks: freezeAll(shutdownHooks),
    initializeHooks: freezeAll(initializeHooks),
    configure: configure && Object.freeze(configure),
    credentials: credentials && Object.freeze(credentials),
    extensions,
  });
}

/**
 * The manifest source a plugin class declares (its `@Plugin({ manifest })`, or `overrides`),
 * read without exploring its handlers: what a discovery probe prints.
 *
 * @throws BootstrapError when the class is not decorated with `@Plugin()`.
 */
export function declaredManifestSource(pluginClass: PluginClass, overrides: PluginOptions = {}): PluginOptions["manifest"] {
  if (typeof pluginClass !== "function") {
    throw new BootstrapError(String(pluginClass), "bootstrap() needs a class decorated with @Plugin()");
  }
  const options = { ...pluginOptions(prototypeChain(pluginClass), pluginClass.name || "<anonymous class>"), ...definedOnly(overrides) };
  return options.manifest;
}

/**
 * The configuration DTO of the class's `@OnConfigure` method, read without the manifest (which
 * may not declare `[plugin.config_schema]` yet: the schema printed from it is what goes there).
 *
 * @throws BootstrapError when the class is not a plugin or has two `@OnConfigure` methods.
 */
export function declaredConfigSchema(pluginClass: PluginClass): DtoClass | undefined {
  declaredManifestSource(pluginClass); // refuses a class that is not a @Plugin
  return configureRoute(pluginClass.name || "<anonymous class>", resolveMembers(prototypeChain(pluginClass)))?.schema;
}

/** The class and its ancestors, base first, stopping before `Object`. */
function prototypeChain(pluginClass: Function): Function[] {
  const chain: Function[] = [];
  for (let c: unknown = pluginClass; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    chain.unshift(c);
  }
  return chain;
}

function pluginOptions(chain: readonly Function[], className: string): PluginOptions {
  let options: PluginOptions | undefined;
  for (const cls of chain) {
    const own = readClassRecord(cls)?.plugin;
    if (own) options = { ...options, ...own };
  }
  if (!options) throw new BootstrapError(className, "the class is not decorated with @Plugin()");
  return options;
}

function resolveMembers(chain: readonly Function[]): Map<string | symbol, ResolvedMember> {
  const members = new Map<string | symbol, ResolvedMember>();
  for (const cls of chain) {
    for (const [key, record] of readClassRecord(cls)?.members ?? []) members.set(key, { record, owner: cls });
  }
  for (const [key, member] of members) {
    if (overriddenBelow(chain, member.owner, key)) members.delete(key);
  }
  return members;
}

/** Whether a class below `owner` in the chain redefines `key` without decorating it. */
function overriddenBelow(chain: readonly Function[], owner: Function, key: string | symbol): boolean {
  for (let i = chain.indexOf(owner) + 1; i < chain.length; i++) {
    if (Object.prototype.hasOwnProperty.call(chain[i]!.prototype, key)) return true;
  }
  return false;
}

function eventRoutes(className: string, members: Map<string | symbol, ResolvedMember>): EventRoute[] {
  const routes: EventRoute[] = [];
  for (const [method, { record }] of members) {
    if (record.events.length === 0) continue;
    const handlerName = `${className}.${String(method)}`;
    routes.push({
      method,
      handlerName,
      patterns: Object.freeze([...new Set(record.events.map((e) => e.pattern))]),
      payload: payloadDto(className, handlerName, record),
    });
  }
  return routes;
}

function payloadDto(className: string, handlerName: string, record: MemberRecord): DtoClass | undefined {
  const dtos = new Set(record.events.map((e) => e.payload).filter((p): p is DtoClass => p !== undefined));
  if (dtos.size > 1) {
    // `className` stays the plugin class (as on every BootstrapError); the message names the method.
    const names = [...dtos].map((d) => d.name).join(", ");
    throw new BootstrapError(className, `${handlerName}: stacked @OnEvent decorators declare different payload DTOs (${names})`);
  }
  return dtos.values().next().value;
}

function toolRoutes(className: string, members: Map<string | symbol, ResolvedMember>): ToolRoute[] {
  const routes: ToolRoute[] = [];
  for (const [method, { record }] of members) {
    const tool = record.tool;
    if (!tool) continue;
    routes.push({
      method,
      handlerName: `${className}.${String(method)}`,
      name: tool.name,
      description: tool.description,
      input: tool.input,
      inputSchema: tool.inputSchema ?? (tool.input ? schemaFromDto(tool.input) : {}),
    });
  }
  return routes;
}

function hookRoutes(
  className: string,
  members: Map<string | symbol, ResolvedMember>,
  isHook: (record: MemberRecord) => boolean,
): HookRoute[] {
  const routes: HookRoute[] = [];
  for (const [method, { record }] of members) {
    if (isHook(record)) routes.push({ method, handlerName: `${className}.${String(method)}` });
  }
  return routes;
}

/** Duplicate tool names, and tools the daemon would reject for this manifest. */
function checkTools(className: string, manifest: Manifest, tools: readonly ToolRoute[]): void {
  const byName = new Map<string, string>();
  for (const tool of tools) {
    const other = byName.get(tool.name);
    if (other) throw new BootstrapError(className, `tool "${tool.name}" is declared twice, by ${other} and ${tool.handlerName}`);
    byName.set(tool.name, tool.handlerName);
  }
  for (const tool of tools) {
    const problem = toolCatalogProblem(manifest, tool.name);
    if (problem) throw new ManifestError("plugin.extends.tools", `${problem} (declared by ${tool.handlerName})`);
  }
}

function definedOnly(options: PluginOptions): PluginOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as PluginOptions;
}

/** Freezes a list and its entries; the manifest and DTO classes stay the author's own objects. */
function freezeAll<T extends object>(items: T[]): readonly T[] {
  for (const item of items) Object.freeze(item);
  return Object.freeze(items);
}
