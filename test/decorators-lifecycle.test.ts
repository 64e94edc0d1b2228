/**
 * `@OnShutdown` and `@OnInitialize` hooks: order, isolation, and where they fall relative to the
 * frames of the handshake and the shutdown ack (CONTRACT.md section 3).
 */
import { NexoPlugin, OnEvent, OnInitialize, OnShutdown, Plugin, type JsonObject } from "../src";
import type { WireFrame } from "../src/testing";
import { deferred, delay, isPublish, startHost, stderrWith, stopHost, stopHosts } from "./fixtures/decorators/helpers";

afterEach(stopHosts);

const INBOUND = "plugin.inbound.demo";

function isAck(frame: WireFrame): boolean {
  const result = frame["result"] as JsonObject | undefined;
  return typeof result === "object" && result !== null && result["ok"] === true;
}

describe("@OnShutdown", () => {
  const order: string[] = [];
  beforeEach(() => (order.length = 0));

  @Plugin()
  class ClosingBase extends NexoPlugin {
    @OnShutdown()
    baseClose(): void {
      order.push("baseClose");
      this.log.info("baseClose ran");
    }
  }

  @Plugin()
  class Closing extends ClosingBase {
    @OnShutdown()
    async first(): Promise<void> {
      await delay(5);
      order.push("first");
      this.log.info("first ran");
    }

    @OnEvent("slow")
    async slow(): Promise<void> {
      await delay(40);
      await this.publish(INBOUND, { slow: "done" });
      order.push("slow handler");
    }

    @OnShutdown()
    failing(): void {
      order.push("failing");
      throw new Error("hook broke");
    }

    @OnShutdown()
    rejecting(): Promise<void> {
      order.push("rejecting");
      // A non-Error has no stack to name the method: the log line must name it.
      return Promise.reject("hook rejected");
    }

    @OnShutdown()
    last(): void {
      order.push("last");
      this.log.info("last ran");
    }
  }

  it("drains in-flight handlers, then runs the hooks in declaration order (base first), then acks", async () => {
    const host = startHost(Closing);
    await host.initialize();
    // The shutdown request follows the event on stdin: the handler is in flight when it arrives.
    host.event("slow", null);

    let stderrAtAck: string[] | undefined;
    const ack = host.peer.waitForFrame((frame) => {
      if (!isAck(frame)) return false;
      stderrAtAck = [...host.stderr];
      return true;
    });
    await stopHost(host);
    await ack;

    expect(order).toEqual(["slow handler", "baseClose", "first", "failing", "rejecting", "last"]);

    // Frame order: the slow handler's publish is written before the ack, and the ack is last.
    const frames = host.peer.frames;
    const publishAt = frames.findIndex(isPublish);
    const ackAt = frames.findIndex(isAck);
    expect(publishAt).toBeGreaterThan(-1);
    expect(publishAt).toBeLessThan(ackAt);
    expect(ackAt).toBe(frames.length - 1);
    expect(frames[ackAt]).toEqual({ jsonrpc: "2.0", id: expect.any(Number), result: { ok: true } });

    // Every hook's stderr line, and both failures, were out before the ack.
    expect(stderrAtAck).toEqual([
      "[demo] info: baseClose ran",
      "[demo] info: first ran",
      expect.stringMatching(/Closing\.failing.*hook broke/),
      expect.stringMatching(/Closing\.rejecting.*hook rejected/),
      "[demo] info: last ran",
    ]);
    expect(host.stderr).toEqual(stderrAtAck);
  });

  it("runs the hooks on stdin EOF as well", async () => {
    const host = startHost(Closing);
    await host.initialize();
    await expect(host.close()).resolves.toBe(0);
    expect(order).toEqual(["baseClose", "first", "failing", "rejecting", "last"]);
    expect(host.peer.frames.filter(isAck)).toEqual([]);
  });
});

describe("@OnInitialize", () => {
  it("runs after the initialize reply is written, with the initialize params, in declaration order", async () => {
    const received: Array<[string, JsonObject]> = [];

    @Plugin()
    class InitBase extends NexoPlugin {
      @OnInitialize()
      baseReady(params: JsonObject): void {
        received.push(["baseReady", params]);
      }
    }
    @Plugin()
    class Initializing extends InitBase {
      @OnInitialize()
      ready(params: JsonObject): void {
        received.push(["ready", params]);
        void this.publish(INBOUND, { ready: params["nexo_version"] ?? null });
      }
    }

    const host = startHost(Initializing);
    const init = await host.initialize({ nexo_version: "0.9.1", extra: true });
    expect(init["server_version"]).toBe("demo-1.2.3");
    await host.waitForPublish(INBOUND);

    expect(received).toEqual([
      ["baseReady", { nexo_version: "0.9.1", extra: true }],
      ["ready", { nexo_version: "0.9.1", extra: true }],
    ]);
    const frames = host.peer.frames;
    expect(frames.findIndex((f) => f["result"] !== undefined)).toBe(0);
    expect(frames.findIndex(isPublish)).toBe(1);
    expect(frames[1]!["params"]).toMatchObject({ event: { payload: { ready: "0.9.1" } } });
    await stopHost(host);
  });

  it("receives {} when initialize has no params", async () => {
    const received: JsonObject[] = [];

    @Plugin()
    class NoParams {
      @OnInitialize()
      ready(params: JsonObject): void {
        received.push(params);
      }
    }

    const host = startHost(NoParams);
    const reply = await host.peer.request("initialize");
    expect(reply.result).toBeDefined();
    await host.idle();
    expect(received).toEqual([{}]);
    await stopHost(host);
  });

  it("does not delay the initialize reply, even when the hook never resolves", async () => {
    const gate = deferred();
    let started = 0;

    @Plugin()
    class Stuck {
      @OnInitialize()
      async hang(): Promise<void> {
        started++;
        await gate.promise;
      }
    }

    const host = startHost(Stuck);
    const init = await host.initialize();
    expect(init["manifest"]).toMatchObject({ plugin: { id: "demo" } });
    expect(started).toBe(1);
    // Tool calls and events are still served while the hook hangs.
    expect((await host.peer.request("no.such.method")).error?.code).toBe(-32601);
    gate.resolve();
    await stopHost(host);
  });

  it("logs a failing hook and keeps serving", async () => {
    @Plugin()
    class BadInit {
      @OnInitialize()
      explode(): void {
        throw new Error("init exploded");
      }

      @OnInitialize()
      async rejectLater(): Promise<void> {
        await delay(1);
        throw new Error("init rejected");
      }

      @OnEvent("ping")
      ping(): void {}
    }

    const host = startHost(BadInit);
    await host.initialize();
    await host.idle();
    expect(stderrWith(host, "BadInit.explode", "init exploded")).toHaveLength(1);
    expect(stderrWith(host, "BadInit.rejectLater", "init rejected")).toHaveLength(1);
    expect(host.stderr).toHaveLength(2);
    await stopHost(host);
  });
});
