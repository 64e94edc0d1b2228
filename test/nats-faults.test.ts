/**
 * NATS faults against a real nats-server: no server at start, a server that comes up late, a
 * server restarted mid-stream, the bound of the publish buffer, and the drain at shutdown.
 *
 * The plugin reaches the server through a gated relay (support/tcp-gate.ts): after a restart
 * the gate opens only once the test's own subscriber is back, so everything the plugin sends
 * after its reconnect is certain to find a subscriber (NATS core keeps nothing for absent ones).
 */
import { NATS_FIXTURE, NATS_READY } from "./support/nats-fixture";
import { describeWithNats, freePort, NatsServer } from "./support/nats-server";
import { NatsPeer, type Received } from "./support/nats-peer";
import { TcpGate } from "./support/tcp-gate";
import { WireHost, type Frame } from "./support/wire-host";

const LOST = /NATS connection to nats:\/\/127\.0\.0\.1:\d+ lost; reconnecting/;
const BACK = /NATS reconnected to nats:\/\/127\.0\.0\.1:\d+; subscriptions restored, \d+ kept publish\(es\) sent/;

function spawnPlugin(broker: Record<string, unknown>, config: Record<string, unknown> = {}): WireHost {
  return WireHost.spawn(NATS_FIXTURE, [JSON.stringify({ broker, ...config })]);
}

const resultOf = (reply: Frame): Record<string, unknown> => reply["result"] as Record<string, unknown>;
const seqsOf = (messages: readonly Received[], tag: string): number[] =>
  messages.map((m) => m.json["payload"] as Record<string, unknown>).filter((p) => p["tag"] === tag).map((p) => p["seq"] as number);
const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i);
const distinctSorted = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);

