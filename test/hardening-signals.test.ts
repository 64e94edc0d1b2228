/**
 * Hardening: a termination signal while many handlers are half-way through their publishes
 * (CONTRACT.md section 3, Signals: the same teardown as stdin EOF, exit 0).
 *
 * 2000 events each start a handler that publishes 3 events, sleeping before each one. The
 * signal arrives once publishing is well under way. The teardown must await the handlers, so
 * every handler that started publishes all 3 of its events, every stdout line is a whole frame
 * (no torn line, nothing after the process is gone), the shutdown hooks run after the last
 * handler publish, and the process exits 0.
 */
import { OUTBOUND_TOPIC, startReady } from "./support/fixture";
import type { Frame, WireHost } from "./support/wire-host";

/** Prints measured figures when HARDENING_VERBOSE is set (they were used to set the bounds). */
// eslint-disable-next-line no-console
const report = (message: string): void => void (process.env["HARDENING_VERBOSE"] ? console.log(message) : undefined);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const EVENTS = 2000;
const PUBLISHES_PER_EVENT = 3;

function eventLine(tag: number): string {
  // Sleeps of 50-349 ms before each publish, so handlers are at every stage when the signal comes.
  const payload = { do: "publish-n", n: PUBLISHES_PER_EVENT, ms: 50 + ((tag * 37) % 300), tag };
  return JSON.stringify({
    jsonrpc: "2.0",
    method: "broker.event",
    params: { topic: OUTBOUND_TOPIC, event: { topic: OUTBOUND_TOPIC, source: "agent.coordinator", payload } },
  }) + "\n";
}

function payloadOf(frame: Frame): Frame {
  return ((frame["params"] as Frame)["event"] as Frame)["payload"] as Frame;
}

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(20);
  }
}

describe.each(["SIGTERM", "SIGINT"] as const)("%s while handlers are mid-publish", (signal) => {
  it(`finishes every started handler's publishes whole, runs the shutdown hooks, and exits 0`, async () => {
    const host: WireHost = await startReady({ shutdownHooks: ["stats", "log", "publish"] });
    let text = "";
    for (let tag = 0; tag < EVENTS; tag++) text += eventLine(tag);
    // Not awaited: once 1024 handlers are in flight the plugin stops reading, and the rest of
    // the events wait in the pipe.
    const writing = host.write(text).catch(() => undefined);
    const publishes = (): number => host.notifications("broker.publish").length;
    await until(() => publishes() >= 300, 20_000, () => `300 publishes, got ${publishes()}`);
    const atSignal = publishes();
    host.kill(signal);
    const status = await host.exitedWithin(20_000);
    await writing;
    expect(status).toEqual({ code: 0, signal: null });

    // Every stdout line was a whole, well-formed frame, and stdout ended with a newline.
    expect(host.violations).toEqual([]);
    const stdout = host.stdoutText();
    expect(stdout.endsWith("\n")).toBe(true);
    expect(stdout.split("\n").filter((l) => l !== "")).toHaveLength(host.frames.length);

    const all = host.notifications("broker.publish");
    const hookIndex = all.findIndex((f) => payloadOf(f)["hook"] === "ran");
    expect(hookIndex).toBe(all.length - 1);
    const handlerPublishes = all.slice(0, hookIndex).map(payloadOf);
    // The signal did come while handlers were still publishing.
    expect(handlerPublishes.length).toBeGreaterThan(atSignal);

    // Per handler: all of its publishes, in order, or (events read after the signal) none.
    const byTag = new Map<number, number[]>();
    for (const p of handlerPublishes) byTag.set(p["tag"] as number, [...(byTag.get(p["tag"] as number) ?? []), p["i"] as number]);
    const partial = [...byTag].filter(([, seen]) => seen.join(",") !== "0,1,2");
    expect(partial).toEqual([]);

    // The hooks ran after the handlers were done, in order: stats, log, publish.
    const statsLine = host.stderrLines.find((l) => l.startsWith("[fixture] STATS "));
    expect(statsLine).toBeDefined();
    const stats = JSON.parse(statsLine!.slice("[fixture] STATS ".length)) as { running: number; handled: number };
    expect(stats.running).toBe(0);
    expect(stats.handled).toBe(byTag.size);
    const hookLog = host.stderrLines.findIndex((l) => l.includes("SHUTDOWN_HOOK ran"));
    expect(hookLog).toBeGreaterThan(host.stderrLines.indexOf(statsLine!));
    report(`[signals] ${signal}: ${atSignal} publishes at the signal, ${handlerPublishes.length} in all, ${byTag.size} handlers completed of ${EVENTS} events`);
  }, 60_000);
});
