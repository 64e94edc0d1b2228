/**
 * Run as its own process by `nexo-plugin check`: loads a plugin's compiled CommonJS entry point
 * without running the plugin, and sends back over IPC the handlers of every class the entry
 * passes to `bootstrap()`.
 *
 * `require("nexoai")` is answered, for the plugin's modules, with the package whose `bootstrap`
 * only records its argument; the decorators run as usual and record into the metadata store
 * every copy of the package shares, which the explorer reads. Standard input is closed, so a
 * plugin that starts some other way sees end of input and stops.
 *
 *   node plugin-loader.js <entry.js>
 */
import Module = require("node:module");
import * as path from "node:path";
import { explorePluginHandlers, type ExtensionRoutes, type HookRoute, type PluginClass } from "../../bootstrap";
import type { ClassShape, ExtensionShape, PluginShape } from "./plugin-shape";

const captured: Function[] = [];

function captureBootstrap(): void {
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load;
  const wrapped = new WeakMap<object, object>();
  loader._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    const exports = load.call(this, request, parent, isMain);
    if (request !== "nexoai" || typeof exports !== "object" || exports === null) return exports;
    let facade = wrapped.get(exports);
    if (!facade) {
      const bootstrap = (pluginClass: Function): Promise<number> => {
        captured.push(pluginClass);
        return new Promise<number>(() => undefined);
      };
      facade = Object.create(exports, { bootstrap: { value: bootstrap, enumerable: true } }) as object;
      wrapped.set(exports, facade);
    }
    return facade;
  };
}

function describe(pluginClass: Function): ClassShape {
  const className = pluginClass.name || "<anonymous class>";
  try {
    const handlers = explorePluginHandlers(pluginClass as PluginClass);
    return {
      className: handlers.className,
      events: handlers.events.map((e) => ({ handlerName: e.handlerName, patterns: [...e.patterns] })),
      tools: handlers.tools.map((t) => ({ handlerName: t.handlerName, name: t.name })),
      hooks: [...handlers.shutdownHooks, ...handlers.initializeHooks].map((h) => h.handlerName),
      ...(handlers.configure ? { configure: handlers.configure.handlerName } : {}),
      credentials: handlers.credentialsHandlers.map((h) => h.handlerName),
      extensions: extensionShapes(handlers.extensions),
    };
  } catch (error) {
    return { className, error: errorLine(error) };
  }
}

function extensionShapes(routes: ExtensionRoutes): ExtensionShape[] {
  const names = (...methods: Array<HookRoute | undefined>): string[] => [
    ...new Set(methods.filter((m): m is HookRoute => m !== undefined).map((m) => m.handlerName)),
  ];
  return [
    ...routes.hooks.map((r) => ({ list: "hooks" as const, id: r.name, handlers: [r.handlerName] })),
    ...routes.channels.map((c) => ({ list: "channels" as const, id: c.kind, handlers: names(c.start, c.stop, c.send) })),
    ...routes.llmProviders.map((r) => ({ list: "llm_providers" as const, id: r.name, handlers: [r.handlerName] })),
    ...routes.vectorBackends.map((b) => ({ list: "memory_backends" as const, id: b.name, handlers: names(b.upsert, b.search, b.delete) })),
  ];
}

function errorLine(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function main(entry: string): Promise<PluginShape> {
  captureBootstrap();
  try {
    require(path.resolve(entry));
  } catch (error) {
    return { status: "failed", error: errorLine(error) };
  }
  // An entry may call bootstrap() after an await; give it a few turns of the event loop.
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  return { status: "loaded", classes: captured.map(describe) };
}

void main(process.argv[2] ?? "").then((shape) => {
  process.send!(shape, () => process.exit(0));
});
