/**
 * `memory.vector_upsert`, `memory.vector_search` and `memory.vector_delete`: one set of
 * handlers per backend name in `[plugin.extends].memory_backends`.
 */
import type { BrokerSender } from "../../broker/broker";
import { showValue } from "../../log";
import type { HostRequest } from "../../runtime/method-table";
import type { JsonObject } from "../../wire/wire";
import { ExtensionHandlers, labelBy, type ExtensionDeps } from "../extension-handlers";
import {
  encodeCount,
  encodeMatches,
  readIds,
  readQuery,
  readRecords,
  readTarget,
  type VectorDeleteRequest,
  type VectorMatch,
  type VectorSearchRequest,
  type VectorUpsertRequest,
} from "./vector-records";

/** What a backend handler gets besides the request. */
export interface VectorBackendContext {
  /** The backend name the daemon asked for. */
  readonly backend: string;
  /** The plugin id from the manifest. */
  readonly pluginId: string;
  /** Sends events and host calls. */
  readonly broker: BrokerSender;
}

/** The handlers of one backend; throw a `VectorBackendError` subclass for a typed failure. */
export interface VectorBackendHandlers {
  /** Stores records; returns how many were written (default: all of them). */
  upsert(request: VectorUpsertRequest, context: VectorBackendContext): number | void | Promise<number | void>;
  /** Returns the closest matches, at most `query.limit`, best first. */
  search(request: VectorSearchRequest, context: VectorBackendContext): VectorMatch[] | Promise<VectorMatch[]>;
  /** Removes records; returns how many were removed (default: as many as were named). */
  delete(request: VectorDeleteRequest, context: VectorBackendContext): number | void | Promise<number | void>;
}

const OPERATIONS = ["upsert", "search", "delete"] as const;

/** Serves the vector methods for the backends registered through {@link add}. */
export class VectorBackendSurface {
  private readonly handlers: ExtensionHandlers<VectorBackendHandlers>;

  constructor(private readonly deps: ExtensionDeps) {
    this.handlers = new ExtensionHandlers(deps.manifest, "memory_backends", "vector backend");
    const label = labelBy("backend");
    deps.table.register("memory.vector_upsert", { handle: (request) => this.upsert(request), label });
    deps.table.register("memory.vector_search", { handle: (request) => this.search(request), label });
    deps.table.register("memory.vector_delete", { handle: (request) => this.delete(request), label });
  }

  /**
   * Serves backend `name` with `handlers`.
   *
   * @throws ManifestError when `name` is not in `[plugin.extends].memory_backends`; WireError when
   *   it is served already; TypeError when upsert, search or delete is not a function.
   */
  add(name: string, handlers: VectorBackendHandlers): void {
    for (const operation of OPERATIONS) {
      const handler = (handlers as Partial<VectorBackendHandlers> | null)?.[operation];
      if (typeof handler !== "function") {
        throw new TypeError(`vector backend ${showValue(name)} needs its ${operation} handler as a function, got ${showValue(handler)}`);
      }
    }
    this.handlers.add(name, handlers);
  }

  private async upsert(request: HostRequest): Promise<JsonObject> {
    const { fields, backend, collection } = readTarget(request.params);
    const handlers = this.handlers.find(backend, request.method);
    const records = readRecords(fields);
    const count = await handlers.upsert({ collection, records }, this.context(backend));
    return encodeCount(count, records.length, `the upsert of vector backend ${showValue(backend)}`);
  }

  private async search(request: HostRequest): Promise<JsonObject> {
    const { fields, backend, collection } = readTarget(request.params);
    const handlers = this.handlers.find(backend, request.method);
    const query = readQuery(fields);
    const matches = await handlers.search({ collection, query }, this.context(backend));
    return encodeMatches(matches, `the search of vector backend ${showValue(backend)}`);
  }

  private async delete(request: HostRequest): Promise<JsonObject> {
    const { fields, backend, collection } = readTarget(request.params);
    const handlers = this.handlers.find(backend, request.method);
    const ids = readIds(fields);
    const count = await handlers.delete({ collection, ids }, this.context(backend));
    return encodeCount(count, ids.length, `the delete of vector backend ${showValue(backend)}`);
  }

  private context(backend: string): VectorBackendContext {
    return { backend, pluginId: this.deps.manifest.plugin.id, broker: this.deps.broker };
  }
}
