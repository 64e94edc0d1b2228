/**
 * CONTRACT.md section 1 (transport): framing, the inbound size cap and its memory bound,
 * malformed and non-object lines, blank lines, split and coalesced writes.
 */
import { startPlugin, startReady } from "./support/fixture";
import type { Frame, WireHost } from "./support/wire-host";

const MAX = 1_048_576;

/** A compact tool.invoke line (without newline) padded to exactly `bytes` UTF-8 bytes. */
function invokeLineOfSize(id: number, bytes: number, fill = "x"): string {
  const head = `{"jsonrpc":"2.0","id":${id},"method":"tool.invoke","params":{"tool_name":"demo_echo","args":{"pad":"`;
  const tail = '"}}}';
  const fillBytes = Buffer.byteLength(fill);
  const room = bytes - Buffer.byteLength(head) - Buffer.byteLength(tail);
  if (room < 0 || room % fillBytes !== 0) throw new Error(`cannot pad to ${bytes} bytes with ${fill}`);
  const line = head + fill.repeat(room / fillBytes) + tail;
  expect(Buffer.byteLength(line)).toBe(bytes);
  return line;
}

/** Asserts that `ids` got no response at all. */
function expectUnanswered(host: WireHost, ...ids: Array<number | string>): void {
  for (const id of ids) expect(host.frames.filter((f) => f["id"] === id)).toEqual([]);
}

describe("inbound frame cap", () => {
  it("accepts a frame of exactly 1 MiB and drops one byte more, then answers the next frame", async () => {
    const host = await startReady();
    const atCapLine = invokeLineOfSize(1, MAX);
    host.sendRaw(atCapLine + "\n");
    const atCap = await host.response(1, 10_000);
    expect((atCap["result"] as Frame)["args"]).toEqual(JSON.parse(atCapLine).params.args);
    host.sendRaw(invokeLineOfSize(2, MAX + 1) + "\n");
    await host.waitForStderr(new RegExp(`inbound frame of ${MAX + 1} bytes exceeds max ${MAX}`), 10_000);
    const next = await host.invoke("demo_echo", { after: true }, {}, { id: 3 });
    expect((next["result"] as Frame)["args"]).toEqual({ after: true });
    expectUnanswered(host, 2);
    expect(host.violations).toEqual([]);
  });

  it("drops a 1,060,000-byte frame with a stderr line naming max, then answers a good frame", async () => {
    const host = await startReady();
    host.sendRaw(invokeLineOfSize(5, 1_060_000) + "\n" + JSON.stringify({ jsonrpc: "2.0", id: 6, method: "initialize" }) + "\n");
    const line = await host.waitForStderr(/exceeds max/, 10_000);
    expect(line).toContain("inbound frame of 1060000 bytes exceeds max 1048576");
    await host.response(6, 10_000);
    expectUnanswered(host, 5);
    expect(host.violations).toEqual([]);
  });

  it("counts UTF-8 bytes, not characters, against the cap", async () => {
    const host = await startReady({ options: { maxFrameBytes: 1024 } });
    // 2-byte characters: under the cap in characters, over it in bytes.
    const over = invokeLineOfSize(1, 1026, "é");
    expect(over.length).toBeLessThan(1024);
    host.sendRaw(over + "\n");
    await host.waitForStderr(/inbound frame of 1026 bytes exceeds max 1024/);
    // Exactly at the cap in bytes is accepted.
    host.sendRaw(invokeLineOfSize(2, 1024, "é") + "\n");
    const reply = await host.response(2);
    expect(((reply["result"] as Frame)["args"] as Frame)["pad"]).toMatch(/^é+$/);
    expectUnanswered(host, 1);
    expect(host.violations).toEqual([]);
  });

  it("applies a custom maxFrameBytes and keeps dispatching after many oversize lines", async () => {
    const host = await startReady({ options: { maxFrameBytes: 200 } });
    for (let id = 100; id < 110; id++) host.sendRaw(invokeLineOfSize(id, 201) + "\n");
    const reply = await host.invoke("demo_echo", { ok: 1 }, {}, { id: 200 });
    expect((reply["result"] as Frame)["args"]).toEqual({ ok: 1 });
    const drops = await host.waitForStderrCount(/inbound frame of 201 bytes exceeds max 200/, 10);
    expect(drops).toHaveLength(10);
    expectUnanswered(host, ...Array.from({ length: 10 }, (_, i) => 100 + i));
  });

  it("bounds memory on a 100 MB line that never ends, and answers the frame after its newline", async () => {
    const host = await startReady();
    const total = 100 * 1024 * 1024;
    const baseline = host.peakRssKb();
    await host.streamBytes(total, "a");
    host.sendRaw("\n" + JSON.stringify({ jsonrpc: "2.0", id: 9, method: "initialize", params: {} }) + "\n");
    const reply = await host.response(9, 20_000);
    expect(reply["result"]).toBeDefined();
    // The peak resident size stayed far below the size of the line.
    const peak = host.peakRssKb();
    expect(peak).toBeLessThan(100 * 1024);
    expect(peak - baseline).toBeLessThan(50 * 1024);
    await host.waitForStderr(new RegExp(`inbound frame of ${total} bytes exceeds max ${MAX}`));
    expect(host.violations).toEqual([]);
  }, 60_000);
});

