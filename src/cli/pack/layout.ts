/**
 * Where each dependency goes under `lib/node_modules/` so that Node, resolving `require` from
 * `lib/plugin/` and from each package, finds exactly the version the lockfile resolved.
 *
 * Packages are placed breadth-first from the plugin: a dependency already visible from the
 * package that needs it (in its own `node_modules` or one above) is reused when it is the same
 * package; a different one of the same name forces a copy into the package's own
 * `node_modules`; otherwise it goes to the top. Nothing placed later can hide a package from one
 * that already resolved it: a package's own `node_modules` is filled only while its own
 * dependencies are placed, and the top is searched last by everyone.
 */
import { CommandFailure } from "../command";
import type { DependencyGraph } from "./lockfile";

/** One package copied into the release. */
export interface Placement {
  /** The folder in the release, such as `lib/node_modules/a/node_modules/b`. */
  readonly dir: string;
  /** The lockfile location whose files go there. */
  readonly location: string;
}

const TOP = "lib/node_modules";
/** Deeper than any real tree; only a cycle of conflicting versions gets here. */
const MAX_DEPTH = 32;

/** Lays out every package of the graph except the plugin itself, which goes to `lib/plugin`. */
export function layOut(graph: DependencyGraph): Placement[] {
  const folders = new Map<string, Map<string, string>>();
  const placements: Placement[] = [];
  const pending: Array<{ readonly dir: string | undefined; readonly location: string }> = [{ dir: undefined, location: graph.root }];
  while (pending.length > 0) {
    const from = pending.shift()!;
    const own = from.dir === undefined ? TOP : `${from.dir}/node_modules`;
    for (const [name, location] of graph.packages.get(from.location)!.dependencies) {
      const seen = visibleFrom(own, name, folders);
      if (seen?.location === location) continue;
      const folder = seen === undefined ? TOP : own;
      const dir = `${folder}/${name}`;
      if (dir.split("/node_modules/").length > MAX_DEPTH) {
        throw new CommandFailure(`${graph.lockfile}: the dependencies of ${location} nest more than ${MAX_DEPTH} levels deep`);
      }
      if (!folders.has(folder)) folders.set(folder, new Map());
      folders.get(folder)!.set(name, location);
      placements.push({ dir, location });
      pending.push({ dir, location });
    }
  }
  return placements.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

/** The package `name` resolves to from a package whose own `node_modules` is `own`, if any. */
function visibleFrom(own: string, name: string, folders: ReadonlyMap<string, ReadonlyMap<string, string>>): { location: string } | undefined {
  for (const folder of searchPath(own)) {
    const location = folders.get(folder)?.get(name);
    if (location !== undefined) return { location };
  }
  return undefined;
}

/** `own`, then every `node_modules` folder above it, up to the top, as Node searches them. */
function searchPath(own: string): string[] {
  const folders: string[] = [];
  const segments = own.split("/");
  for (let length = segments.length; length >= 2; length--) {
    if (segments[length - 1] === "node_modules") folders.push(segments.slice(0, length).join("/"));
  }
  return folders;
}
