/**
 * The fixture's broker service handlers (FIXTURE.md, "Production surfaces"): HTTP routes,
 * admin methods, `@OnRequest` echoes, and the `fixture_events_total` counter.
 */
import { AdminMethod, HttpRoute, OnRequest, type HttpMethod, type HttpRequest, type MetricsRegistry } from "../../dist";
import type { BrokerServicesConfig } from "./broker-services-config";

type DefineHandler = (prototype: object, name: string, decorator: MethodDecorator, body: (...args: never[]) => unknown) => void;

/** Adds one decorated method per route, admin method and request pattern of `config`. */
export function defineBrokerServices(prototype: object, config: BrokerServicesConfig, defineHandler: DefineHandler): void {
  config.httpRoutes.forEach((route, index) => {
    defineHandler(prototype, `http${index}`, HttpRoute(route.method.toUpperCase() as HttpMethod, route.path), (request: HttpRequest) => {
      if (route.path === "/fail") throw new Error("route failed on purpose");
      return {
        status: 200,
        headers: { "content-type": "application/json" },
        body: { method: request.method, path: request.path, params: request.params, query: request.query, body: request.text() },
      };
    });
  });
  config.adminMethods.forEach((name, index) => {
    defineHandler(prototype, `admin${index}`, AdminMethod(name), (params: unknown) => {
      if (name === "fail") throw new Error("admin failed on purpose");
      return { method: name, params: params ?? null };
    });
  });
  config.requests.forEach((pattern, index) => {
    defineHandler(prototype, `request${index}`, OnRequest(pattern), (payload: unknown) => ({ echo: payload ?? null }));
  });
}

/** Counts handled events in `fixture_events_total` (prom-client, from the plugin's registry). */
export function eventCounter(registry: MetricsRegistry): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Counter } = require("prom-client") as typeof import("prom-client");
  const counter = new Counter({ name: "fixture_events_total", help: "Broker events the fixture handled", registers: [registry] });
  return () => counter.inc();
}
