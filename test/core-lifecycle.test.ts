/**
 * CONTRACT.md section 3: shutdown, stdin EOF and signals — the teardown order, the drain of
 * in-flight handlers, shutdown hooks, and a clean exit 0 that nothing holds up.
 */
import { INBOUND_TOPIC, OUTBOUND_TOPIC, startReady } from "./support/fixture";
import type { Frame, WireHost } from "./support/wire-host";

/** The exit grace of the adapter; a prompt exit must come well before it. */
const PROMPT_EXIT_MS = 800;

function payload(frame: Frame): Frame {
  return ((frame["params"] as Frame)["event"] as Frame)["payload"] as Frame;
}

function publishedTag(tag: string): (frame: Frame) => boolean {
  return (f) => f["method"] === "broker.publish" && payload(f)["tag"] === tag;
}

/**
 * Starts a handler that publishes `tag` after `ms`, and waits until it is running. With
 * `unref`, the handler's timer alone would not keep the process alive.
 */
async function inFlightEvent(host: WireHost, tag: string, ms = 300, unref = false): Promise<void> {
  host.sendEvent(OUTBOUND_TOPIC, { do: "slow-publish", tag, ms, unref });
  await host.waitForStderr(new RegExp(`\\[fixture\\] started ${tag}$`));
}

describe("run()", () => {
  it("rejects a second call with a WireError and keeps the first run serving", async () => {
    const host = await startReady({ runTwice: true });
    await host.waitForStderr(/\[fixture\] second run rejected: WireError wire=true: .*already/);
    const reply = await host.invoke("demo_echo", { still: "serving" });
    expect((reply["result"] as Frame)["args"]).toEqual({ still: "serving" });
    expect(host.violations).toEqual([]);
  });

  it("resolves with 0 once stopped", async () => {
    const host = await startReady();
    await host.request("shutdown");
    await host.exitedWithin(5000);
    expect(host.stderrLines).toContain("[fixture] run resolved 0");
  });
});

describe("shutdown", () => {
  it.each([
    ["a reason", { reason: "daemon stopping" }],
    ["{}", {}],
    ["no params", undefined],
  ])("acknowledges with exactly {ok: true} (params: %s) and exits 0 promptly", async (_label, params) => {
    const host = await startReady();
    const ack = await host.request("shutdown", params, { id: "bye" });
    expect(ack).toEqual({ jsonrpc: "2.0", id: "bye", result: { ok: true } });
    const ackedAt = Date.now();
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - ackedAt).toBeLessThan(PROMPT_EXIT_MS);
    expect(host.violations).toEqual([]);
  });

  it("runs in order: in-flight publishes, then the shutdown hooks, then the ack, then exit 0", async () => {
    const host = await startReady({ shutdownHooks: ["log", "publish"] });
    await inFlightEvent(host, "drain-me");
    const ack = await host.request("shutdown", { reason: "test" });
    expect(ack["result"]).toEqual({ ok: true });
    const handlerPublish = await host.waitFor(publishedTag("drain-me"));
    const hookPublish = await host.waitFor((f) => f["method"] === "broker.publish" && payload(f)["hook"] === "ran");
    // The hook ran after the handler finished, and both wrote before the ack.
    expect(payload(hookPublish)).toEqual({ hook: "ran", finished: ["drain-me"] });
    expect(host.indexOf(handlerPublish)).toBeLessThan(host.indexOf(hookPublish));
    expect(host.indexOf(hookPublish)).toBeLessThan(host.indexOf(ack));
    expect(host.frames[host.frames.length - 1]).toBe(ack);
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.stderrLines).toContain('[fixture] SHUTDOWN_HOOK ran; finished handlers: ["drain-me"]');
    expect(host.violations).toEqual([]);
  });

  it("logs a failing shutdown hook, runs the next one, and still acknowledges {ok: true}", async () => {
    const host = await startReady({ shutdownHooks: ["fail", "publish"] });
    const ack = await host.request("shutdown", {});
    expect(ack).toEqual({ jsonrpc: "2.0", id: ack["id"], result: { ok: true } });
    expect(host.notifications("broker.publish").map(payload)).toEqual([{ hook: "ran", finished: [] }]);
    await host.waitForStderr(/shutdown hook failed: Error: hook failed on purpose/);
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.violations).toEqual([]);
  });

  it("answers every request during the drain exactly once, and drops events", async () => {
    const host = await startReady();
    await inFlightEvent(host, "long", 400);
    const shutdownId = host.sendRequest("shutdown", {});
    const late = await host.invoke("demo_echo", { late: true });
    expect(late).toEqual({ jsonrpc: "2.0", id: late["id"], error: { code: -32603, message: expect.stringContaining("shutting down") } });
    host.sendEvent(OUTBOUND_TOPIC, { do: "publish", tag: "too-late" });
    await host.waitForStderr(/broker\.event on plugin\.outbound\.demo dropped: the plugin is shutting down/);
    const ack = await host.response(shutdownId);
    expect(ack["result"]).toEqual({ ok: true });
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.notifications("broker.publish").map(payload)).toEqual([{ tag: "long", done: true }]);
    expect(host.responses().filter((f) => f["id"] === shutdownId)).toHaveLength(1);
    expect(host.responses().filter((f) => f["id"] === late["id"])).toHaveLength(1);
    expect(host.violations).toEqual([]);
  });

  it("tears down once when shutdown, a signal and EOF all arrive", async () => {
    const host = await startReady({ shutdownHooks: ["log"] });
    await inFlightEvent(host, "once", 300);
    const shutdownId = host.sendRequest("shutdown", {});
    host.kill("SIGTERM");
    host.endInput();
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.responses().filter((f) => f["id"] === shutdownId)).toEqual([{ jsonrpc: "2.0", id: shutdownId, result: { ok: true } }]);
    expect(host.stderrLines.filter((l) => l.includes("SHUTDOWN_HOOK ran"))).toHaveLength(1);
    expect(host.notifications("broker.publish")).toHaveLength(1);
    expect(host.violations).toEqual([]);
  });

  it("still exits 0 when the plugin left an interval running", async () => {
    const host = await startReady({ leakInterval: true });
    await host.request("shutdown");
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
  });

  it("keeps stdout guarded until the process exits: output of a leaked interval after the ack goes to stderr", async () => {
    const host = await startReady({ shutdownHooks: ["leak-console"] });
    const ack = await host.request("shutdown");
    expect(ack["result"]).toEqual({ ok: true });
    // The interval keeps ticking during the exit grace.
    await host.waitForStderr(/^\[stdout-guard\] tick after teardown$/);
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.stdoutText()).not.toContain("tick");
    expect(host.frames[host.frames.length - 1]).toBe(ack);
    expect(host.violations).toEqual([]);
  });

  it("still exits 0 when a signal arrives after the ack while a leaked handle holds the process", async () => {
    const host = await startReady({ leakInterval: true });
    const ack = await host.request("shutdown");
    expect(ack["result"]).toEqual({ ok: true });
    host.kill("SIGTERM");
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
  });
});

