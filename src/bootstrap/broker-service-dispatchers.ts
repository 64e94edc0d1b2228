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
      method = observeHandler((instance as Record<string | symbol, (...a: unknown[]) => unknown>)[route.method]!, route.handlerName, adapter.observers);
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
  const byRole = new Map(services.pairing.map((route) => [route.role, route]));
  const pairingHandler = (role: PairingRole) => {
    const route = byRole.get(role);
    return route && ((request: unknown, context: RequestContext) => invoke(route, context.broker, request, context));
  };
  const start = pairingHandler("start");
  const cancel = pairingHandler("cancel");
  if (start || cancel) {
    const labels = { start: byRole.get("start") && where(byRole.get("start")!), cancel: byRole.get("cancel") && where(byRole.get("cancel")!) };
    adminMethods.push(...pairingTriggerAdminMethods(adapter.manifest, { start, cancel }, labels));
  }
  if (adminMethods.length > 0) serveAdminMethods(adapter, adminMethods);
  const adapterHandlers = {
    normalizeSender: pairingHandler("normalizeSender"),
    sendReply: pairingHandler("sendReply"),
    sendQrImage: pairingHandler("sendQrImage"),
  } as PairingAdapterHandlers;
  if (adapterHandlers.normalizeSender || adapterHandlers.sendReply || adapterHandlers.sendQrImage) {
    const label = (role: PairingRole): string | undefined => (byRole.has(role) ? where(byRole.get(role)!) : undefined);
    servePairingAdapter(adapter, adapterHandlers, { normalizeSender: label("normalizeSender"), sendReply: label("sendReply"), sendQrImage: label("sendQrImage") });
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
