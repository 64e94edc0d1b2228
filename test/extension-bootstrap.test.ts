/**
 * The extension decorators and registrations refuse what the daemon could not use: bad
 * decorator arguments (`DecoratorError` naming `Class.method`), handlers that do not add up
 * (`BootstrapError`), and `[plugin.extends]` lists that disagree with the handlers, either way
 * (`ManifestError` naming the handler and the manifest key). The decorator-free registrations
 * check the same at the call.
 */
import {
  BootstrapError,
  Channel,
  DecoratorError,
  explorePlugin,
  Hook,
  LlmProvider,
  ManifestError,
  NexoPlugin,
  OnEvent,
  Plugin,
  PluginAdapter,
  VectorBackend,
  WireError,
  type Manifest,
} from "../src";
import { PluginTestHost } from "../src/testing";
import { thrown } from "./fixtures/decorators/helpers";

type Extends = Partial<Record<"hooks" | "channels" | "llm_providers" | "memory_backends", string[]>>;

function manifestWith(lists: Extends): Manifest {
  return { plugin: { id: "ext", version: "1.0.0", extends: lists } } as unknown as Manifest;
}

/** Applies a method decorator to `prototype.handle`, as TypeScript's `__decorate` would. */
function decorate(decorator: MethodDecorator, prototype: object): void {
  decorator(prototype, "handle", Object.getOwnPropertyDescriptor(prototype, "handle")!);
}

describe("decoration-time errors", () => {
  it.each([
    ["@Hook", () => Hook("")],
    ["@Hook", () => Hook(5 as never)],
    ["@Channel.start", () => Channel.start(" ")],
    ["@Channel.send", () => Channel.send(undefined as never)],
    ["@LlmProvider", () => LlmProvider(null as never)],
    ["@VectorBackend.search", () => VectorBackend.search("")],
  ])("%s refuses an id that is not a non-empty string, naming Class.method", (decorator, make) => {
    class Named {
      handle(): void {}
    }
    const error = thrown(() => decorate(make(), Named.prototype));
    expect(error).toBeInstanceOf(DecoratorError);
    expect((error as DecoratorError).target).toBe("Named.handle");
    expect((error as DecoratorError).decorator).toBe(decorator);
    expect(error.message).toMatch(/must be a non-empty string/);
  });

  it.each([0, -5, 1.5, "100", 2 ** 31])("@Hook refuses the budget %j", (budgetMs) => {
    class Budget {
      handle(): void {}
    }
    const error = thrown(() => decorate(Hook("before_message", { budgetMs: budgetMs as number }), Budget.prototype));
    expect(error).toBeInstanceOf(DecoratorError);
    expect(error.message).toContain("@Hook on Budget.handle: budgetMs must be a positive integer");
  });

  it("refuses the same decorator and id twice on one method", () => {
    const error = thrown(() => {
      class Twice {
        @Channel.send("chat")
        @Channel.send("chat")
        handle(): void {}
      }
      return Twice;
    });
    expect(error.message).toBe('@Channel.send on Twice.handle: is applied twice for channel kind "chat"');
  });

  it("refuses a static method", () => {
    const error = thrown(() => {
      class Static {
        @LlmProvider("echo")
        static chat(): void {}
      }
      return Static;
    });
    expect(error).toBeInstanceOf(DecoratorError);
    expect(error.message).toContain("static methods cannot be handlers");
  });
});