describe("stdin EOF", () => {
  it("exits 0 well under the 1 s grace, so no timer or handle keeps the process alive", async () => {
    const host = await startReady({ shutdownHooks: ["log"] });
    const closedAt = Date.now();
    host.endInput();
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - closedAt).toBeLessThan(PROMPT_EXIT_MS);
    // The same teardown as shutdown, without the reply.
    expect(host.stderrLines.some((l) => l.includes("SHUTDOWN_HOOK ran"))).toBe(true);
    expect(host.responses().map((f) => f["id"])).toEqual(["ready"]);
    expect(host.violations).toEqual([]);
  });

  it("drains an in-flight handler first: its publish arrives, no ack is written", async () => {
    const host = await startReady({ shutdownHooks: ["publish"] });
    await inFlightEvent(host, "eof-drain");
    host.endInput();
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    const publishes = host.notifications("broker.publish").map(payload);
    expect(publishes).toEqual([{ tag: "eof-drain", done: true }, { hook: "ran", finished: ["eof-drain"] }]);
    expect(host.responses().map((f) => f["id"])).toEqual(["ready"]);
    expect(host.violations).toEqual([]);
  });

  it("keeps the process alive for the drain when the handler awaits only an unref'd timer", async () => {
    const host = await startReady({ shutdownHooks: ["publish"] });
    await inFlightEvent(host, "eof-unref", 300, true);
    host.endInput();
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    const publishes = host.notifications("broker.publish").map(payload);
    expect(publishes).toEqual([{ tag: "eof-unref", done: true }, { hook: "ran", finished: ["eof-unref"] }]);
    expect(host.violations).toEqual([]);
  });

  it("keeps the process alive for a shutdown hook that awaits only an unref'd timer", async () => {
    const host = await startReady({ shutdownHooks: ["unref-publish"] });
    host.endInput();
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.notifications("broker.publish").map(payload)).toEqual([{ hook: "unref", finished: [] }]);
    expect(host.violations).toEqual([]);
  });
});

describe("signals", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("%s exits 0 promptly", async (signal) => {
    const host = await startReady({ shutdownHooks: ["log"] });
    const sentAt = Date.now();
    host.kill(signal);
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - sentAt).toBeLessThan(PROMPT_EXIT_MS);
    expect(host.stderrLines.some((l) => l.includes("SHUTDOWN_HOOK ran"))).toBe(true);
    expect(host.violations).toEqual([]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("%s drains an in-flight handler before the hooks: its publish arrives before exit", async (signal) => {
    const host = await startReady({ shutdownHooks: ["publish"] });
    await inFlightEvent(host, `sig-${signal}`);
    host.kill(signal);
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    const published = host.notifications("broker.publish");
    // The hook ran only once the handler had finished.
    expect(published.map(payload)).toEqual([{ tag: `sig-${signal}`, done: true }, { hook: "ran", finished: [`sig-${signal}`] }]);
    expect(((published[0]!["params"] as Frame)["topic"])).toBe(INBOUND_TOPIC);
    expect(host.responses().map((f) => f["id"])).toEqual(["ready"]);
    expect(host.violations).toEqual([]);
  });

  it("leaves signals alone with handleProcessSignals: false", async () => {
    const host = await startReady({ options: { handleProcessSignals: false }, shutdownHooks: ["log"] });
    host.kill("SIGTERM");
    expect(await host.exitedWithin(5000)).toEqual({ code: null, signal: "SIGTERM" });
    expect(host.stderrLines.some((l) => l.includes("SHUTDOWN_HOOK ran"))).toBe(false);
  });
});
