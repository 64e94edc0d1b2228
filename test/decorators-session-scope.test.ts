/**
 * The session of an event handler stays with that handler, over the wire: frames read after
 * stdin was paused under flow control and resumed from inside a handler (its host call, the
 * drain of stdout after its write, its completion) are handled outside any session; and many
 * concurrent events of different sessions, interleaving their awaits, each publish with their
 * own session. The plugin waits on conditions it observes on its own stdin, not on time, so
 * each interleaving happens the same way on every run.
 */
import * as path from "node:path";
import { WireHost, type Frame } from "./support/wire-host";

const PLUGIN = path.join(__dirname, "fixtures", "decorators", "session-scope-plugin.js");
const SESSION_A = "aaaaaaaa-1111-4111-8111-111111111111";

/** Spawns the plugin with `maxInFlightHandlers` and a memory that answers every recall. */
async function start(maxInFlightHandlers: number): Promise<WireHost> {
  const host = WireHost.spawn(PLUGIN, [String(maxInFlightHandlers)], {
    autoRespond: (request) => (request["method"] === "memory.recall" ? { result: { entries: [] } } : undefined),
  });
  const reply = await host.request("initialize", { nexo_version: "0.1.0" }, { timeoutMs: 10_000 });
  expect(reply).toHaveProperty("result");
  return host;
}

function published(host: WireHost): Frame[] {
  return host.notifications("broker.publish").map((f) => (f["params"] as Frame)["event"] as Frame);
}

/** The session_id every "from tool" publish carried. */
function toolPublishSessions(host: WireHost): unknown[] {
  return published(host)
    .filter((e) => e["payload"] === "from tool")
    .map((e) => e["session_id"]);
}

async function shutdown(host: WireHost): Promise<void> {
  const ack = await host.request("shutdown", undefined, { timeoutMs: 10_000 });
  expect(ack).toHaveProperty("result", { ok: true });
  expect((await host.exitedWithin(10_000)).code).toBe(0);
  expect(host.violations).toEqual([]);
}

const WHOAMI = { plugin_id: "scope", tool_name: "scope_whoami", agent_id: "agent-1", args: {} };

/** The events published by the "work" handlers with `step`, by session. */
function stepSessions(host: WireHost, step: string): unknown[] {
  return published(host)
    .filter((e) => (e["payload"] as Frame | null)?.["step"] === step)
    .map((e) => e["session_id"]);
}

/**
 * Sends the tool call once `paused` handlers saw stdin paused (so the call waits in stdin's
 * buffer), then lets them go on once they saw it buffered; checks the call ran in no session.
 */
async function callWhilePaused(host: WireHost, paused: number, beforeResume: () => void = () => undefined): Promise<void> {
  await host.waitForStderrCount(/\[scope\] info: paused/, paused);
  const id = host.sendRequest("tool.invoke", WHOAMI);
  await host.waitForStderrCount(/\[scope\] info: input waiting/, paused);
  beforeResume();
  expect(await host.response(id)).toEqual({ jsonrpc: "2.0", id, result: { session: null } });
  await host.barrier();
  expect(toolPublishSessions(host)).toEqual([null]);
}

describe("a tool call read after stdin resumed from inside an event handler", () => {
  it("runs in no session when the handler's host call resumes reading", async () => {
    const host = await start(1);
    host.sendEvent("work", { resume: "host-call" }, { sessionId: SESSION_A });
    await callWhilePaused(host, 1);
    await host.waitForCount((f) => f["method"] === "broker.publish" && JSON.stringify(f).includes('"step":"done"'), 1);
    expect(stepSessions(host, "done")).toEqual([SESSION_A]);
    await shutdown(host);
  });

  it("runs in no session when a handler answered by the host calls again after another event paused reading", async () => {
    const host = await start(1);
    host.sendEvent("work", { resume: "reply" }, { sessionId: SESSION_A });
    await host.waitFor((f) => JSON.stringify(f).includes('"step":"answered"'));
    // The limit is 1: a second event, of no session, pauses reading while the first one runs.
    host.sendEvent("work", { resume: "completion" });
    await callWhilePaused(host, 2);
    await host.waitFor((f) => JSON.stringify(f).includes('"step":"done"'));
    expect(stepSessions(host, "answered")).toEqual([SESSION_A]);
    expect(stepSessions(host, "done")).toEqual([SESSION_A]);
    await shutdown(host);
  });

  it("runs in no session when the drain of stdout after the handler's write resumes reading", async () => {
    const host = await start(1);
    host.pauseOutput();
    // More than the pipe and the host's read buffer hold, so stdout reports backpressure; the
    // handler returns before the host reads on, so only the drain can resume reading.
    host.sendEvent("work", { resume: "drain", bytes: 4 * 1024 * 1024 }, { sessionId: SESSION_A });
    await callWhilePaused(host, 1, () => host.resumeOutput());
    expect(stepSessions(host, "bulk")).toEqual([SESSION_A]);
    await shutdown(host);
  });

  it("runs in no session when the handler's completion resumes reading", async () => {
    const host = await start(1);
    host.sendEvent("work", { resume: "completion" }, { sessionId: SESSION_A });
    await callWhilePaused(host, 1);
    await shutdown(host);
  });
});

describe("concurrent events of different sessions", () => {
  it("each publish with their own session while their awaits interleave, and tool calls among them with none", async () => {
    const host = await start(1024);
    const sessions = [null, SESSION_A, "bbbbbbbb-2222-4222-8222-222222222222", null, "cccccccc-3333-4333-8333-333333333333"];
    const count = 200;
    const expected = new Map<number, string | null>();
    const calls: Array<number | string> = [];
    // Events of no session come first, so the first events run before any session was seen.
    for (let tag = 0; tag < count; tag++) {
      const sessionId = tag < 10 ? null : sessions[tag % sessions.length]!;
      expected.set(tag, sessionId);
      // Different numbers of turns make later events finish before earlier ones.
      host.sendEvent("pace", { tag, turns: (tag * 7) % 13 }, { sessionId });
      if (tag % 25 === 24) calls.push(host.sendRequest("tool.invoke", WHOAMI));
    }
    const replies = await Promise.all(calls.map((id) => host.response(id)));
    expect(replies.map((r) => r["result"])).toEqual(calls.map(() => ({ session: null })));
    const paced = await host.waitForCount((f) => typeof ((f["params"] as Frame | undefined)?.["event"] as Frame | undefined)?.["payload"] === "object", count, 20_000);
    const seen = paced.map((f) => (f["params"] as Frame)["event"] as Frame);
    expect(new Map(seen.map((e) => [(e["payload"] as Frame)["tag"] as number, e["session_id"]]))).toEqual(expected);
    // The events did finish out of order, or the test proves nothing about interleaving.
    const order = seen.map((e) => (e["payload"] as Frame)["tag"] as number);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(toolPublishSessions(host)).toEqual(calls.map(() => null));
    await shutdown(host);
  });
});
