/**
 * Errors of the decorator framework: `DecoratorError` at class-definition time (naming
 * `Class.method`, the decorator and the bad value), and `BootstrapError` / `ManifestError` when
 * the decorated classes do not add up to a plugin the daemon would run.
 */
import { PassThrough } from "node:stream";
import { IsInt, IsString } from "class-validator";
import {
  bootstrap,
  BootstrapError,
  createPlugin,
  DecoratorError,
  explorePlugin,
  ManifestError,
  NexoPlugin,
  OnEvent,
  OnInitialize,
  OnShutdown,
  Plugin,
  PluginError,
  Tool,
  type Manifest,
} from "../src";
import { PluginTestHost } from "../src/testing";
import { manifest, thrown } from "./fixtures/decorators/helpers";

/** Asserts a DecoratorError whose message names the member, the decorator and each of `values`. */
function expectDecoratorError(error: Error, target: string, decorator: string, ...values: string[]): void {
  expect(error).toBeInstanceOf(DecoratorError);
  expect(error).toBeInstanceOf(PluginError);
  const decoratorError = error as DecoratorError;
  expect(decoratorError.target).toBe(target);
  expect(decoratorError.decorator).toBe(decorator);
  expect(error.message).toContain(target);
  expect(error.message).toContain(decorator);
  for (const value of values) expect(error.message).toContain(value);
}

describe("decoration-time errors: @OnEvent patterns", () => {
  it.each(["a..b", ".a", "a.", "", "a.>.b", ">.a", "a.>.>", "."])("refuses %j, naming Class.method, @OnEvent and the pattern", (pattern) => {
    const error = thrown(() => {
      class Patterns {
        @OnEvent(pattern)
        listen(): void {}
      }
      return Patterns;
    });
    expectDecoratorError(error, "Patterns.listen", "@OnEvent", JSON.stringify(pattern));
  });

  it("refuses a non-string pattern and a bad options value", () => {
    const proto = class Odd {}.prototype;
    const descriptor = { value: () => undefined, writable: true, configurable: true };
    expectDecoratorError(thrown(() => OnEvent(42 as never)(proto, "m", descriptor)), "Odd.m", "@OnEvent", "42");
    expectDecoratorError(thrown(() => OnEvent("a", null as never)(proto, "m", descriptor)), "Odd.m", "@OnEvent", "null");
    expectDecoratorError(
      thrown(() => OnEvent("a", { payload: "NotAClass" as never })(proto, "m", descriptor)),
      "Odd.m",
      "@OnEvent",
      '"NotAClass"',
    );
    // An arrow function is a function but not a class: refused here, not on every event.
    expectDecoratorError(
      thrown(() => OnEvent("a", { payload: (() => class {}) as never })(proto, "m", descriptor)),
      "Odd.m",
      "@OnEvent",
      "payload must be a DTO class",
    );
  });

  it("records nothing for a refused pattern", () => {
    class Partial {
      handle(): void {}
    }
    Plugin()(Partial);
    const descriptor = Object.getOwnPropertyDescriptor(Partial.prototype, "handle")!;
    expect(() => OnEvent("bad..pattern")(Partial.prototype, "handle", descriptor)).toThrow(DecoratorError);
    expect(() => explorePlugin(Partial, { manifest: manifest() })).toThrow(/no handler/);
  });
});

describe("decoration-time errors: @Tool", () => {
  const decorate = (options: unknown): Error =>
    thrown(() => {
      class Tools {
        @Tool(options as never)
        run(): void {}
      }
      return Tools;
    });

  it("refuses a missing, empty or non-string name", () => {
    expectDecoratorError(decorate({ description: "d" }), "Tools.run", "@Tool", "name", "undefined");
    expectDecoratorError(decorate({ name: "  ", description: "d" }), "Tools.run", "@Tool", "name", '"  "');
    expectDecoratorError(decorate({ name: 7, description: "d" }), "Tools.run", "@Tool", "name", "7");
  });

  it("refuses a missing or non-string description", () => {
    expectDecoratorError(decorate({ name: "demo_a" }), "Tools.run", "@Tool", "description", "undefined");
    expectDecoratorError(decorate({ name: "demo_a", description: ["x"] }), "Tools.run", "@Tool", "description", '["x"]');
  });

  it("refuses an input that is not a class", () => {
    const notAClass = decorate({ name: "demo_a", description: "d", input: { text: "string" } });
    expectDecoratorError(notAClass, "Tools.run", "@Tool", "input", '{"text":"string"}');
    expectDecoratorError(decorate({ name: "demo_a", description: "d", input: "ArgsDto" }), "Tools.run", "@Tool", "input", '"ArgsDto"');
    expectDecoratorError(decorate({ name: "demo_a", description: "d", input: () => class {} }), "Tools.run", "@Tool", "input must be a DTO class");
  });

  it("refuses an inputSchema that is not a JSON object", () => {
    const text = decorate({ name: "demo_a", description: "d", inputSchema: "object" });
    expectDecoratorError(text, "Tools.run", "@Tool", "inputSchema", '"object"');
    expectDecoratorError(decorate({ name: "demo_a", description: "d", inputSchema: [1] }), "Tools.run", "@Tool", "inputSchema", "[1]");
    expectDecoratorError(decorate({ name: "demo_a", description: "d", inputSchema: null }), "Tools.run", "@Tool", "inputSchema", "null");
  });

  it("refuses options that are not an object", () => {
    expectDecoratorError(decorate("demo_a"), "Tools.run", "@Tool", '"demo_a"');
    expectDecoratorError(decorate(undefined), "Tools.run", "@Tool", "undefined");
  });

  it("refuses two @Tool on one method, naming both tool names", () => {
    const error = thrown(() => {
      class Twice {
        @Tool({ name: "demo_upper", description: "u" })
        @Tool({ name: "demo_lower", description: "l" })
        run(): void {}
      }
      return Twice;
    });
    expectDecoratorError(error, "Twice.run", "@Tool", "demo_upper", "demo_lower");
  });
});

