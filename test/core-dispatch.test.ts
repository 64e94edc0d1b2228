/**
 * CONTRACT.md section 2 (classification, exact key sets) and section 4 (broker.event dispatch),
 * over a real child process.
 */
import { INBOUND_TOPIC, OUTBOUND_TOPIC, startReady } from "./support/fixture";
import { frameProblem, type Frame, type WireHost } from "./support/wire-host";

/** Published events whose payload has `key` equal to `value`. */
function publishesWith(host: WireHost, key: string, value: unknown): Frame[] {
  return host.notifications("broker.publish").filter((f) => {
    const payload = ((f["params"] as Frame)["event"] as Frame)["payload"] as Frame | null;
    return payload !== null && typeof payload === "object" && payload[key] === value;
  });
}

function publishWith(key: string, value: unknown): (frame: Frame) => boolean {
  return (f) => {
    if (f["method"] !== "broker.publish") return false;
    const payload = ((f["params"] as Frame)["event"] as Frame)["payload"] as Frame | null;
    return payload !== null && typeof payload === "object" && payload[key] === value;
  };
}

describe("classification", () => {
  it("answers an unknown request method with -32601 and exactly {code, message}", async () => {
    const host = await startReady();
    const reply = await host.request("plugin.frobnicate", { x: 1 }, { id: 41 });
    expect(Object.keys(reply).sort()).toEqual(["error", "id", "jsonrpc"]);
    expect(reply["jsonrpc"]).toBe("2.0");
    expect(reply["id"]).toBe(41);
    const error = reply["error"] as Frame;
    expect(Object.keys(error).sort()).toEqual(["code", "message"]);
    expect(error["code"]).toBe(-32601);
    expect(error["message"]).toEqual(expect.stringContaining("plugin.frobnicate"));
    expect(host.violations).toEqual([]);
  });

  it("ignores an unknown notification: no frame, no error", async () => {
    const host = await startReady();
    const before = host.frames.length;
    host.notify("plugin.frobnicate", { x: 1 });
    host.notify("daemon.future_feature");
    const barrier = await host.barrier();
    // The only frame since is the barrier's own reply.
    expect(host.frames.slice(before)).toEqual([barrier]);
    expect(host.violations).toEqual([]);
  });

  it("treats a frame with an id key and a method as a request even when the id is null", async () => {
    const host = await startReady();
    const before = host.frames.length;
    host.sendRaw('{"jsonrpc":"2.0","id":null,"method":"initialize","params":{}}\n');
    await host.barrier();
    const answers = host.frames.slice(before, -1);
    expect(answers).toEqual([{ jsonrpc: "2.0", id: null, error: { code: -32600, message: expect.any(String) } }]);
    expect(host.violations).toEqual([]);
  });

  it("answers a request whose method is not a string with -32600", async () => {
    const host = await startReady();
    host.send({ jsonrpc: "2.0", id: 7, method: 42 });
    const reply = await host.response(7);
    expect(reply).toEqual({ jsonrpc: "2.0", id: 7, error: { code: -32600, message: expect.any(String) } });
  });

  it("drops a response whose id matches no pending call, with a stderr line and no frame", async () => {
    const host = await startReady();
    const before = host.frames.length;
    host.send({ jsonrpc: "2.0", id: 77, result: { entries: [] } });
    host.send({ jsonrpc: "2.0", id: "seventy-eight", error: { code: -32603, message: "x" } });
    await host.waitForStderr(/response for unknown id 77 dropped/);
    await host.waitForStderr(/response for unknown id "seventy-eight" dropped/);
    const barrier = await host.barrier();
    expect(host.frames.slice(before)).toEqual([barrier]);
    expect(host.violations).toEqual([]);
  });

  it("writes frames with exactly the contract's keys over a mixed session", async () => {
    const host = await startReady({}, {
      autoRespond: (request) => (request["method"] === "memory.recall" ? { result: { entries: [] } } : undefined),
    });
    await host.invoke("demo_echo", { a: 1 });
    await host.invoke("demo_undefined");
    await host.invoke("demo_generic");
    await host.invoke("demo_argument", { details: { field: "q" } });
    await host.invoke("demo_recall", { query: "q" });
    await host.request("nope");
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish", tag: "mixed" });
    await host.waitFor(publishWith("seen", "mixed"));
    const ack = await host.request("shutdown", {});
    expect(ack["result"]).toEqual({ ok: true });
    await host.exitedWithin(5000);

    expect(host.frames.length).toBeGreaterThan(9);
    for (const frame of host.frames) {
      expect(frameProblem(frame)).toBeUndefined();
      if (frame["method"] !== undefined && !("id" in frame)) {
        expect(Object.keys(frame).sort()).toEqual(["jsonrpc", "method", "params"]);
      } else if (frame["method"] !== undefined) {
        expect(Object.keys(frame).sort()).toEqual(["id", "jsonrpc", "method", "params"]);
      } else if ("error" in frame) {
        expect(Object.keys(frame).sort()).toEqual(["error", "id", "jsonrpc"]);
      } else {
        expect(Object.keys(frame).sort()).toEqual(["id", "jsonrpc", "result"]);
      }
    }
    // No notification carries an id key, not even "id": null.
    expect(host.stdoutText()).not.toMatch(/"id":null/);
    expect(host.stdoutText()).not.toMatch(/"error":null/);
    expect(host.violations).toEqual([]);
  });
});

