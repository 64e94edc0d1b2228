/**
 * `@OnEvent` routing through a decorated plugin run by `PluginTestHost`: fan-out in declaration
 * order, wildcard edge cases, stacked patterns, the event context, unmatched events, isolated
 * failures, and every case of the daemon's topic vectors (CONTRACT.md section 4).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DecoratorError, Event, NexoPlugin, OnEvent, Plugin, type EventContext } from "../src";
import { delay, publishedPayloads, startHost, stderrWith, stopHost, stopHosts } from "./fixtures/decorators/helpers";

afterEach(stopHosts);

const INBOUND = "plugin.inbound.demo";

describe("fan-out", () => {
  it("runs every method matching a topic, in declaration order, whatever their pattern kind", async () => {
    @Plugin()
    class FanOut extends NexoPlugin {
      calls: string[] = [];

      @OnEvent("orders.>")
      zeta(): void {
        this.calls.push("zeta");
        void this.publish(INBOUND, { by: "zeta" });
      }

      @OnEvent("orders.created")
      alpha(): void {
        this.calls.push("alpha");
        void this.publish(INBOUND, { by: "alpha" });
      }

      @OnEvent("orders.other")
      unrelated(): void {
        this.calls.push("unrelated");
      }

      @OnEvent("*.created")
      mid(): void {
        this.calls.push("mid");
        void this.publish(INBOUND, { by: "mid" });
      }

      @OnEvent("orders.created")
      omega(): void {
        this.calls.push("omega");
        void this.publish(INBOUND, { by: "omega" });
      }
    }

    const host = startHost(FanOut);
    await host.initialize();
    host.event("orders.created", { n: 1 });
    await host.idle();

    expect(host.instance.calls).toEqual(["zeta", "alpha", "mid", "omega"]);
    expect(publishedPayloads(host)).toEqual([{ by: "zeta" }, { by: "alpha" }, { by: "mid" }, { by: "omega" }]);
    expect(host.stderr).toEqual([]);
    await stopHost(host);
  });

  it("applies the '*' and '>' edge cases: 'a.>' is not 'a', '>' is everything, '*' is one segment", async () => {
    @Plugin()
    class Edges extends NexoPlugin {
      seen: Record<string, string[]> = { tail: [], all: [], star: [] };

      @OnEvent("a.>")
      tail(event: Event): void {
        this.seen["tail"]!.push(event.topic);
      }

      @OnEvent(">")
      all(event: Event): void {
        this.seen["all"]!.push(event.topic);
      }

      @OnEvent("a.*")
      star(event: Event): void {
        this.seen["star"]!.push(event.topic);
      }
    }

    const host = startHost(Edges);
    for (const topic of ["a", "a.b", "a.b.c", "b", "x.y.z.w"]) host.event(topic, null);
    await host.idle();

    expect(host.instance.seen).toEqual({
      tail: ["a.b", "a.b.c"],
      all: ["a", "a.b", "a.b.c", "b", "x.y.z.w"],
      star: ["a.b"],
    });
    // Every topic matched '>', so nothing was reported as unmatched.
    expect(host.stderr).toEqual([]);
    await stopHost(host);
  });

  it("adds stacked patterns up and runs a method once when two of its patterns match", async () => {
    @Plugin()
    class Stacked extends NexoPlugin {
      runs: Array<{ topic: string; pattern: string }> = [];

      @OnEvent("chat.>")
      @OnEvent("chat.*")
      @OnEvent("mail.inbox")
      route(event: Event, ctx: EventContext): void {
        this.runs.push({ topic: event.topic, pattern: ctx.pattern });
      }
    }

    const host = startHost(Stacked);
    host.event("chat.room", 1); // both chat.> and chat.* match
    host.event("chat.room.thread", 2); // only chat.>
    host.event("mail.inbox", 3); // only the literal
    host.event("mail.outbox", 4); // none
    await host.idle();

    expect(host.instance.runs).toEqual([
      // The first of the method's matching patterns in source order (top decorator first).
      { topic: "chat.room", pattern: "chat.>" },
      { topic: "chat.room.thread", pattern: "chat.>" },
      { topic: "mail.inbox", pattern: "mail.inbox" },
    ]);
    expect(host.stderr).toEqual([expect.stringContaining("mail.outbox")]);
    await stopHost(host);
  });

  it("passes the event, the matched pattern, its captures and the plugin id in the context", async () => {
    const contexts: Array<{ sameEvent: boolean; pattern: string; captures: readonly string[]; pluginId: string }> = [];

    @Plugin()
    class Captures extends NexoPlugin {
      @OnEvent("plugin.outbound.*.typing.>")
      typing(event: Event, ctx: EventContext): void {
        contexts.push({ sameEvent: ctx.event === event, pattern: ctx.pattern, captures: ctx.captures, pluginId: ctx.pluginId });
      }

      @OnEvent("*.b.*")
      stars(event: Event, ctx: EventContext): void {
        contexts.push({ sameEvent: ctx.event === event, pattern: ctx.pattern, captures: ctx.captures, pluginId: ctx.pluginId });
      }

      @OnEvent("lit.eral")
      literal(event: Event, ctx: EventContext): void {
        contexts.push({ sameEvent: ctx.event === event, pattern: ctx.pattern, captures: ctx.captures, pluginId: ctx.pluginId });
      }
    }

    const host = startHost(Captures);
    host.event("plugin.outbound.slack.typing.team_a.thread_42", {});
    host.event("x.b.y", {});
    host.event("lit.eral", {});
    await host.idle();

    expect(contexts).toEqual([
      { sameEvent: true, pattern: "plugin.outbound.*.typing.>", captures: ["slack", "team_a.thread_42"], pluginId: "demo" },
      { sameEvent: true, pattern: "*.b.*", captures: ["x", "y"], pluginId: "demo" },
      { sameEvent: true, pattern: "lit.eral", captures: [], pluginId: "demo" },
    ]);
    await stopHost(host);
  });

  it("publishes through ctx.publish with the plugin id as source", async () => {
    @Plugin()
    class CtxPublish {
      @OnEvent("in.x")
      async relay(event: Event, ctx: EventContext): Promise<void> {
        await ctx.publish(INBOUND, { echoed: event.payload });
      }
    }

    const host = startHost(CtxPublish);
    host.event("in.x", "hello", { sessionId: "7c9e6679-7425-40de-944b-e07fc1f90ae7" });
    const params = await host.waitForPublish(INBOUND);
    expect(params["event"]).toMatchObject({
      source: "demo",
      session_id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      payload: { echoed: "hello" },
    });
    await stopHost(host);
  });
});

describe("unmatched and failing handlers", () => {
  it("writes exactly one stderr line naming the topic of an event no pattern matches", async () => {
    @Plugin()
    class Narrow extends NexoPlugin {
      ran = 0;

      @OnEvent("only.this")
      only(): void {
        this.ran++;
      }
    }

    const host = startHost(Narrow);
    await host.initialize();
    const framesBefore = host.peer.frames.length;
    host.event("only.that", { x: 1 });
    await host.idle();

    expect(host.instance.ran).toBe(0);
    expect(host.stderr).toHaveLength(1);
    expect(host.stderr[0]).toContain("only.that");
    expect(host.peer.frames.length).toBe(framesBefore);
    await stopHost(host);
  });

  it("keeps running the other handlers when one throws synchronously or rejects, and logs each with Class.method and topic", async () => {
    @Plugin()
    class Fragile extends NexoPlugin {
      ran: string[] = [];

      @OnEvent("job.run")
      syncThrower(): void {
        this.ran.push("syncThrower");
        throw new Error("sync boom");
      }

      @OnEvent("job.*")
      async asyncThrower(): Promise<void> {
        this.ran.push("asyncThrower");
        await delay(1);
        throw new Error("async boom");
      }

      @OnEvent("job.>")
      async survivor(): Promise<void> {
        await delay(2);
        this.ran.push("survivor");
        await this.publish(INBOUND, { survived: true });
      }
    }

    const host = startHost(Fragile);
    host.event("job.run", {});
    await host.waitForPublish(INBOUND);
    await host.idle();

    expect(host.instance.ran).toEqual(["syncThrower", "asyncThrower", "survivor"]);
    expect(publishedPayloads(host)).toEqual([{ survived: true }]);
    expect(stderrWith(host, "Fragile.syncThrower", "job.run", "sync boom")).toHaveLength(1);
    expect(stderrWith(host, "Fragile.asyncThrower", "job.run", "async boom")).toHaveLength(1);
    expect(host.stderr).toHaveLength(2);

    // The plugin keeps serving events afterwards.
    host.event("job.again", {});
    await host.idle();
    expect(host.instance.ran.slice(3)).toEqual(["asyncThrower", "survivor"]);
    await stopHost(host);
  });

  it("logs a thrown non-Error value as well", async () => {
    @Plugin()
    class Weird {
      @OnEvent("w")
      odd(): never {
        throw { reason: "not an error" };
      }
    }

    const host = startHost(Weird);
    host.event("w", null);
    await host.idle();
    expect(host.stderr).toEqual([expect.stringContaining("Weird.odd")]);
    expect(host.stderr[0]).toContain("not an error");
    await stopHost(host);
  });
});

interface TopicVector {
  pattern: string;
  topic: string;
  match: boolean;
}

const VECTORS = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "shared", "spec", "topic-vectors.json"), "utf8")) as {
  cases: TopicVector[];
  rejected_patterns: string[];
};

describe("topic vectors through a decorated plugin", () => {
  it("has cases to run", () => {
    expect(VECTORS.cases.length).toBeGreaterThan(40);
  });

  it("runs each vector's handler exactly when the daemon says the pattern matches the topic", async () => {
    // One method per vector, decorated by hand since the list is data.
    class Vectors {
      ran: Array<{ method: number; event: number }> = [];
    }
    const rejected: number[] = [];
    VECTORS.cases.forEach((vector, index) => {
      const key = `vector${index}`;
      const descriptor: PropertyDescriptor = {
        value(this: Vectors, event: Event<{ n: number }>) {
          this.ran.push({ method: index, event: event.payload.n });
        },
        writable: true,
        configurable: true,
      };
      try {
        OnEvent(vector.pattern)(Vectors.prototype, key, descriptor);
      } catch (error) {
        // A pattern with an empty segment never matches for the daemon; the SDK refuses it.
        expect(error).toBeInstanceOf(DecoratorError);
        expect(vector.match).toBe(false);
        rejected.push(index);
        return;
      }
      Object.defineProperty(Vectors.prototype, key, descriptor);
    });
    Plugin()(Vectors);
    expect(rejected.map((i) => VECTORS.cases[i]!.pattern)).toEqual(["a..b"]);

    const host = startHost(Vectors);
    VECTORS.cases.forEach((vector, index) => host.event(vector.topic, { n: index }));
    await host.idle();

    const wrong: string[] = [];
    VECTORS.cases.forEach((vector, index) => {
      if (rejected.includes(index)) return;
      const ran = host.instance.ran.some((r) => r.method === index && r.event === index);
      if (ran !== vector.match) wrong.push(`${JSON.stringify(vector.pattern)} on ${JSON.stringify(vector.topic)}: ran=${ran}`);
    });
    expect(wrong).toEqual([]);
    await stopHost(host);
  });

  it.each(VECTORS.rejected_patterns)("refuses the pattern %j at decoration time", (pattern) => {
    expect(() => {
      class Rejects {
        @OnEvent(pattern)
        handle(): void {}
      }
      return Rejects;
    }).toThrow(DecoratorError);
  });
});