describeWithNats("NATS mode: faults", () => {
  let server: NatsServer;
  let gate: TcpGate;
  let peer: NatsPeer;

  beforeEach(async () => {
    server = await NatsServer.start();
    gate = await TcpGate.start(server.port);
    peer = await NatsPeer.connect(server.url, { reconnect: true });
  });

  afterEach(async () => {
    await peer?.close().catch(() => undefined);
    await gate?.close();
    await server?.stop();
  });

  /** Restarts the server on its port; the plugin gets through again only once the peer is back. */
  async function restartServer(): Promise<void> {
    gate.shutGate();
    await server.stop();
    await server.startAgain();
    await peer.reconnected();
    gate.openGate();
  }

  test("no server at start: the first connect is retried within its bound, then one stderr line says why and stdio methods still work", async () => {
    const port = await freePort();
    // Its shutdown hook publishes without awaiting: refused, said on stderr, and no crash.
    const host = spawnPlugin({ url: `nats://127.0.0.1:${port}`, connectWithinMs: 1200 }, { shutdownPublishes: 3 });
    // Made while the plugin is still trying: kept, then reported as not delivered.
    expect(resultOf(await host.invoke("demo_publish", { count: 2, tag: "early" }))).toEqual({ published: 2, failures: [] });
    const line = await host.waitForStderr(/unreachable after/, 8000);
    expect(line).toMatch(
      new RegExp(
        `NATS at nats://127\\.0\\.0\\.1:${port} unreachable after ([2-9]|\\d\\d+) attempt\\(s\\) in \\d+ ms: .+; ` +
          "broker publishes and requests fail, the plugin's stdio methods are still served",
      ),
    );
    await host.waitForStderr(/2 publish\(es\) kept for NATS were not delivered/);
    const init = await host.request("initialize", { nexo_version: "0.1.0" });
    expect(init["result"]).toBeDefined();
    const late = resultOf(await host.invoke("demo_publish", { count: 1, tag: "late" }));
    expect(late["published"]).toBe(0);
    expect(late["failures"]).toEqual([{ seq: 0, name: "BrokerUnavailableError", message: expect.stringContaining("unreachable") }]);
    const request = resultOf(await host.invoke("demo_request", { topic: "skill.x", timeoutMs: 1000 }));
    expect(request).toMatchObject({ ok: false, name: "BrokerUnavailableError", topic: "skill.x" });
    expect((await host.request("shutdown", {}))["result"]).toEqual({ ok: true });
    expect((await host.exited()).code).toBe(0);
    const refusals = host.stderrLines.filter((l) => /refused: |were refused/.test(l));
    expect(refusals[0]).toMatch(/publish on plugin\.inbound\.demo refused: NATS at .* unreachable .*; further refused publishes are counted, not logged/);
    expect(refusals.slice(1)).toEqual(["[nexoai] 4 publish(es) were refused before the plugin stopped"]);
  });

  test("a server that comes up within the bound is connected to, and what was published meanwhile is sent", async () => {
    const out = await peer.record("plugin.inbound.demo");
    gate.shutGate();
    const host = spawnPlugin({ url: gate.url, connectWithinMs: 20_000 });
    expect(resultOf(await host.invoke("demo_publish", { count: 3, tag: "waited" }))).toEqual({ published: 3, failures: [] });
    gate.openGate();
    await host.waitForStderr(NATS_READY, 10_000);
    await out.waitFor(3);
    expect(seqsOf(out.messages, "waited")).toEqual([0, 1, 2]);
  });

  test("a server restarted mid-stream: no publish is lost and the subscriptions come back", async () => {
    const out = await peer.record("plugin.inbound.demo");
    const host = spawnPlugin({ url: gate.url });
    await host.waitForStderr(NATS_READY);
    expect(resultOf(await host.invoke("demo_publish", { count: 100, tag: "s" }))).toEqual({ published: 100, failures: [] });
    await out.waitFor(100);
    // The next batch races the server's stop: some publishes die in the client's buffer or the
    // socket, the rest are made while the plugin is disconnected.
    const during = host.invoke("demo_publish", { count: 400, tag: "d" });
    await restartServer();
    expect(resultOf(await during)).toEqual({ published: 400, failures: [] });
    await host.waitForStderr(LOST);
    await host.waitForStderr(BACK, 15_000);
    expect(resultOf(await host.invoke("demo_publish", { count: 100, tag: "a" }))).toEqual({ published: 100, failures: [] });
    await out.waitFor(100, (m) => (m.json["payload"] as Record<string, unknown>)["tag"] === "a", 10_000);
    // At least once: a publish whose confirmation died with the old server is sent again, so
    // it may come twice; none may be missing.
    expect(distinctSorted(seqsOf(out.messages, "d"))).toEqual(range(400));
    expect(distinctSorted(seqsOf(out.messages, "s"))).toEqual(range(100));
    expect(seqsOf(out.messages, "a")).toEqual(range(100));
    // Subscriptions are back: an event on the restarted server reaches the handler.
    await peer.publish("plugin.outbound.demo", {
      id: "0194f3c0-0000-4000-8000-000000000009",
      timestamp: "2026-05-01T00:00:00Z",
      topic: "plugin.outbound.demo",
      source: "agent",
      session_id: null,
      payload: "after restart",
    });
    const [seen] = await out.waitFor(1, (m) => (m.json["payload"] as Record<string, unknown>)["seen"] === "after restart");
    expect(seen!.json["source"]).toBe("demo");
  });

  test("publishes while disconnected are kept up to the bound, then refused with a typed error; the kept ones are sent on reconnect", async () => {
    const out = await peer.record("plugin.inbound.demo");
    const host = spawnPlugin({ url: gate.url, maxBufferedBytes: 2000 });
    await host.waitForStderr(NATS_READY);
    gate.shutGate();
    await server.stop();
    await host.waitForStderr(LOST);
    const result = resultOf(await host.invoke("demo_publish", { count: 30, tag: "b" }));
    const kept = result["published"] as number;
    // Each event is some 190 bytes of JSON: about ten fit in 2000 bytes.
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBeLessThan(15);
    const failures = result["failures"] as Array<Record<string, unknown>>;
    expect(failures.map((f) => f["seq"])).toEqual(range(30).slice(kept));
    for (const failure of failures) {
      expect(failure["name"]).toBe("BrokerBufferFullError");
      expect(failure["message"]).toBe("publish on plugin.inbound.demo refused: NATS is disconnected and 2000 bytes of publishes are already buffered");
    }
    await server.startAgain();
    await peer.reconnected();
    gate.openGate();
    await host.waitForStderr(BACK, 15_000);
    await out.waitFor(kept);
    expect(seqsOf(out.messages, "b")).toEqual(range(kept));
    expect(host.stderrLines.filter((l) => /refused: |were refused/.test(l))).toEqual([
      "[nexoai] publish on plugin.inbound.demo refused: NATS is disconnected and 2000 bytes of publishes are already buffered; " +
        "further refused publishes are counted, not logged",
      `[nexoai] ${30 - kept} publish(es) were refused while NATS was disconnected`,
    ]);
  });

  test("while connected, a producer past the bound is paced by the server's confirmations, not refused", async () => {
    const out = await peer.record("plugin.inbound.demo");
    const host = spawnPlugin({ url: gate.url, maxBufferedBytes: 2000 });
    await host.waitForStderr(NATS_READY);
    expect(resultOf(await host.invoke("demo_publish", { count: 500, tag: "p" }))).toEqual({ published: 500, failures: [] });
    await out.waitFor(500);
    expect(seqsOf(out.messages, "p")).toEqual(range(500));
  });

  test("shutdown drains: every publish made before the ack has reached the server", async () => {
    const out = await peer.record("plugin.inbound.demo");
    const host = spawnPlugin({ url: gate.url }, { shutdownPublishes: 2000, shutdownPadding: 2000 });
    await host.waitForStderr(NATS_READY);
    expect((await host.request("shutdown", {}))["result"]).toEqual({ ok: true });
    // Counted by the server itself the moment the ack is in: nothing was still on its way.
    expect(await server.inMsgs()).toBe(2000);
    expect((await host.exited()).code).toBe(0);
    const drained = await out.waitFor(2000, (m) => (m.json["payload"] as Record<string, unknown>)["phase"] === "shutdown");
    expect(drained.map((m) => (m.json["payload"] as Record<string, unknown>)["seq"])).toEqual(range(2000));
  });

  test("a shutdown while reconnecting waits for the server, within its bound, and acks once the kept publishes reached it", async () => {
    const host = spawnPlugin({ url: gate.url, drainWithinMs: 8000 }, { shutdownPublishes: 300 });
    await host.waitForStderr(NATS_READY);
    gate.shutGate();
    await server.stop();
    await host.waitForStderr(LOST);
    const ack = host.request("shutdown", {}, { timeoutMs: 10_000 });
    await server.startAgain();
    gate.openGate();
    expect((await ack)["result"]).toEqual({ ok: true });
    expect(await server.inMsgs()).toBe(300);
    expect((await host.exited()).code).toBe(0);
  });

  test("a shutdown while disconnected says how many kept publishes were not delivered", async () => {
    const host = spawnPlugin({ url: gate.url, drainWithinMs: 300 });
    await host.waitForStderr(NATS_READY);
    gate.shutGate();
    await server.stop();
    await host.waitForStderr(LOST);
    expect(resultOf(await host.invoke("demo_publish", { count: 4, tag: "x" }))).toEqual({ published: 4, failures: [] });
    expect((await host.request("shutdown", {}))["result"]).toEqual({ ok: true });
    expect((await host.exited()).code).toBe(0);
    expect(host.stderrLines.join("\n")).toMatch(/4 publish\(es\) kept for NATS were not delivered: NATS at .* was still disconnected when the plugin stopped/);
  });
});