describe("broker.event dispatch", () => {
  it("runs the handler with the event and publishes within its session", async () => {
    const host = await startReady();
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish", tag: "one" }, { sessionId: "6f1c2a4e-8b0d-4c3f-9e2a-1b2c3d4e5f60" });
    const frame = await host.waitFor(publishWith("seen", "one"));
    const event = (frame["params"] as Frame)["event"] as Frame;
    expect(event["payload"]).toEqual({ seen: "one", topic: OUTBOUND_TOPIC });
    expect(event["session_id"]).toBe("6f1c2a4e-8b0d-4c3f-9e2a-1b2c3d4e5f60");
    expect(host.violations).toEqual([]);
  });

  it("accepts the minimal inbound envelope (topic, source, payload)", async () => {
    const host = await startReady();
    host.notify("broker.event", {
      topic: "plugin.outbound.demo.team_a",
      event: { topic: "plugin.outbound.demo.team_a", source: "agent.x", payload: { do: "publish", tag: "min" } },
    });
    const frame = await host.waitFor(publishWith("seen", "min"));
    const event = (frame["params"] as Frame)["event"] as Frame;
    expect(event["payload"]).toEqual({ seen: "min", topic: "plugin.outbound.demo.team_a" });
    expect(event["session_id"]).toBeNull();
  });

  it("routes on params.topic", async () => {
    const host = await startReady();
    host.notify("broker.event", {
      topic: "plugin.outbound.demo.routed",
      event: { topic: "plugin.outbound.demo", source: "agent.x", payload: { do: "publish", tag: "route" } },
    });
    const frame = await host.waitFor(publishWith("seen", "route"));
    expect(((frame["params"] as Frame)["event"] as Frame)["payload"]).toEqual({ seen: "route", topic: "plugin.outbound.demo.routed" });
  });

  it("keeps reading while a handler is still running", async () => {
    const host = await startReady();
    host.sendEvent(OUTBOUND_TOPIC, { do: "hold", tag: "held", gate: "g1" });
    await host.waitForStderr(/\[fixture\] started held/);
    // A tool reply and another event's publish both arrive while the first handler waits.
    const reply = await host.invoke("demo_echo", { during: true });
    expect((reply["result"] as Frame)["args"]).toEqual({ during: true });
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish", tag: "second" });
    await host.waitFor(publishWith("seen", "second"));
    expect(publishesWith(host, "tag", "held")).toEqual([]);
    // Releasing the gate lets the first handler finish.
    host.sendEvent(OUTBOUND_TOPIC, { do: "release", gate: "g1" });
    const held = await host.waitFor(publishWith("tag", "held"));
    expect(host.indexOf(held)).toBeGreaterThan(host.indexOf(publishesWith(host, "seen", "second")[0]!));
    expect(host.violations).toEqual([]);
  });

  it("isolates a handler that throws: a stderr line, and the next event is still handled", async () => {
    const host = await startReady();
    host.sendEvent(OUTBOUND_TOPIC, { do: "throw", tag: "sync" });
    await host.waitForStderr(/event handler for plugin\.outbound\.demo failed: Error: boom sync/);
    host.sendEvent(OUTBOUND_TOPIC, { do: "reject", tag: "async" });
    await host.waitForStderr(/event handler for plugin\.outbound\.demo failed: Error: async boom async/);
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish", tag: "after" });
    await host.waitFor(publishWith("seen", "after"));
    // The failures produced no frame of their own.
    expect(host.notifications("broker.publish")).toHaveLength(1);
    expect(host.violations).toEqual([]);
  });

  it("runs every handler, each isolated from the others' failures", async () => {
    const host = await startReady({ secondEventHandler: true });
    host.sendEvent(OUTBOUND_TOPIC, { do: "throw", tag: "fan" });
    await host.waitFor(publishWith("second", "fan"));
    await host.waitForStderr(/boom fan/);
    expect(host.violations).toEqual([]);
  });

  const invalidParams: Array<[string, unknown]> = [
    ["absent", undefined],
    ["not an object", ["plugin.outbound.demo"]],
    ["no topic", { event: { topic: "t", source: "s", payload: {} } }],
    ["empty topic", { topic: "", event: { topic: "t", source: "s", payload: {} } }],
    ["non-string topic", { topic: 5, event: { topic: "t", source: "s", payload: {} } }],
    ["no event", { topic: OUTBOUND_TOPIC }],
    ["event not an object", { topic: OUTBOUND_TOPIC, event: "hello" }],
    ["event without topic", { topic: OUTBOUND_TOPIC, event: { source: "s", payload: { do: "publish" } } }],
    ["event with empty source", { topic: OUTBOUND_TOPIC, event: { topic: "t", source: "", payload: { do: "publish" } } }],
    ["event without source", { topic: OUTBOUND_TOPIC, event: { topic: "t", payload: { do: "publish" } } }],
  ];

  describe("invalid params", () => {
    let host: WireHost;
    beforeAll(async () => {
      host = await startReady({}, { scope: "file" });
    });

    it.each(invalidParams)("drops an event with invalid params (%s): stderr line, no handler, no frame", async (_label, params) => {
      const before = host.frames.length;
      const stderrBefore = host.stderrLines.length;
      host.notify("broker.event", params);
      const barrier = await host.barrier();
      const mark = await host.stderrBarrier();
      expect(host.frames.slice(before)).toEqual([barrier]);
      // Exactly one line about the dropped event, and the handler never ran (it would have
      // logged for an unknown behaviour or published).
      expect(host.stderrLines.slice(stderrBefore, mark)).toEqual([expect.stringMatching(/^\[nexoai\] broker\.event dropped: /)]);
      expect(host.violations).toEqual([]);
    });
  });
});

