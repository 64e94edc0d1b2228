/**
 * Where decorators record what they saw. Each class gets its own record, written only by
 * decorators applied to that class: a subclass never mutates what it inherits, and the
 * explorer merges the records of a prototype chain at bootstrap.
 *
 * The store hangs off `globalThis` under a registered symbol, so two copies of the package
 * loaded in one process (a plugin and its test helper, say) see the same records.
 */
import type { JsonObject } from "../core";
import type { ExtensionBinding } from "./extension-binding";
import type { PluginOptions } from "./plugin-options";

/** A class whose instances a DTO is: validated with class-validator, built with class-transformer. */
export type DtoClass<T = object> = abstract new (...args: never[]) => T;

/** One `@OnEvent` on a method. */
export interface EventBinding {
  readonly pattern: string;
  readonly payload: DtoClass | undefined;
}

/** The `@Tool` on a method. */
export interface ToolBinding {
  readonly name: string;
  readonly description: string;
  readonly input: DtoClass | undefined;
  readonly inputSchema: JsonObject | undefined;
}

/** The `@OnConfigure` on a method. */
export interface ConfigureBinding {
  /** The DTO each configuration object is validated into, when declared. */
  readonly schema: DtoClass | undefined;
}

/** Which `plugin.credentials.*` method a method serves. */
export type CredentialsRole = "list" | "issue" | "resolveBytes" | "reload";

/** Everything recorded for one method of one class. */
export interface MemberRecord {
  /** In source order (top decorator first). */
  readonly events: EventBinding[];
  /** The hooks, channels, LLM providers and vector backends it serves, in source order; created by the first. */
  extensions?: ExtensionBinding[];
  tool: ToolBinding | undefined;
  shutdown: boolean;
  initialize: boolean;
  configure: ConfigureBinding | undefined;
  credentials: CredentialsRole | undefined;
}

/** Everything recorded for one class (not its ancestors). */
export interface ClassRecord {
  plugin: PluginOptions | undefined;
  /** Keyed by method name, in the order the methods were first decorated (source order). */
  readonly members: Map<string | symbol, MemberRecord>;
}

const STORE_KEY = Symbol.for("nexoai.decorator-metadata.v1");

type Store = WeakMap<object, ClassRecord>;

function store(): Store {
  const holder = globalThis as typeof globalThis & { [STORE_KEY]?: Store };
  return (holder[STORE_KEY] ??= new WeakMap());
}

/** The record a class owns, created on first use. */
export function ownClassRecord(target: object): ClassRecord {
  const records = store();
  let record = records.get(target);
  if (!record) {
    record = { plugin: undefined, members: new Map() };
    records.set(target, record);
  }
  return record;
}

/** The record a class owns, or `undefined` when no decorator touched it. Never its parent's. */
export function readClassRecord(target: object): ClassRecord | undefined {
  return store().get(target);
}

/** The record of one method of the class that owns `prototype`, created on first use. */
export function ownMemberRecord(prototype: object, key: string | symbol): MemberRecord {
  const members = ownClassRecord(prototype.constructor).members;
  let member = members.get(key);
  if (!member) {
    member = { events: [], tool: undefined, shutdown: false, initialize: false, configure: undefined, credentials: undefined };
    members.set(key, member);
  }
  return member;
}
