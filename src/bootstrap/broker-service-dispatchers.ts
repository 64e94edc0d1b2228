/**
 * Wires a plugin instance's service methods into the core's broker services: `@OnRequest`
 * routes, HTTP routes, admin methods (params DTOs validated) and the pairing calls. Each method
 * runs in the runtime's event scope, so `this.publish` carries the request's session.
 */
import {
  pairingTriggerAdminMethods,
  serveAdminMethods,
  serveHttpRoutes,
  servePairingAdapter,
  type AdminMethodDef,
  type AdminParamsParser,
  type BrokerSender,
  type HttpResponse,
  type PairingAdapterHandlers,
  type PluginAdapter,
  type RequestContext,
} from "../core";
import type { DtoClass, PairingRole } from "../decorators";
import { validateDto } from "../validation";
import type { BrokerServiceDefinition, ServiceRoute } from "./broker-service-definition";
import { observeHandler } from "./observe-handler";
import type { PluginRuntime } from "./plugin-runtime";

type Invoke = (route: ServiceRoute, broker: BrokerSender, ...args: unknown[]) => unknown;

/** Registers every service of `services` with the adapter. */
export function registerBrokerServices(
  adapter: PluginAdapter,
  instance: object,
  services: BrokerServiceDefinition,
  runtime: PluginRuntime,
  scoped: boolean,
): void {
  const methods = new Map<ServiceRoute, (...args: unknown[]) => unknown>();
  const invoke: Invoke = (route, broker, ...args) => {
    let method = methods.get(route);
    if (!method) {
      const own = (instance as Record<string | symbol, (...a: unknown[]) => unknown>)[route.method]!;
      method = observeHandler(own, route.handlerName, adapter.observers);
      methods.set(route, method);
    }
    const bound = method;
    const call = (): unknown => bound.apply(instance, args);
    return scoped ? runtime.eventScope.run(broker, call) : call();
  };
  const where = (route: ServiceRoute): string => `${route.decorator} on ${route.handlerName}`;

  for (const route of services.requests) {
    adapter.requests.add({
      pattern: route.pattern,
      label: route.handlerName,
      serves: [{ topic: route.pattern, label: where(route) }],
      handle: (payload, context) => invoke(route, context.broker, payload, context),
    });
  }
  if (services.http.length > 0) {
    serveHttpRoutes(
      adapter,
      services.http.map((route) => ({
        method: route.httpMethod,
        path: route.path,
        label: where(route),
        handler: (request, context) => invoke(route, context.broker, request, context) as HttpResponse | Promise<HttpResponse>,
      })),
    );
  }
  const adminMethods: AdminMethodDef[] = services.admin.map((route) => ({
    name: route.name,
    label: where(route),
    parseParams: route.params ? dtoParser(route.params) : undefined,
    handler: (params, context) => invoke(route, context.broker, params, context),
  }));
  const pairing = new Map(services.pairing.map((route) => [route.role, route]));
  const handlerFor = (role: PairingRole) => {
    const route = pairing.get(role);
    return route && ((request: unknown, context: RequestContext) => invoke(route, context.broker, request, context));
  };
  const labelFor = (role: PairingRole): string | undefined => {
    const route = pairing.get(role);
    return route && where(route);
  };
  if (pairing.has("start") || pairing.has("cancel")) {
    const handlers = { start: handlerFor("start"), cancel: handlerFor("cancel") };
    adminMethods.push(...pairingTriggerAdminMethods(adapter.manifest, handlers, { start: labelFor("start"), cancel: labelFor("cancel") }));
  }
  if (adminMethods.length > 0) serveAdminMethods(adapter, adminMethods);
  const adapterRoles = (["normalizeSender", "sendReply", "sendQrImage"] as const).filter((role) => pairing.has(role));
  if (adapterRoles.length > 0) {
    const handlers = Object.fromEntries(adapterRoles.map((role) => [role, handlerFor(role)])) as PairingAdapterHandlers;
    servePairingAdapter(adapter, handlers, Object.fromEntries(adapterRoles.map((role) => [role, labelFor(role)])));
  }
}

/** Validates admin params into `dto`; a refusal names each failed property. */
function dtoParser(dto: DtoClass): AdminParamsParser {
  return (params) => {
    const checked = validateDto(dto, params ?? {});
    if (checked.ok) return { ok: true, value: checked.value };
    const failures = checked.details.map((d) => `${d.property || "(params)"}: ${Object.values(d.constraints).join(", ")}`);
    return { ok: false, error: `params do not satisfy ${dto.name}: ${failures.join("; ")}` };
  };
}
