/**
 * Matches a request path to a route with path-to-regexp, the matcher Express uses (loaded when
 * the first route table is built, so a plugin without HTTP routes never loads it). Routes are
 * tried in declaration order; the first whose method and path match serves the request.
 */
import type { MatchFunction } from "path-to-regexp";
import { PluginError } from "../../errors";
import type { HttpRouteDef } from "./http-types";

/** A route's path is not valid path-to-regexp syntax, or two routes are the same. */
export class HttpRouteError extends PluginError {}

interface CompiledRoute {
  readonly def: HttpRouteDef;
  readonly match: MatchFunction<Partial<Record<string, string | string[]>>>;
}

/** What a lookup found. */
export type HttpRouteLookup =
  | { readonly kind: "found"; readonly route: HttpRouteDef; readonly params: Record<string, string> }
  | { readonly kind: "method not allowed"; readonly allowed: readonly string[] }
  | { readonly kind: "not found" };

/** The compiled route table of `[plugin.http]`. */
export class HttpRouter {
  private readonly routes: CompiledRoute[];

  /** @throws HttpRouteError naming the route when a path is invalid or a method and path are declared twice. */
  constructor(defs: readonly HttpRouteDef[]) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { match } = require("path-to-regexp") as typeof import("path-to-regexp");
    const seen = new Map<string, string>();
    this.routes = defs.map((def) => {
      const label = def.label ?? `${def.method} ${def.path}`;
      if (typeof def.path !== "string" || !def.path.startsWith("/")) {
        throw new HttpRouteError(`${label}: the path ${JSON.stringify(def.path)} must start with / (it is relative to mount_prefix)`);
      }
      const key = `${def.method} ${def.path}`;
      const other = seen.get(key);
      if (other !== undefined) throw new HttpRouteError(`${key} is served twice, by ${other} and ${label}`);
      seen.set(key, label);
      try {
        return { def, match: match(def.path) };
      } catch (error) {
        throw new HttpRouteError(`${label}: the path ${JSON.stringify(def.path)} is not a valid route path: ${(error as Error).message}`);
      }
    });
  }

  /**
   * The route serving `method` on `path` (relative to the mount prefix), the methods other
   * routes on that path serve, or nothing.
   *
   * @throws URIError when a parameter holds malformed percent-encoding.
   */
  find(method: string, path: string): HttpRouteLookup {
    const allowed: string[] = [];
    for (const { def, match } of this.routes) {
      const found = match(path);
      if (!found) continue;
      if (def.method !== method) {
        if (!allowed.includes(def.method)) allowed.push(def.method);
        continue;
      }
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(found.params)) {
        if (value !== undefined) params[name] = Array.isArray(value) ? value.join("/") : value;
      }
      return { kind: "found", route: def, params };
    }
    return allowed.length > 0 ? { kind: "method not allowed", allowed } : { kind: "not found" };
  }
}
