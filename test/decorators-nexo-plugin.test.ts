/**
 * The `NexoPlugin` base class: `this.publish` (envelope, session propagation), `this.broker`,
 * `this.manifest`, `this.pluginId`, `this.log`, its use outside `bootstrap()`, and the publish
 * allowlist warning.
 */
import { BootstrapError, NexoPlugin, OnEvent, Plugin, Tool, type Event, type JsonObject, type ToolContext } from "../src";
import { deferred, manifest, publishedEvents, startHost, stderrWith, stopHost, stopHosts } from "./fixtures/decorators/helpers";

afterEach(stopHosts);

const INBOUND = "plugin.inbound.demo";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SESSION_A = "11111111-1111-4111-8111-111111111111";
const SESSION_B = "22222222-2222-4222-8222-222222222222";

describe("this.publish", () => {
  it("publishes the full six-key envelope with the plugin id as source", async () => {
    @Plugin()
    class Full extends NexoPlugin {
      @OnEvent("go")
      async go(): Promise<void> {
        await this.publish(INBOUND, { n: 1 });
      }
    }

    const host = startHost(Full);
    const before = Date.now();
    host.event("go", null);
    const params = await host.waitForPublish(INBOUND);
    const frame = host.peer.frames.find((f) => f["method"] === "broker.publish")!;

    expect(Object.keys(frame).sort()).toEqual(["jsonrpc", "method", "params"]);
    expect(Object.keys(params).sort()).toEqual(["event", "topic"]);
    expect(params["topic"]).toBe(INBOUND);
    const event = params["event"] as JsonObject;
    expect(Object.keys(event).sort()).toEqual(["id", "payload", "session_id", "source", "timestamp", "topic"]);
    expect(event).toEqual({
      id: expect.stringMatching(UUID_V4),
      timestamp: expect.any(String),
      topic: INBOUND,
      source: "demo",
      session_id: null,
      payload: { n: 1 },
    });
    const timestamp = event["timestamp"] as string;
    expect(new Date(timestamp).toISOString()).toBe(timestamp);
    expect(Date.parse(timestamp)).toBeGreaterThanOrEqual(before - 1);
    await stopHost(host);
  });

  it("gives every published event its own id", async () => {
    @Plugin()
    class Many extends NexoPlugin {
      @OnEvent("go")
      async go(): Promise<void> {
        for (let i = 0; i < 5; i++) await this.publish(INBOUND, i);
      }
    }
    const host = startHost(Many);
    host.event("go", null);
    await host.idle();
    const ids = publishedEvents(host).map((e) => e["id"]);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    await stopHost(host);
  });

  it("publishes the minimal envelope with @Plugin({ envelope: 'minimal' })", async () => {
    @Plugin({ envelope: "minimal" })
    class Minimal extends NexoPlugin {
      @OnEvent("go")
      async go(): Promise<void> {
        await this.publish(INBOUND, { n: 2 });
      }
    }

    const host = startHost(Minimal);
    host.event("go", null, { sessionId: SESSION_A });
    const params = await host.waitForPublish(INBOUND);
    expect(params).toEqual({ topic: INBOUND, event: { topic: INBOUND, source: "demo", payload: { n: 2 } } });
    await stopHost(host);
  });
});

