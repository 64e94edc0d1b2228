/**
 * Decorated plugin classes and inheritance: inherited handlers, overrides with and without
 * decorators, sibling subclasses that must not share records, and `@Plugin` option merging.
 */
import { BootstrapError, explorePlugin, NexoPlugin, OnEvent, OnShutdown, Plugin, Tool, type Event } from "../src";
import { manifest, startHost, stopHost, stopHosts } from "./fixtures/decorators/helpers";

afterEach(stopHosts);

const MANIFEST = manifest(["demo_base", "demo_child"]);

/** What each explored event route is: `method <- patterns`. */
function routesOf(pluginClass: new () => object): string[] {
  return explorePlugin(pluginClass, { manifest: MANIFEST }).events.map((r) => `${r.handlerName} <- ${r.patterns.join(" | ")}`);
}

describe("inherited handlers", () => {
  it("runs a base-class handler in a grandchild three levels down, with the grandchild's own", async () => {
    const calls: string[] = [];

    @Plugin()
    class Base extends NexoPlugin {
      @OnEvent("level.>")
      fromBase(event: Event): void {
        calls.push(`base:${event.topic}`);
      }
    }
    class Middle extends Base {
      @OnEvent("level.middle")
      fromMiddle(event: Event): void {
        calls.push(`middle:${event.topic}`);
      }
    }
    @Plugin()
    class Grandchild extends Middle {
      @OnEvent("level.*")
      fromGrandchild(event: Event): void {
        calls.push(`grandchild:${event.topic}`);
      }
    }

    expect(routesOf(Grandchild)).toEqual([
      "Grandchild.fromBase <- level.>",
      "Grandchild.fromMiddle <- level.middle",
      "Grandchild.fromGrandchild <- level.*",
    ]);

    const host = startHost(Grandchild);
    host.event("level.middle", null);
    host.event("level.deep.down", null);
    await host.idle();
    expect(calls).toEqual([
      "base:level.middle",
      "middle:level.middle",
      "grandchild:level.middle",
      "base:level.deep.down",
    ]);
    await stopHost(host);
  });

  it("inherits tools and shutdown hooks too", () => {
    @Plugin()
    class ToolBase {
      @Tool({ name: "demo_base", description: "from the base" })
      baseTool(): string {
        return "base";
      }

      @OnShutdown()
      close(): void {}
    }
    class ToolChild extends ToolBase {}

    const definition = explorePlugin(ToolChild, { manifest: MANIFEST });
    expect(definition.tools.map((t) => [t.name, t.handlerName])).toEqual([["demo_base", "ToolChild.baseTool"]]);
    expect(definition.shutdownHooks.map((h) => h.handlerName)).toEqual(["ToolChild.close"]);
  });
});

describe("overrides", () => {
  const calls: string[] = [];
  beforeEach(() => (calls.length = 0));

  @Plugin()
  class Base extends NexoPlugin {
    @OnEvent("evt")
    @OnEvent("old.only")
    first(): void {
      calls.push("Base.first");
    }

    @OnEvent("evt")
    second(): void {
      calls.push("Base.second");
    }

    @OnEvent("evt")
    third(): void {
      calls.push("Base.third");
    }
  }

  class Redecorated extends Base {
    // Decorated override: replaces the inherited patterns and keeps the method's place.
    @OnEvent("evt")
    @OnEvent("new.only")
    override first(): void {
      calls.push("Redecorated.first");
    }
  }

  class Undecorated extends Base {
    // Plain override: no longer a handler.
    override second(): void {
      calls.push("Undecorated.second");
    }
  }

  it("lets a decorated override win and keep the inherited method's place", async () => {
    expect(routesOf(Redecorated)).toEqual([
      "Redecorated.first <- evt | new.only",
      "Redecorated.second <- evt",
      "Redecorated.third <- evt",
    ]);

    const host = startHost(Redecorated);
    host.event("evt", null);
    host.event("new.only", null);
    host.event("old.only", null);
    await host.idle();
    expect(calls).toEqual(["Redecorated.first", "Base.second", "Base.third", "Redecorated.first"]);
    // The base's own pattern is gone from the subclass: old.only matches nothing.
    expect(host.stderr).toEqual([expect.stringContaining("old.only")]);
    await stopHost(host);
  });

  it("removes the handler of a method overridden without a decorator", async () => {
    expect(routesOf(Undecorated)).toEqual(["Undecorated.first <- evt | old.only", "Undecorated.third <- evt"]);

    const host = startHost(Undecorated);
    host.event("evt", null);
    await host.idle();
    expect(calls).toEqual(["Base.first", "Base.third"]);
    await stopHost(host);
  });

  it("leaves the base class untouched by its subclasses' overrides", async () => {
    expect(routesOf(Base)).toEqual(["Base.first <- evt | old.only", "Base.second <- evt", "Base.third <- evt"]);

    const host = startHost(Base);
    host.event("evt", null);
    host.event("old.only", null);
    host.event("new.only", null);
    await host.idle();
    expect(calls).toEqual(["Base.first", "Base.second", "Base.third", "Base.first"]);
    expect(host.stderr).toEqual([expect.stringContaining("new.only")]);
    await stopHost(host);
  });

  it("removes an inherited tool and hook overridden without decorators, leaving a class with no handler", () => {
    @Plugin()
    class WithTool {
      @Tool({ name: "demo_base", description: "d" })
      tool(): null {
        return null;
      }

      @OnShutdown()
      close(): void {}
    }
    class Stripped extends WithTool {
      override tool(): null {
        return null;
      }

      override close(): void {}
    }

    expect(() => explorePlugin(Stripped, { manifest: MANIFEST })).toThrow(BootstrapError);
    expect(() => explorePlugin(Stripped, { manifest: MANIFEST })).toThrow(/no handler/);
    expect(explorePlugin(WithTool, { manifest: MANIFEST }).tools).toHaveLength(1);
  });

  it("honours a re-decoration further down after a plain override in between", () => {
    class Plain extends Base {
      override third(): void {}
    }
    class Again extends Plain {
      @OnEvent("again")
      override third(): void {}
    }
    expect(routesOf(Plain).map((r) => r.split(" ")[0])).toEqual(["Plain.first", "Plain.second"]);
    expect(routesOf(Again)).toEqual(["Again.first <- evt | old.only", "Again.second <- evt", "Again.third <- again"]);
  });
});