describe("bootstrap: handlers that do not add up", () => {
  it("accepts a plugin whose only handler is an extension, and records every route", () => {
    @Plugin()
    class Full {
      @Hook("before_message", { budgetMs: 250 }) screen(): void {}
      @Channel.start("chat") start(): void {}
      @Channel.send("chat") send(): void {}
      @LlmProvider("echo") chat(): void {}
      @VectorBackend.upsert("mem") upsert(): void {}
      @VectorBackend.search("mem") search(): void {}
      @VectorBackend.delete("mem") remove(): void {}
    }
    const lists = { hooks: ["before_message"], channels: ["chat"], llm_providers: ["echo"], memory_backends: ["mem"] };
    const { extensions } = explorePlugin(Full, { manifest: manifestWith(lists) });
    expect(extensions.hooks).toEqual([{ method: "screen", handlerName: "Full.screen", name: "before_message", budgetMs: 250 }]);
    expect(extensions.channels).toEqual([
      { kind: "chat", start: { method: "start", handlerName: "Full.start" }, stop: undefined, send: { method: "send", handlerName: "Full.send" } },
    ]);
    expect(extensions.llmProviders).toEqual([{ method: "chat", handlerName: "Full.chat", name: "echo" }]);
    expect(extensions.vectorBackends[0]?.delete).toEqual({ method: "remove", handlerName: "Full.remove" });
  });

  it("refuses two methods for one role, naming both", () => {
    @Plugin()
    class Doubled {
      @Hook("before_message") first(): void {}
      @Hook("before_message") second(): void {}
    }
    const error = thrown(() => explorePlugin(Doubled, { manifest: manifestWith({ hooks: ["before_message"] }) }));
    expect(error).toBeInstanceOf(BootstrapError);
    expect(error.message).toBe('Doubled: hook "before_message" has two @Hook methods, Doubled.first and Doubled.second; keep one');
  });

  it("refuses a channel kind without a send method, naming what it has", () => {
    @Plugin()
    class Mute {
      @Channel.start("chat") connect(): void {}
    }
    const error = thrown(() => explorePlugin(Mute, { manifest: manifestWith({ channels: ["chat"] }) }));
    expect(error).toBeInstanceOf(BootstrapError);
    expect(error.message).toBe('Mute: channel kind "chat" has @Channel.start on Mute.connect but no @Channel.send("chat") method');
  });

  it("refuses a vector backend missing one of its three methods", () => {
    @Plugin()
    class Partial {
      @VectorBackend.upsert("mem") put(): void {}
      @VectorBackend.search("mem") find(): void {}
    }
    const error = thrown(() => explorePlugin(Partial, { manifest: manifestWith({ memory_backends: ["mem"] }) }));
    expect(error.message).toContain('vector backend "mem" has @VectorBackend.upsert on Partial.put, @VectorBackend.search on Partial.find');
    expect(error.message).toContain('but no @VectorBackend.delete("mem") method');
  });

  it("inherits extension handlers, and drops one overridden without its decorator", () => {
    @Plugin()
    class Base {
      @Hook("before_message") screen(): void {}
      @LlmProvider("echo") chat(): void {}
    }
    @Plugin()
    class Child extends Base {
      override chat(): void {}
    }
    const definition = explorePlugin(Child, { manifest: manifestWith({ hooks: ["before_message"] }) });
    expect(definition.extensions.hooks.map((h) => h.handlerName)).toEqual(["Child.screen"]);
    expect(definition.extensions.llmProviders).toEqual([]);
  });
});

describe("bootstrap: [plugin.extends] checked both ways", () => {
  @Plugin()
  class Everything {
    @OnEvent("x") event(): void {}
    @Hook("before_message") screen(): void {}
    @Channel.send("chat") send(): void {}
    @LlmProvider("echo") chat(): void {}
    @VectorBackend.upsert("mem") upsert(): void {}
    @VectorBackend.search("mem") search(): void {}
    @VectorBackend.delete("mem") remove(): void {}
  }
  const all = { hooks: ["before_message"], channels: ["chat"], llm_providers: ["echo"], memory_backends: ["mem"] };

  it.each([
    ["hooks", "Everything.screen serves hook \"before_message\""],
    ["channels", "Everything.send serves channel kind \"chat\""],
    ["llm_providers", "Everything.chat serves LLM provider \"echo\""],
    ["memory_backends", "Everything.upsert, Everything.search, Everything.remove serve vector backend \"mem\""],
  ] as const)("refuses a handler whose id [plugin.extends].%s does not list, naming the handler and the key", (list, named) => {
    const error = thrown(() => explorePlugin(Everything, { manifest: manifestWith({ ...all, [list]: [] }) }));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).field).toBe(`plugin.extends.${list}`);
    expect(error.message).toContain(named);
    expect(error.message).toContain(`which [plugin.extends].${list} does not list`);
  });

  it.each([
    ["hooks", "after_message", '@Hook("after_message")'],
    ["channels", "sms", '@Channel.send("sms")'],
    ["llm_providers", "gpt", '@LlmProvider("gpt")'],
    ["memory_backends", "pg", '@VectorBackend.upsert("pg"), @VectorBackend.search("pg"), @VectorBackend.delete("pg")'],
  ] as const)("refuses an id in [plugin.extends].%s that no method serves, naming the key and what to add", (list, id, wanted) => {
    const error = thrown(() => explorePlugin(Everything, { manifest: manifestWith({ ...all, [list]: [...all[list], id] }) }));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).field).toBe(`plugin.extends.${list}`);
    expect(error.message).toContain(`"${id}" is listed, but no method of Everything serves it: add ${wanted}`);
  });

  it("accepts lists that match the handlers exactly", () => {
    expect(() => explorePlugin(Everything, { manifest: manifestWith(all) })).not.toThrow();
  });
});

