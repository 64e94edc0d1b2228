/**
 * Builds the fixture's plugin class from a config, with the public decorator API applied to
 * generated methods: one `@OnEvent` per route, one `@Tool` per declared tool.
 */
import {
  CredentialsIssue,
  CredentialsList,
  CredentialsReload,
  CredentialsResolveBytes,
  NexoPlugin,
  OnConfigure,
  OnEvent,
  OnShutdown,
  Plugin,
  Tool,
  type CredentialBytesRequest,
  type CredentialRequest,
  type Event,
  type EventContext,
  type PluginClass,
  type ToolContext,
} from "../../dist";
import type { FixtureConfig } from "./config";
import { FIXTURE_TOPIC, runEventBehaviour } from "./event-behaviours";
import { checkRequired, FixtureCredentials } from "./service-behaviours";
import { runToolBehaviour } from "./tool-behaviours";

/** Description and schema FIXTURE.md gives every declared tool. */
export function fixtureToolDef(name: string): { name: string; description: string; inputSchema: { type: "object" } } {
  return { name, description: `conformance tool ${name}`, inputSchema: { type: "object" } };
}

/** The decorated plugin class described by `config`. */
export function buildFixturePlugin(config: FixtureConfig): PluginClass {
  class ConformanceFixture extends NexoPlugin {
    // Some configs ask for a plugin that handles nothing (to observe -32601); a shutdown hook
    // keeps such a class a valid plugin without adding any wire behaviour.
    @OnShutdown()
    stop(): void {}
  }
  const prototype = ConformanceFixture.prototype;

  if (config.eventHandler !== "never") {
    defineHandler(prototype, "onEvent", OnEvent(">"), function (this: ConformanceFixture, event: Event, ctx: EventContext) {
      return runEventBehaviour(config.eventHandler, event, ctx.broker, this.config);
    });
  }
  const configure = config.configure;
  if (configure) {
    defineHandler(prototype, "configure", OnConfigure(), (value: unknown) => {
      if (configure !== "accept") checkRequired(value, configure.required);
    });
  }
  if (config.credentials) {
    const store = new FixtureCredentials(config.credentials);
    defineHandler(prototype, "credentialsList", CredentialsList(), () => store.list());
    defineHandler(prototype, "credentialsIssue", CredentialsIssue(), (request: CredentialRequest) => store.issue(request));
    defineHandler(prototype, "credentialsBytes", CredentialsResolveBytes(), (request: CredentialBytesRequest) => store.resolveBytes(request));
    defineHandler(prototype, "credentialsReload", CredentialsReload(), () => undefined);
  }
  config.routes.forEach((route, index) => {
    defineHandler(prototype, `route${index}`, OnEvent(route.pattern), (event: Event, ctx: EventContext) => {
      const payload = event.payload;
      const k = typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload["k"] ?? null) : null;
      return ctx.publish(FIXTURE_TOPIC, { route: route.name, topic: event.topic, k });
    });
  });
  const behaviours = config.toolBehaviours;
  if (behaviours) {
    config.declareTools.forEach((name, index) => {
      defineHandler(prototype, `tool${index}`, Tool(fixtureToolDef(name)), function (this: ConformanceFixture, _args: unknown, ctx: ToolContext) {
        const scope = config.useToolContext
          ? { invocation: ctx.invocation, broker: ctx.broker, pluginId: ctx.pluginId, config: this.config }
          : { invocation: ctx.invocation, broker: this.broker, pluginId: ctx.invocation.pluginId, config: this.config };
        return runToolBehaviour(behaviours.get(name), scope);
      });
    });
  }
  Plugin({ manifest: config.manifest, serverVersion: config.serverVersion, envelope: config.envelope })(ConformanceFixture);
  return ConformanceFixture;
}

/** Adds `body` to the prototype as a method named `name` and applies `decorator` to it, as `@decorator` would. */
function defineHandler(prototype: object, name: string, decorator: MethodDecorator, body: (...args: never[]) => unknown): void {
  Object.defineProperty(prototype, name, { value: body, writable: true, configurable: true, enumerable: false });
  decorator(prototype, name, Object.getOwnPropertyDescriptor(prototype, name)!);
}