describe("malformed and non-object input", () => {
  it("drops a line that is not JSON with a stderr line containing 'malformed', never answering it", async () => {
    const host = await startReady();
    const before = host.frames.length;
    host.sendRaw('{"jsonrpc":"2.0","id":1,"method":"initialize"\n');
    await host.waitForStderr(/malformed/);
    host.sendRaw("not json at all\n");
    await host.waitForStderr(/malformed.*not json at all/);
    const barrier = await host.barrier();
    expect(host.frames.slice(before)).toEqual([barrier]);
    expect(host.violations).toEqual([]);
  });

  describe("non-object JSON", () => {
    let host: WireHost;
    beforeAll(async () => {
      host = await startReady({}, { scope: "file" });
    });

    it.each([
      ["an array", '[{"jsonrpc":"2.0","id":1,"method":"initialize"}]', "array"],
      ["a number", "42", "number"],
      ["a string", '"initialize"', "string"],
      ["null", "null", "null"],
      ["a boolean", "true", "boolean"],
    ])("drops %s with a stderr line and never answers it", async (_label, line, kind) => {
      const before = host.frames.length;
      const stderrBefore = host.stderrLines.length;
      host.sendRaw(line + "\n");
      const barrier = await host.barrier();
      const mark = await host.stderrBarrier();
      expect(host.frames.slice(before)).toEqual([barrier]);
      expect(host.stderrLines.slice(stderrBefore, mark)).toEqual([expect.stringContaining(`non-object frame dropped (${kind})`)]);
      expect(host.violations).toEqual([]);
    });
  });

  it("skips blank lines silently", async () => {
    const host = await startReady();
    const before = host.frames.length;
    const stderrBefore = host.stderrLines.length;
    host.sendRaw("\n\n   \n\t\n\r\n");
    const reply = await host.request("initialize", {});
    const mark = await host.stderrBarrier();
    expect(host.frames.slice(before)).toEqual([reply]);
    // Nothing was logged for the blank lines: the barrier's own line is the only new one.
    expect(host.stderrLines.slice(stderrBefore, mark)).toEqual([]);
    expect(host.violations).toEqual([]);
  });

  it("accepts CRLF line endings", async () => {
    const host = await startReady();
    host.sendRaw('{"jsonrpc":"2.0","id":"crlf","method":"initialize"}\r\n');
    const reply = await host.response("crlf");
    expect(reply["result"]).toBeDefined();
  });
});

describe("split and coalesced writes", () => {
  it("reassembles a frame written a few bytes at a time, multi-byte characters split included", async () => {
    const host = await startReady();
    const bytes = Buffer.from(
      JSON.stringify({ jsonrpc: "2.0", id: 31, method: "tool.invoke", params: { tool_name: "demo_echo", args: { s: "héllo → wörld 🎉" } } }) + "\n",
    );
    for (let i = 0; i < bytes.length; i += 3) {
      await host.write(bytes.subarray(i, i + 3));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const reply = await host.response(31);
    expect((reply["result"] as Frame)["args"]).toEqual({ s: "héllo → wörld 🎉" });
    expect(host.violations).toEqual([]);
  });

  it("answers many frames written in one write, each exactly once", async () => {
    const host = await startReady();
    const ids = Array.from({ length: 50 }, (_, i) => 1000 + i);
    host.sendRaw(
      ids
        .map((id) => JSON.stringify({ jsonrpc: "2.0", id, method: "tool.invoke", params: { tool_name: "demo_echo", args: { n: id } } }))
        .join("\n") + "\n",
    );
    const replies = await host.waitForCount((f) => typeof f["id"] === "number" && (f["id"] as number) >= 1000, 50);
    expect(replies.map((r) => r["id"]).sort()).toEqual(ids);
    for (const reply of replies) expect(((reply["result"] as Frame)["args"] as Frame)["n"]).toBe(reply["id"]);
    expect(host.violations).toEqual([]);
  });

  it("reads a last line that has no newline when stdin closes", async () => {
    const host = startPlugin();
    host.sendRaw('{"jsonrpc":"2.0","id":"last","method":"initialize"}');
    host.endInput();
    const status = await host.exitedWithin(5000);
    expect(status).toEqual({ code: 0, signal: null });
    expect(host.frames.filter((f) => f["id"] === "last")).toHaveLength(1);
    expect(host.violations).toEqual([]);
  });

  it("writes only newline-terminated JSON object lines to stdout", async () => {
    const host = await startReady();
    await host.invoke("demo_echo", { s: "line\nbreak\u2028sep" });
    host.sendEvent("plugin.outbound.demo", { do: "publish", tag: "x" });
    await host.waitFor((f) => f["method"] === "broker.publish");
    await host.request("shutdown");
    await host.exitedWithin(5000);
    const text = host.stdoutText();
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines.length).toBe(host.frames.length);
    for (const line of lines) {
      const value: unknown = JSON.parse(line);
      expect(typeof value === "object" && value !== null && !Array.isArray(value)).toBe(true);
    }
    expect(host.violations).toEqual([]);
  });
});
