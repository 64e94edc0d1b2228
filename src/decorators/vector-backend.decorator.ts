/**
 * `@VectorBackend.upsert`, `@VectorBackend.search`, `@VectorBackend.delete`: serve one vector backend.
 */
import { recordExtension, type VectorOperation } from "./extension-binding";

function backendPart(operation: VectorOperation): (name: string) => MethodDecorator {
  return (name) => recordExtension(`@VectorBackend.${operation}`, "backend name", { surface: "memory_backend", id: name, operation });
}

/**
 * Method decorators serving a vector backend listed in `[plugin.extends].memory_backends`; a
 * backend needs all three.
 *
 * @example
 * ```ts
 * @VectorBackend.search("lance") find(request: VectorSearchRequest) { return []; }
 * ```
 */
export const VectorBackend = {
  /**
   * `memory.vector_upsert`: the method receives `({ collection, records }, ctx)` and returns the count written (default all).
   *
   * @throws DecoratorError when `name` is not a non-empty string or the method already upserts for it.
   */
  upsert: backendPart("upsert"),
  /**
   * `memory.vector_search`: the method receives `({ collection, query }, ctx)` and returns the matches, best first.
   *
   * @throws DecoratorError when `name` is not a non-empty string or the method already searches for it.
   */
  search: backendPart("search"),
  /**
   * `memory.vector_delete`: the method receives `({ collection, ids }, ctx)` and returns the count removed (default all named).
   *
   * @throws DecoratorError when `name` is not a non-empty string or the method already deletes for it.
   */
  delete: backendPart("delete"),
} as const;
