/**
 * The service decorators and bootstrap's checks both ways: decoration-time errors naming
 * `Class.method` and the decorator, a decorator without its manifest section (an error naming
 * the key), a section without a handler and manifest coverage (warnings saying what to add).
 */
import { IsInt } from "class-validator";
import {
  AdminMethod,
  BootstrapError,
  createPlugin,
  DecoratorError,
  Get,
  HttpRoute,
  HttpRouteError,
  ManifestError,
  NexoPlugin,
  OnRequest,
  PairingCancel,
  PairingNormalizeSender,
  PairingSendReply,
  PairingStart,
  Plugin,
  Post,
  type HttpRequest,
  type Manifest,
} from "../src";
import { manifest, startHost, stopHost, stopHosts, thrown } from "./fixtures/decorators/helpers";

afterEach(stopHosts);

const COVERED = { broker: { subscribe: ["plugin.demo.http.request", "demo.admin.>", "demo.pairing.>", "demo.rpc.>", "demo.metrics.scrape"], publish: ["_inbox.>"] } };
const HTTP = { http: { mount_prefix: "/demo" } };
const ADMIN = { admin: { method_prefix: "nexo/admin/demo/", broker_topic_prefix: "demo.admin" } };
const PAIRING_ADAPTER = { pairing: { kind: "qr", adapter: { channel_id: "demo", broker_topic_prefix: "demo" } } };
const TRIGGER = { kind: "qr", trigger: { start_method: "nexo/admin/demo/pair/start", cancel_method: "nexo/admin/demo/pair/cancel" } };

/** A manifest object with the demo channel, full coverage, and `sections`. */
function withSections(sections: Record<string, unknown>): Manifest {
  return manifest([], { capabilities: COVERED, ...sections });
}

/** The stderr lines `createPlugin` writes for `pluginClass`. */
function startupLines(pluginClass: new () => object): string[] {
  const lines: string[] = [];
  const stderr = new (require("node:stream").Writable)({
    write(chunk: Buffer, _encoding: string, done: () => void) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  createPlugin(pluginClass as never, { stderr });
  return lines;
}

describe("decoration-time errors name Class.method and the decorator", () => {
  const proto = class Odd {}.prototype;
  const descriptor = () => ({ value: () => undefined, writable: true, configurable: true });

  it.each([
    ["@OnRequest", () => OnRequest("a..b")(proto, "m", descriptor()), "a..b"],
    ["@Get", () => Get("items")(proto, "m", descriptor()), '"items"'],
    ["@HttpRoute", () => HttpRoute("FETCH" as never, "/x")(proto, "m", descriptor()), '"FETCH"'],
    ["@AdminMethod", () => AdminMethod("a//b")(proto, "m", descriptor()), "a//b"],
    ["@AdminMethod", () => AdminMethod("")(proto, "m", descriptor()), "non-empty"],
    ["@AdminMethod", () => AdminMethod("a b")(proto, "m", descriptor()), "whitespace"],
    ["@AdminMethod", () => AdminMethod("x", { params: "Dto" as never })(proto, "m", descriptor()), '"Dto"'],
  ])("%s refuses a bad argument", (decorator, apply, value) => {
    const error = thrown(apply);
    expect(error).toBeInstanceOf(DecoratorError);
    expect(error.message).toContain("Odd.m");
    expect(error.message).toContain(decorator);
    expect(error.message).toContain(value);
  });

  it("refuses a method serving two kinds of request, and two pairing calls", () => {
    const mixed = thrown(() => {
      class Mixed {
        @Get("/a")
        @AdminMethod("a")
        both(): void {}
      }
      return Mixed;
    });
    expect(mixed).toBeInstanceOf(DecoratorError);
    expect(mixed.message).toMatch(/@Get on Mixed\.both: the method is already @AdminMethod\("a"\)/);
    const pairing = thrown(() => {
      class Pairs {
        @PairingNormalizeSender()
        @PairingSendReply()
        both(): void {}
      }
      return Pairs;
    });
    expect(pairing.message).toMatch(/@PairingNormalizeSender on Pairs\.both: the method is already @PairingSendReply\(\)/);
  });

  it("stacks routes of one kind on one method", async () => {
    @Plugin({ manifest: withSections(HTTP) })
    class Stacked extends NexoPlugin {
      @Get("/a")
      @Post("/b")
      both(request: HttpRequest) {
        return { status: 200, body: request.method };
      }
    }
    const host = startHost(Stacked, { manifest: withSections(HTTP) });
    expect((await host.http({ path: "/demo/a" })).text()).toBe("GET");
    expect((await host.http({ method: "POST", path: "/demo/b" })).text()).toBe("POST");
    await stopHost(host);
  });
});

describe("a decorator without its manifest section is an error naming the key and the method", () => {
  it.each([
    ["plugin.http", {}, () => {
      class NoHttp {
        @Get("/status")
        status() {
          return { status: 200 };
        }
      }
      return NoHttp;
    }, '@Get("/status") on NoHttp.status'],
    ["plugin.admin", {}, () => {
      class NoAdmin {
        @AdminMethod("reset")
        reset() {}
      }
      return NoAdmin;
    }, '@AdminMethod("reset") on NoAdmin.reset'],
    ["plugin.pairing.adapter", {}, () => {
      class NoAdapter {
        @PairingNormalizeSender()
        normalize() {
          return null;
        }
      }
      return NoAdapter;
    }, "@PairingNormalizeSender() on NoAdapter.normalize"],
    ["plugin.pairing.trigger", ADMIN, () => {
      class NoTrigger {
        @PairingStart()
        start() {}
      }
      return NoTrigger;
    }, "@PairingStart() on NoTrigger.start"],
    ["plugin.admin", { pairing: TRIGGER }, () => {
      class TriggerWithoutAdmin {
        @PairingCancel()
        cancel() {}
      }
      return TriggerWithoutAdmin;
    }, "@PairingCancel() on TriggerWithoutAdmin.cancel"],
  ])("%s", (field, sections, define, named) => {
    const pluginClass = define();
    Plugin({ manifest: withSections(sections) })(pluginClass);
    const error = thrown(() => createPlugin(pluginClass as never));
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).field).toBe(field);
    expect(error.message).toContain(named);
  });

  it("a trigger method outside [plugin.admin] method_prefix names plugin.pairing.trigger.start_method", () => {
    @Plugin({ manifest: withSections({ ...ADMIN, pairing: { ...TRIGGER, trigger: { ...TRIGGER.trigger, start_method: "nexo/admin/other/start" } } }) })
    class Outside {
      @PairingStart()
      start() {}
    }
    const error = thrown(() => createPlugin(Outside));
    expect((error as ManifestError).field).toBe("plugin.pairing.trigger.start_method");
    expect(error.message).toMatch(/"nexo\/admin\/other\/start" is not under \[plugin.admin\] method_prefix "nexo\/admin\/demo\/".*@PairingStart\(\) on Outside\.start/);
  });
});

