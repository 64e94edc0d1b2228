/**
 * CONTRACT.md section 1: stdout carries nothing but frames. The stdout guard in a real child,
 * with plugin code calling console.log from a handler.
 */
import * as path from "node:path";
import { OUTBOUND_TOPIC, startReady } from "./support/fixture";
import { WireHost, type Frame } from "./support/wire-host";

const MARKER = "[stdout-guard] ";

function tagged(tag: string): (frame: Frame) => boolean {
  return (f) =>
    f["method"] === "broker.publish" && (((f["params"] as Frame)["event"] as Frame)["payload"] as Frame)["tag"] === tag;
}

describe("stdout guard", () => {
  it("diverts a handler's console.log to stderr with the marker; stdout stays frames only", async () => {
    const host = await startReady();
    host.sendEvent(OUTBOUND_TOPIC, { do: "console-log", text: "hello from a handler", tag: "log1" });
    await host.waitFor(tagged("log1"));
    await host.waitForStderr(/^\[stdout-guard\] hello from a handler$/);
    const reply = await host.invoke("demo_console_log", { text: "and from a tool" });
    expect(reply["result"]).toEqual({ logged: true });
    await host.waitForStderr(/^\[stdout-guard\] and from a tool$/);
    await host.request("shutdown");
    await host.exitedWithin(5000);
    expect(host.stdoutText()).not.toContain("hello from a handler");
    expect(host.stdoutText()).not.toContain("and from a tool");
    expect(host.stderrLines).toContain(`${MARKER}hello from a handler`);
    expect(host.violations).toEqual([]);
  });

  it("lets a console.log of a JSON object through to stdout unchanged", async () => {
    const host = await startReady();
    const line = JSON.stringify({ jsonrpc: "2.0", method: "plugin.log", params: { note: "structured" } });
    host.sendEvent(OUTBOUND_TOPIC, { do: "console-log", text: line, tag: "json" });
    await host.waitFor(tagged("json"));
    const passed = await host.waitFor((f) => f["method"] === "plugin.log");
    expect(passed).toEqual(JSON.parse(line));
    expect(host.stdoutText().split("\n")).toContain(line);
    expect(host.stderrLines.filter((l) => l.startsWith(MARKER))).toEqual([]);
    expect(host.violations).toEqual([]);
  });

  it("is off with enableStdoutGuard: false, so the raw line reaches stdout", async () => {
    const host = await startReady({ options: { enableStdoutGuard: false } });
    host.sendEvent(OUTBOUND_TOPIC, { do: "console-log", text: "raw stray line", tag: "raw" });
    await host.waitFor(tagged("raw"));
    await host.request("shutdown");
    await host.exitedWithin(5000);
    // The option works: the stray line went to fd 1 as is, and the harness flagged it.
    expect(host.stdoutText().split("\n")).toContain("raw stray line");
    expect(host.violations).toEqual(['stdout line is not JSON: "raw stray line"']);
    expect(host.stderrLines.filter((l) => l.startsWith(MARKER))).toEqual([]);
  });
});

describe("stdout guard under bootstrap()", () => {
  it("is up before the plugin class is constructed, and flushes a constructor's partial line at exit", async () => {
    const host = WireHost.spawn(path.join(__dirname, "fixtures", "decorators", "noisy-constructor.js"));
    const init = await host.request("initialize", { nexo_version: "0.1.0" });
    expect((init["result"] as Frame)["manifest"]).toBeDefined();
    host.sendEvent("plugin.outbound.noisy", { n: 1 });
    await host.waitFor((f) => f["method"] === "broker.publish");
    await host.request("shutdown", {});
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.stdoutText()).not.toContain("from the constructor");
    expect(host.stderrLines).toContain(`${MARKER}hello from the constructor`);
    expect(host.stderrLines).toContain(`${MARKER}a partial line from the constructor`);
    expect(host.violations).toEqual([]);
  });
});