describe("dispatch speed", () => {
  it("handles a burst of 500 events written at once", async () => {
    const host = await startReady();
    const lines = Array.from({ length: 500 }, (_, i) =>
      JSON.stringify({
        jsonrpc: "2.0",
        method: "broker.event",
        params: { topic: OUTBOUND_TOPIC, event: { topic: OUTBOUND_TOPIC, source: "agent.x", payload: { do: "publish", tag: `b${i}` } } },
      }),
    );
    host.sendRaw(lines.join("\n") + "\n");
    const published = await host.waitForCount((f) => f["method"] === "broker.publish", 500, 10_000);
    const tags = published.map((f) => ((((f["params"] as Frame)["event"] as Frame)["payload"]) as Frame)["seen"]);
    expect(tags).toEqual(Array.from({ length: 500 }, (_, i) => `b${i}`));
    expect(host.violations).toEqual([]);
  });
});

describe("publish order", () => {
  it("keeps one handler's publishes in order and whole", async () => {
    const host = await startReady();
    const topics = Array.from({ length: 20 }, (_, i) => `${INBOUND_TOPIC}.n${i}`);
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish-topics", topics, tag: "burst" });
    const frames = await host.waitForCount((f) => f["method"] === "broker.publish", 20);
    expect(frames.map((f) => (f["params"] as Frame)["topic"])).toEqual(topics);
    expect(host.violations).toEqual([]);
  });
});
