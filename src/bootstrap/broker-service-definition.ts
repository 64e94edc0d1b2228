/**
 * The part of a {@link PluginDefinition} that answers broker requests: `@OnRequest`, HTTP
 * routes, admin methods and pairing calls, as the explorer found them.
 */
import type { HttpMethod } from "../core";
import type { DtoClass, PairingRole } from "../decorators";

/** What every service route records about its method. */
export interface ServiceRoute {
  /** The method's key on the instance. */
  readonly method: string | symbol;
  /** `Class.method`, for messages. */
  readonly handlerName: string;
  /** The decorator as written, such as `@Get("/status")`, for messages. */
  readonly decorator: string;
}

/** An `@OnRequest` method. */
export interface RequestServiceRoute extends ServiceRoute {
  readonly pattern: string;
}

/** An HTTP route method (`@Get`, `@Post`, ..., `@HttpRoute`). */
export interface HttpServiceRoute extends ServiceRoute {
  readonly httpMethod: HttpMethod;
  /** Relative to `mount_prefix`. */
  readonly path: string;
}

/** An `@AdminMethod` method. */
export interface AdminServiceRoute extends ServiceRoute {
  /** The name below `method_prefix`. */
  readonly name: string;
  /** The params DTO, when declared. */
  readonly params: DtoClass | undefined;
}

/** A pairing method (`@PairingNormalizeSender`, ..., `@PairingStart`, `@PairingCancel`). */
export interface PairingServiceRoute extends ServiceRoute {
  readonly role: PairingRole;
}

/** The broker services of a plugin class. */
export interface BrokerServiceDefinition {
  /** In declaration order. */
  readonly requests: readonly RequestServiceRoute[];
  /** In declaration order: the first route matching a request serves it. */
  readonly http: readonly HttpServiceRoute[];
  readonly admin: readonly AdminServiceRoute[];
  readonly pairing: readonly PairingServiceRoute[];
  /** Manifest sections no method serves; `bootstrap()` logs them. */
  readonly warnings: readonly string[];
}