describe("decorator-free registrations", () => {
  const adapter = (): PluginAdapter =>
    new PluginAdapter({ manifest: manifestWith({ hooks: ["before_message"], channels: ["chat"], llm_providers: ["echo"], memory_backends: ["mem"] }) });
  const vector = { upsert: () => 0, search: () => [], delete: () => 0 };

  it.each([
    ["onHook", (a: PluginAdapter) => a.onHook("after_message", () => undefined), "plugin.extends.hooks"],
    ["serveChannel", (a: PluginAdapter) => a.serveChannel("sms", { send: () => ({ messageId: "1" }) }), "plugin.extends.channels"],
    ["llmProvider", (a: PluginAdapter) => a.llmProvider("gpt", () => ({ content: { type: "text", text: "" } })), "plugin.extends.llm_providers"],
    ["vectorBackend", (a: PluginAdapter) => a.vectorBackend("pg", vector), "plugin.extends.memory_backends"],
  ])("%s refuses an id its [plugin.extends] list does not hold", (_name, register, field) => {
    const error = thrown(() => register(adapter()));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).field).toBe(field);
    expect(error.message).toContain("so the daemon would never send it");
  });

  it("refuses a second handler for one id", () => {
    const a = adapter().llmProvider("echo", () => ({ content: { type: "text", text: "" } }));
    const error = thrown(() => a.llmProvider("echo", () => ({ content: { type: "text", text: "" } })));
    expect(error).toEqual(new WireError('LLM provider "echo" already has a handler'));
  });

  it.each([
    ["a hook handler that is not a function", (a: PluginAdapter) => a.onHook("before_message", "nope" as never), TypeError, "must be a function"],
    ["a hook budget out of range", (a: PluginAdapter) => a.onHook("before_message", () => undefined, { budgetMs: 0 }), RangeError, "budgetMs of hook"],
    ["channel handlers without send", (a: PluginAdapter) => a.serveChannel("chat", {} as never), TypeError, "needs handlers with a send function"],
    ["a start that is not a function", (a: PluginAdapter) => a.serveChannel("chat", { send: () => ({ messageId: "1" }), start: 1 as never }), TypeError, "the start handler"],
    ["a backend without delete", (a: PluginAdapter) => a.vectorBackend("mem", { ...vector, delete: undefined } as never), TypeError, "needs its delete handler as a function"],
  ])("refuses %s", (_label, register, type, text) => {
    const error = thrown(() => register(adapter()));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(text);
  });
});

describe("a decorated hook in the test host", () => {
  it("answers hook.on_hook through PluginTestHost", async () => {
    @Plugin({ manifest: manifestWith({ hooks: ["before_message"] }) })
    class Screen extends NexoPlugin {
      @Hook("before_message")
      screen(event: { text: string }): void {
        this.log.info("screened", { text: event.text });
      }
    }
    const host = PluginTestHost.start(Screen);
    await host.initialize();
    const reply = await host.peer.request("hook.on_hook", {
      hook_name: "before_message",
      event: { agent_id: "a", session_id: null, text: "hi", source: null },
    });
    expect(reply.result).toEqual({ abort: false, decision: "allow" });
    expect(await host.shutdown()).toBe(0);
    expect(host.stderr.some((l) => l.includes("screened") && l.includes('"text":"hi"'))).toBe(true);
  });
});