describe("a request served twice is an error naming both methods", () => {
  it("two methods on one HTTP route", () => {
    @Plugin({ manifest: withSections(HTTP) })
    class Twice {
      @Get("/a")
      one() {}

      @Get("/a")
      two() {}
    }
    const error = thrown(() => createPlugin(Twice));
    expect(error).toBeInstanceOf(BootstrapError);
    expect(error.message).toContain('HTTP GET /a is served twice, by @Get("/a") on Twice.one and @Get("/a") on Twice.two');
  });

  it("two admin names on one topic, and an admin method on the trigger's method", () => {
    @Plugin({ manifest: withSections(ADMIN) })
    class SameTopic {
      @AdminMethod("items/list")
      one() {}

      @AdminMethod("items.list")
      two() {}
    }
    expect(thrown(() => createPlugin(SameTopic)).message).toMatch(/admin method nexo\/admin\/demo\/items.list is served twice, by @AdminMethod\("items\/list"\) on SameTopic\.one/);

    @Plugin({ manifest: withSections({ ...ADMIN, pairing: TRIGGER }) })
    class OnTrigger {
      @AdminMethod("pair/start")
      one() {}

      @PairingStart()
      two() {}
    }
    expect(thrown(() => createPlugin(OnTrigger)).message).toMatch(/is served twice, by @AdminMethod\("pair\/start"\) on OnTrigger\.one and @PairingStart\(\) on OnTrigger\.two/);
  });

  it("an invalid route path names the method and the path", () => {
    @Plugin({ manifest: withSections(HTTP) })
    class BadPath {
      @Get("/items/:")
      item() {}
    }
    const error = thrown(() => createPlugin(BadPath));
    expect(error).toBeInstanceOf(HttpRouteError);
    expect(error.message).toMatch(/@Get\("\/items\/:"\) on BadPath\.item: the path "\/items\/:" is not a valid route path/);
  });
});