describe("session_id propagation", () => {
  it("carries the handled event's session_id, also after awaits and in timer callbacks", async () => {
    @Plugin()
    class Sessions extends NexoPlugin {
      @OnEvent("go")
      async go(event: Event): Promise<void> {
        await this.publish(INBOUND, { step: "sync" });
        await Promise.resolve();
        await new Promise((resolve) => setImmediate(resolve));
        await this.publish(INBOUND, { step: "after awaits" });
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            void this.publish(INBOUND, { step: "in a timer" }).then(resolve);
          }, 1),
        );
        expect(this.broker.sessionId).toBe(event.sessionId);
      }
    }

    const host = startHost(Sessions);
    host.event("go", null, { sessionId: SESSION_A });
    await host.idle();
    expect(publishedEvents(host).map((e) => [e["payload"], e["session_id"]])).toEqual([
      [{ step: "sync" }, SESSION_A],
      [{ step: "after awaits" }, SESSION_A],
      [{ step: "in a timer" }, SESSION_A],
    ]);
    expect(host.stderr).toEqual([]);
    await stopHost(host);
  });

  it("keeps two concurrent events of different sessions apart while they interleave", async () => {
    // Gates force the interleaving A0, B0, A1, B1, A2, B2 regardless of timing.
    const gates = { a1: deferred(), b1: deferred(), a2: deferred(), b2: deferred() };

    @Plugin()
    class Interleaved extends NexoPlugin {
      @OnEvent("session.a")
      async a(): Promise<void> {
        await this.publish(INBOUND, "A0");
        await gates.a1.promise;
        await this.publish(INBOUND, "A1");
        gates.b1.resolve();
        await gates.a2.promise;
        await this.publish(INBOUND, "A2");
        gates.b2.resolve();
      }

      @OnEvent("session.b")
      async b(): Promise<void> {
        await this.publish(INBOUND, "B0");
        gates.a1.resolve();
        await gates.b1.promise;
        await this.publish(INBOUND, "B1");
        gates.a2.resolve();
        await gates.b2.promise;
        await this.publish(INBOUND, "B2");
      }
    }

    const host = startHost(Interleaved);
    host.event("session.a", null, { sessionId: SESSION_A });
    host.event("session.b", null, { sessionId: SESSION_B });
    await host.waitForPublish((p) => (p["event"] as JsonObject)["payload"] === "B2");
    await host.idle();

    expect(publishedEvents(host).map((e) => [e["payload"], e["session_id"]])).toEqual([
      ["A0", SESSION_A],
      ["B0", SESSION_B],
      ["A1", SESSION_A],
      ["B1", SESSION_B],
      ["A2", SESSION_A],
      ["B2", SESSION_B],
    ]);
    await stopHost(host);
  });

  it("uses session_id null outside an event handler, even while one is in flight", async () => {
    const gate = deferred();

    @Plugin()
    class Mixed extends NexoPlugin {
      @OnEvent("hold")
      async hold(): Promise<void> {
        await gate.promise;
        await this.publish(INBOUND, "from event");
      }

      @Tool({ name: "demo_emit", description: "Publishes" })
      async emit(_args: unknown, ctx: ToolContext): Promise<string> {
        await this.publish(INBOUND, "from tool");
        await ctx.broker.publish(INBOUND, "from tool ctx");
        return "ok";
      }
    }

    const host = startHost(Mixed, { manifest: manifest(["demo_emit"]) });
    host.event("hold", null, { sessionId: SESSION_A });
    expect((await host.invokeTool("demo_emit", {})).result).toBe("ok");
    gate.resolve();
    await host.idle();

    expect(publishedEvents(host).map((e) => [e["payload"], e["session_id"]])).toEqual([
      ["from tool", null],
      ["from tool ctx", null],
      ["from event", SESSION_A],
    ]);
    await stopHost(host);
  });

  it("lets a publish option override the session", async () => {
    @Plugin()
    class Override extends NexoPlugin {
      @OnEvent("go")
      async go(): Promise<void> {
        await this.publish(INBOUND, 1, { sessionId: null });
        await this.publish(INBOUND, 2, { sessionId: SESSION_B });
      }
    }
    const host = startHost(Override);
    host.event("go", null, { sessionId: SESSION_A });
    await host.idle();
    expect(publishedEvents(host).map((e) => e["session_id"])).toEqual([null, SESSION_B]);
    await stopHost(host);
  });
});