describe("decoration-time errors: placement", () => {
  const decorators: Array<[string, () => MethodDecorator]> = [
    ["@OnEvent", () => OnEvent("a.b")],
    ["@Tool", () => Tool({ name: "demo_a", description: "d" })],
    ["@OnShutdown", () => OnShutdown()],
    ["@OnInitialize", () => OnInitialize()],
  ];

  it.each(decorators)("refuses %s on a static method", (name, make) => {
    const error = thrown(() => {
      class Statics {
        @make()
        static helper(): void {}
      }
      return Statics;
    });
    expectDecoratorError(error, "Statics.helper", name, "static");
  });

  it.each(decorators)("refuses %s on a property", (name, make) => {
    const error = thrown(() => {
      class Props {
        @(make() as PropertyDecorator)
        value = 1;
      }
      return Props;
    });
    expectDecoratorError(error, "Props.value", name, "propert");
  });

  it.each(decorators)("refuses %s on an accessor", (name, make) => {
    const error = thrown(() => {
      class Accessors {
        @make()
        get current(): number {
          return 1;
        }
      }
      return Accessors;
    });
    expectDecoratorError(error, "Accessors.current", name, "accessor");
  });

  it.each(decorators)("refuses %s called as a standard (TC39) decorator, saying which tsconfig flags it needs", (name, make) => {
    // What TypeScript emits without experimentalDecorators: (method, context).
    const context = { kind: "method", name: "handle", static: false, private: false, addInitializer: () => undefined };
    const call = make() as unknown as (method: unknown, context: unknown) => unknown;
    const error = thrown(() => call(function handle(): void {}, context));
    expectDecoratorError(error, "<class>.handle", name, '"experimentalDecorators": true');
  });
});

describe("decoration-time errors: @Plugin", () => {
  const decorate = (options: unknown): Error =>
    thrown(() => {
      @Plugin(options as never)
      class Configured {}
      return Configured;
    });

  it("refuses a bad envelope", () => {
    expectDecoratorError(decorate({ envelope: "compact" }), "Configured", "@Plugin", "envelope", '"compact"');
  });

  it("refuses a blank or non-string serverVersion", () => {
    expectDecoratorError(decorate({ serverVersion: "" }), "Configured", "@Plugin", "serverVersion", '""');
    expectDecoratorError(decorate({ serverVersion: 2 }), "Configured", "@Plugin", "serverVersion", "2");
  });

  it.each<[unknown, string]>([
    [0, "0"],
    [-5, "-5"],
    ["100", '"100"'],
    [Infinity, "Infinity"],
    [NaN, "NaN"],
  ])("refuses callTimeoutMs %p, showing it as %s", (value, shown) => {
    expectDecoratorError(decorate({ callTimeoutMs: value }), "Configured", "@Plugin", "callTimeoutMs", shown);
  });

  it("refuses a manifest that is neither text, a path nor an object", () => {
    expectDecoratorError(decorate({ manifest: 42 }), "Configured", "@Plugin", "manifest", "42");
    expectDecoratorError(decorate({ manifest: true }), "Configured", "@Plugin", "manifest", "true");
  });

  it("refuses an unknown option, listing the known ones, with a hint for a manifest passed in place of the options", () => {
    expectDecoratorError(decorate({ manfest: "./nexo-plugin.toml" }), "Configured", "@Plugin", 'unknown option "manfest"', "manifest, serverVersion");
    expectDecoratorError(decorate({ plugin: { id: "demo", version: "1.0.0" } }), "Configured", "@Plugin", 'unknown option "plugin"', "{ manifest: { plugin: ... } }");
  });

  it("refuses options that are not an object", () => {
    expectDecoratorError(decorate("demo"), "Configured", "@Plugin", '"demo"');
    expectDecoratorError(decorate([]), "Configured", "@Plugin", "[]");
  });

  it("accepts every option with the right type", () => {
    expect(() => {
      @Plugin({ manifest: manifest(), serverVersion: "v", envelope: "minimal", callTimeoutMs: 10 })
      class Fine {}
      return Fine;
    }).not.toThrow();
  });
});