describe("warnings", () => {
  it("for each section no method serves", () => {
    @Plugin({ manifest: withSections({ ...HTTP, ...ADMIN, pairing: { ...PAIRING_ADAPTER.pairing, trigger: TRIGGER.trigger } }) })
    class Idle {
      @PairingSendReply()
      send() {}

      @OnRequest("demo.rpc.x")
      rpc() {}
    }
    const lines = startupLines(Idle).join("\n");
    expect(lines).toMatch(/\[plugin\.http\] mount_prefix = "\/demo" is set, but no @Get, @Post, @Put, @Patch, @Delete or @HttpRoute method serves it/);
    expect(lines).toMatch(/\[plugin\.admin\] method_prefix = "nexo\/admin\/demo\/" is set, but no @AdminMethod method serves it/);
    expect(lines).toMatch(/no @PairingNormalizeSender\(\) method answers demo\.pairing\.normalize_sender/);
    expect(lines).toMatch(/no @PairingSendQrImage\(\) method answers demo\.pairing\.send_qr_image/);
    expect(lines).not.toMatch(/no @PairingSendReply/);
    expect(lines).toMatch(/\[plugin\.pairing\.trigger\] start_method = "nexo\/admin\/demo\/pair\/start" is set, but no @PairingStart\(\) method serves it/);
  });

  it("for service topics the subscriptions miss and replies the publish allowlist drops, saying what to add", () => {
    @Plugin({ manifest: manifest([], { ...HTTP, ...ADMIN }) })
    class Uncovered {
      @Get("/status")
      status() {
        return { status: 200 };
      }

      @AdminMethod("reset")
      reset() {}
    }
    const lines = startupLines(Uncovered).join("\n");
    expect(lines).toMatch(/HTTP routes \(@Get\("\/status"\) on Uncovered\.status\) serves plugin\.demo\.http\.request, .*add "plugin\.demo\.http\.request" to \[plugin\.capabilities\.broker\]\.subscribe/);
    expect(lines).toMatch(/@AdminMethod\("reset"\) on Uncovered\.reset serves demo\.admin\.reset, .*add "demo\.admin\.reset" to \[plugin\.capabilities\.broker\]\.subscribe/);
    expect(lines).toMatch(/the daemon drops every reply and the request times out: add "_inbox\.>" to \[plugin\.capabilities\.broker\]\.publish/);
  });

  it("none when the manifest covers everything", () => {
    @Plugin({ manifest: withSections({ ...HTTP, ...ADMIN }) })
    class Covered {
      @Get("/status")
      status() {
        return { status: 200 };
      }

      @AdminMethod("reset")
      reset() {}
    }
    expect(startupLines(Covered)).toEqual([]);
  });
});

describe("in-process services", () => {
  class Limit {
    @IsInt()
    n!: number;
  }

  @Plugin({ manifest: withSections({ ...HTTP, ...ADMIN, metrics: { prometheus: true, broker_topic_prefix: "demo" } }) })
  class Served extends NexoPlugin {
    @Get("/items/:id")
    item(request: HttpRequest) {
      return { status: 200, body: { id: request.params["id"] } };
    }

    @AdminMethod("limit", { params: Limit })
    limit(params: Limit) {
      return { n: params.n, isDto: params instanceof Limit };
    }

    @OnRequest("demo.rpc.*")
    rpc(payload: unknown) {
      return { echo: payload, channel: this.pairing.channel };
    }
  }

  it("serve HTTP, admin, @OnRequest and metrics through PluginTestHost", async () => {
    const host = startHost(Served, { manifest: withSections({ ...HTTP, ...ADMIN, metrics: { prometheus: true, broker_topic_prefix: "demo" } }) });
    expect((await host.http({ path: "/demo/items/7" })).json()).toEqual({ id: "7" });
    expect(await host.admin("limit", { n: 3 })).toEqual({ ok: true, result: { n: 3, isDto: true } });
    expect(await host.admin("limit", { n: "x" })).toMatchObject({ ok: false, error: expect.stringContaining("n: ") });
    expect(await host.request("demo.rpc.go", { a: 1 })).toEqual({ echo: { a: 1 }, channel: "demo" });
    expect(await host.scrapeMetrics()).toMatch(/nexo_plugin_handler_duration_seconds_count\{handler="Served\.item"\} 1/);
    expect(host.instance.metrics).toBe(host.instance.metrics);
    await stopHost(host);
  });

  it("this.metrics says how to switch metrics on when they are off", async () => {
    @Plugin({ manifest: manifest() })
    class Off extends NexoPlugin {
      @OnRequest("demo.x")
      x() {
        return null;
      }
    }
    const host = startHost(Off);
    expect(() => host.instance.metrics).toThrow(/metrics are off: set prometheus = true and broker_topic_prefix in \[plugin\.metrics\]/);
    await stopHost(host);
  });

  it("a subclass inherits service methods, and an override without a decorator removes one", async () => {
    @Plugin({ manifest: withSections(HTTP) })
    class Base extends NexoPlugin {
      @Get("/a")
      a() {
        return { status: 200, body: "a" };
      }

      @Get("/b")
      b() {
        return { status: 200, body: "b" };
      }
    }
    class Child extends Base {
      override b() {
        return { status: 200, body: "overridden" };
      }
    }
    const host = startHost(Child, { manifest: withSections(HTTP) });
    expect((await host.http({ path: "/demo/a" })).text()).toBe("a");
    expect((await host.http({ path: "/demo/b" })).status).toBe(404);
    await stopHost(host);
  });
});