describe("sibling subclasses", () => {
  it("keeps the handlers of two subclasses of one base apart, and out of the base", async () => {
    const calls: string[] = [];

    @Plugin()
    class Shared extends NexoPlugin {
      @OnEvent("shared")
      common(): void {
        calls.push(`${this.constructor.name}.common`);
      }

      handle(): void {
        calls.push(`${this.constructor.name}.handle (undecorated)`);
      }
    }
    class Left extends Shared {
      @OnEvent("left.only")
      override handle(): void {
        calls.push("Left.handle");
      }
    }
    class Right extends Shared {
      @OnEvent("right.only")
      other(): void {
        calls.push("Right.other");
      }
    }

    expect(routesOf(Shared)).toEqual(["Shared.common <- shared"]);
    expect(routesOf(Left)).toEqual(["Left.common <- shared", "Left.handle <- left.only"]);
    expect(routesOf(Right)).toEqual(["Right.common <- shared", "Right.other <- right.only"]);

    const right = startHost(Right);
    right.event("left.only", null);
    right.event("right.only", null);
    right.event("shared", null);
    await right.idle();
    expect(calls).toEqual(["Right.other", "Right.common"]);
    expect(right.stderr).toEqual([expect.stringContaining("left.only")]);
    await stopHost(right);
  });

  it("does not leak a tool decorated on one subclass into its sibling", () => {
    @Plugin()
    class Root {
      @OnShutdown()
      close(): void {}

      run(): string {
        return "plain";
      }
    }
    class WithTool extends Root {
      @Tool({ name: "demo_child", description: "only here" })
      override run(): string {
        return "tool";
      }
    }
    class WithoutTool extends Root {}

    expect(explorePlugin(WithTool, { manifest: MANIFEST }).tools.map((t) => t.name)).toEqual(["demo_child"]);
    expect(explorePlugin(WithoutTool, { manifest: MANIFEST }).tools).toEqual([]);
    expect(explorePlugin(Root, { manifest: MANIFEST }).tools).toEqual([]);
  });
});

describe("@Plugin options across the chain", () => {
  it("lets a subclass's @Plugin options override the base's, keeping the ones it does not set", async () => {
    @Plugin({ serverVersion: "base-1", envelope: "minimal", callTimeoutMs: 1234, manifest: manifest() })
    class OptBase extends NexoPlugin {
      @OnEvent("go")
      async go(): Promise<void> {
        await this.publish("plugin.inbound.demo", { from: this.constructor.name });
      }
    }
    @Plugin({ serverVersion: "child-2" })
    class OptChild extends OptBase {}
    class OptGrandchild extends OptChild {}

    expect(explorePlugin(OptBase).options).toMatchObject({ serverVersion: "base-1", envelope: "minimal", callTimeoutMs: 1234 });
    expect(explorePlugin(OptChild).options).toMatchObject({ serverVersion: "child-2", envelope: "minimal", callTimeoutMs: 1234 });
    expect(explorePlugin(OptGrandchild).options).toMatchObject({ serverVersion: "child-2", envelope: "minimal" });

    // The class's own manifest (from the base @Plugin), not the test default.
    const host = startHost(OptChild, { manifest: undefined });
    const init = await host.initialize();
    expect(init["server_version"]).toBe("child-2");
    host.event("go", null);
    const published = await host.waitForPublish("plugin.inbound.demo");
    // Minimal envelope inherited from the base.
    expect(published["event"]).toEqual({ topic: "plugin.inbound.demo", source: "demo", payload: { from: "OptChild" } });
    await stopHost(host);
  });

  it("lets bootstrap options override every @Plugin option", () => {
    @Plugin({ serverVersion: "decorated", envelope: "minimal", manifest: manifest() })
    class Overridden {
      @OnShutdown()
      close(): void {}
    }
    const definition = explorePlugin(Overridden, { serverVersion: "given", envelope: "full", manifest: manifest(["demo_x"]) });
    expect(definition.options).toMatchObject({ serverVersion: "given", envelope: "full" });
    expect(definition.manifest.plugin.extends?.tools).toEqual(["demo_x"]);
  });
});