describe("bootstrap-time errors", () => {
  /** Every way to start a class: explorer, createPlugin, the test host. */
  const starters: Array<[string, (cls: new () => object, m?: Manifest) => unknown]> = [
    ["explorePlugin", (cls, m = manifest()) => explorePlugin(cls, { manifest: m })],
    [
      "createPlugin",
      (cls, m = manifest()) =>
        createPlugin(cls, { manifest: m, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() }),
    ],
    ["PluginTestHost.start", (cls, m = manifest()) => PluginTestHost.start(cls, { manifest: m })],
  ];

  it.each(starters)("%s refuses a class without @Plugin, naming it", (_name, start) => {
    class Undecorated {
      @OnEvent("a")
      handle(): void {}
    }
    const error = thrown(() => start(Undecorated));
    expect(error).toBeInstanceOf(BootstrapError);
    expect((error as BootstrapError).className).toBe("Undecorated");
    expect(error.message).toContain("Undecorated");
    expect(error.message).toContain("@Plugin");
  });

  it("bootstrap() rejects (rather than throwing synchronously) for a class without @Plugin", async () => {
    class NotAPlugin extends NexoPlugin {
      @OnEvent("a")
      handle(): void {}
    }
    let promise: Promise<number> | undefined;
    expect(() => {
      promise = bootstrap(NotAPlugin, { manifest: manifest(), stdin: new PassThrough(), stdout: new PassThrough() });
    }).not.toThrow();
    await expect(promise).rejects.toThrow(BootstrapError);
    await expect(promise).rejects.toThrow(/NotAPlugin/);
  });

  it("refuses something that is not a class", () => {
    const error = thrown(() => explorePlugin(undefined as never));
    expect(error).toBeInstanceOf(BootstrapError);
    expect(error.message).toContain("@Plugin");
  });

  it.each(starters)("%s refuses a plugin with no handler at all", (_name, start) => {
    @Plugin()
    class Idle extends NexoPlugin {
      notAHandler(): void {}
    }
    const error = thrown(() => start(Idle));
    expect(error).toBeInstanceOf(BootstrapError);
    expect(error.message).toContain("Idle");
    expect(error.message).toContain("no handler");
  });

  it("accepts a plugin whose only handler is a hook", () => {
    @Plugin()
    class HookOnly {
      @OnInitialize()
      ready(): void {}
    }
    expect(explorePlugin(HookOnly, { manifest: manifest() }).initializeHooks).toHaveLength(1);
  });

  it.each(starters)("%s refuses one tool name declared by two methods, naming both", (_name, start) => {
    @Plugin()
    class Duplicates {
      @Tool({ name: "demo_search", description: "one" })
      first(): void {}

      @Tool({ name: "demo_search", description: "two" })
      second(): void {}
    }
    const error = thrown(() => start(Duplicates, manifest(["demo_search"])));
    expect(error).toBeInstanceOf(BootstrapError);
    expect(error.message).toContain("demo_search");
    expect(error.message).toContain("Duplicates.first");
    expect(error.message).toContain("Duplicates.second");
  });

  it.each(starters)("%s refuses a tool missing from [plugin.extends].tools, naming it and its method", (_name, start) => {
    @Plugin()
    class Unlisted {
      @Tool({ name: "demo_listed", description: "ok" })
      listed(): void {}

      @Tool({ name: "demo_unlisted", description: "not in the manifest" })
      unlisted(): void {}
    }
    const error = thrown(() => start(Unlisted, manifest(["demo_listed"])));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).field).toBe("plugin.extends.tools");
    expect(error.message).toContain("demo_unlisted");
    expect(error.message).toContain("Unlisted.unlisted");
    // Also with no [plugin.extends] table at all.
    const bare = thrown(() => start(Unlisted, manifest()));
    expect((bare as ManifestError).field).toBe("plugin.extends.tools");
    expect(bare.message).toContain("Unlisted.listed");
  });

  it.each(starters)("%s refuses a tool outside the plugin's namespace, naming it and its method", (_name, start) => {
    @Plugin()
    class Foreign {
      @Tool({ name: "slack_send", description: "another plugin's namespace" })
      send(): void {}
    }
    const error = thrown(() => start(Foreign, manifest(["demo_other"])));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).field).toBe("plugin.extends.tools");
    expect(error.message).toContain("slack_send");
    expect(error.message).toContain("Foreign.send");
    expect(error.message).toContain("namespace");
  });

  it("accepts tools in both namespaces when listed", () => {
    @Plugin()
    class Namespaced {
      @Tool({ name: "demo_plain", description: "a" })
      plain(): void {}

      @Tool({ name: "ext_demo_extra", description: "b" })
      extra(): void {}
    }
    const definition = explorePlugin(Namespaced, { manifest: manifest(["demo_plain", "ext_demo_extra"]) });
    expect(definition.tools.map((t) => t.name)).toEqual(["demo_plain", "ext_demo_extra"]);
  });

  it("refuses stacked @OnEvent declaring different payload DTOs, naming the method and both DTOs", () => {
    class FirstDto {
      @IsString() text!: string;
    }
    class SecondDto {
      @IsInt() count!: number;
    }
    @Plugin()
    class Conflicting {
      @OnEvent("a.one", { payload: FirstDto })
      @OnEvent("a.two", { payload: SecondDto })
      handle(): void {}
    }
    const error = thrown(() => explorePlugin(Conflicting, { manifest: manifest() }));
    expect(error).toBeInstanceOf(BootstrapError);
    expect((error as BootstrapError).className).toBe("Conflicting");
    expect(error.message).toContain("Conflicting.handle");
    expect(error.message).toContain("FirstDto");
    expect(error.message).toContain("SecondDto");
  });

  it("accepts stacked @OnEvent where one declares the DTO and the others none, or all the same", () => {
    class OnlyDto {
      @IsString() text!: string;
    }
    @Plugin()
    class Consistent {
      @OnEvent("a.one", { payload: OnlyDto })
      @OnEvent("a.two")
      @OnEvent("a.three", { payload: OnlyDto })
      handle(): void {}
    }
    expect(explorePlugin(Consistent, { manifest: manifest() }).events[0]!.payload).toBe(OnlyDto);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ["a bad plugin id", "plugin.id", { plugin: { id: "Bad-Id", version: "1.0.0" } }],
    ["a missing version", "plugin.version", { plugin: { id: "demo" } }],
    ["a non-semver version", "plugin.version", { plugin: { id: "demo", version: "one" } }],
    ["a reserved env key", "plugin.entrypoint.env", { plugin: { id: "demo", version: "1.0.0", entrypoint: { env: { NEXO_X: "1" } } } }],
    ["an unprefixed listed tool", "plugin.extends.tools", { plugin: { id: "demo", version: "1.0.0", extends: { tools: ["other"] } } }],
  ])("refuses a manifest with %s (ManifestError naming %s)", (_what, field, bad) => {
    @Plugin()
    class ManifestVictim {
      @OnShutdown()
      close(): void {}
    }
    const error = thrown(() => explorePlugin(ManifestVictim, { manifest: bad as unknown as Manifest }));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).field).toContain(field);
    expect(error.message).toContain(field);
  });

  it("refuses a @Plugin manifest given as TOML text with a bad field", () => {
    @Plugin({ manifest: '[plugin]\nid = "demo"\nversion = "x.y"\n' })
    class TomlVictim {
      @OnShutdown()
      close(): void {}
    }
    const error = thrown(() => explorePlugin(TomlVictim));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).field).toBe("plugin.version");
  });
});

describe("manifest warnings", () => {
  @Plugin()
  class Warned {
    @OnShutdown()
    close(): void {}
  }
  const withUnknownKey = { plugin: { id: "demo", version: "1.0.0", flavor: "vanilla" } } as unknown as Manifest;

  afterEach(() => jest.restoreAllMocks());

  it("warns once about an unknown manifest key, on the plugin's own stderr only", async () => {
    const processStderr = jest.spyOn(process.stderr, "write");
    const host = PluginTestHost.start(Warned, { manifest: withUnknownKey });
    await host.initialize();
    expect(host.stderr).toEqual([expect.stringContaining("plugin.flavor")]);
    await expect(host.shutdown()).resolves.toBe(0);
    expect(processStderr.mock.calls.filter(([chunk]) => String(chunk).includes("plugin.flavor"))).toEqual([]);
  });

  it("lets explorePlugin's caller receive the warnings", () => {
    const warnings: string[] = [];
    explorePlugin(Warned, { manifest: withUnknownKey }, (message) => warnings.push(message));
    expect(warnings).toEqual([expect.stringContaining("plugin.flavor")]);
  });
});