describe("members", () => {
  it("exposes this.manifest, this.pluginId and this.log, from the constructor on", async () => {
    const seenInConstructor: unknown[] = [];

    @Plugin()
    class Members extends NexoPlugin {
      readonly version: string;

      constructor() {
        super();
        this.version = this.manifest.plugin.version;
        seenInConstructor.push(this.pluginId, this.broker.sessionId);
        this.log.debug("constructed");
      }

      @OnEvent("go")
      go(): void {
        this.log.info("handling", { id: this.pluginId, version: this.version });
        this.log.warn("two\nlines");
      }
    }

    const host = startHost(Members);
    expect(host.instance.manifest).toEqual(manifest());
    expect(host.instance.version).toBe("1.2.3");
    expect(seenInConstructor).toEqual(["demo", null]);
    host.event("go", null);
    await host.idle();
    expect(host.stderr).toEqual([
      "[demo] debug: constructed",
      '[demo] info: handling {"id":"demo","version":"1.2.3"}',
      "[demo] warn: two\\nlines",
    ]);
    await stopHost(host);
  });

  it("calls memory.recall through this.broker inside a tool", async () => {
    @Plugin()
    class Recall extends NexoPlugin {
      @Tool({ name: "demo_recall", description: "Recalls" })
      async recall(args: { query: string }, ctx: ToolContext): Promise<unknown> {
        const entries = await this.broker.memoryRecall(ctx.agentId ?? "nobody", args.query, { limit: 2 });
        return entries.map((e) => e.content);
      }
    }

    const host = startHost(Recall, {
      manifest: manifest(["demo_recall"]),
      memory: [{ content: "cats purr" }, { content: "dogs bark" }, { content: "cats sleep" }, { content: "cats hunt" }],
    });
    const reply = await host.invokeTool("demo_recall", { query: "cats" }, { agentId: "agent-7" });
    expect(reply).toEqual({ jsonrpc: "2.0", id: expect.any(Number), result: ["cats purr", "cats sleep"] });
    const call = host.peer.frames.find((f) => f["method"] === "memory.recall")!;
    expect(call).toEqual({
      jsonrpc: "2.0",
      id: 1,
      method: "memory.recall",
      params: { agent_id: "agent-7", query: "cats", limit: 2 },
    });
    await stopHost(host);
  });

  it("throws BootstrapError from every member of an instance not created by bootstrap()", () => {
    @Plugin()
    class Loose extends NexoPlugin {
      @OnEvent("x")
      x(): void {}
    }
    const loose = new Loose();
    const reads: Array<[string, () => unknown]> = [
      ["manifest", () => loose.manifest],
      ["pluginId", () => loose.pluginId],
      ["log", () => loose.log],
      ["broker", () => loose.broker],
      ["publish", () => loose.publish(INBOUND, null)],
    ];
    for (const [member, read] of reads) {
      let error: unknown;
      try {
        read();
      } catch (e) {
        error = e;
      }
      expect([member, error]).toEqual([member, expect.any(BootstrapError)]);
      expect((error as Error).message).toContain("Loose");
      expect((error as Error).message).toContain("bootstrap()");
    }
  });

  it("binds each bootstrapped instance to its own runtime", async () => {
    @Plugin()
    class Twice extends NexoPlugin {
      @OnEvent("x")
      x(): void {}
    }
    const one = startHost(Twice);
    const two = startHost(Twice, { manifest: { plugin: { id: "other", version: "2.0.0" } } as never });
    expect(one.instance.pluginId).toBe("demo");
    expect(two.instance.pluginId).toBe("other");
    // A plain instance created afterwards is still not bound.
    expect(() => new Twice().pluginId).toThrow(BootstrapError);
    await stopHost(one);
    await stopHost(two);
  });
});

describe("publish allowlist", () => {
  it("warns once per topic outside plugin.inbound.<kind>[.>] and still sends every frame", async () => {
    @Plugin()
    class Chatty extends NexoPlugin {
      @OnEvent("go")
      async go(): Promise<void> {
        await this.publish("plugin.inbound.demo", 1);
        await this.publish("plugin.inbound.demo.team.a", 2);
        await this.publish("plugin.outbound.demo", 3);
        await this.publish("plugin.outbound.demo", 4);
        await this.publish("agent.events.x", 5);
        await this.publish("plugin.inbound.demox", 6);
      }
    }

    const host = startHost(Chatty);
    host.event("go", null);
    await host.idle();

    expect(host.peer.published.map((p) => p["topic"])).toEqual([
      "plugin.inbound.demo",
      "plugin.inbound.demo.team.a",
      "plugin.outbound.demo",
      "plugin.outbound.demo",
      "agent.events.x",
      "plugin.inbound.demox",
    ]);
    expect(host.stderr).toHaveLength(3);
    expect(stderrWith(host, '"plugin.outbound.demo"')).toHaveLength(1);
    expect(stderrWith(host, '"agent.events.x"')).toHaveLength(1);
    expect(stderrWith(host, '"plugin.inbound.demox"')).toHaveLength(1);
    await stopHost(host);
  });

  it("warns for every topic when the manifest registers no channel", async () => {
    @Plugin()
    class Channelless extends NexoPlugin {
      @OnEvent("go")
      async go(): Promise<void> {
        await this.publish("plugin.inbound.demo", 1);
      }
    }
    const host = startHost(Channelless, { manifest: { plugin: { id: "demo", version: "1.0.0" } } as never });
    host.event("go", null);
    await host.idle();
    expect(host.peer.published).toHaveLength(1);
    expect(stderrWith(host, '"plugin.inbound.demo"')).toHaveLength(1);
    await stopHost(host);
  });
});
