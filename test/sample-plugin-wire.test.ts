/**
 * The sample plugin's binary as the daemon runs it: probed with `--print-manifest` by
 * discovery, then configured over the wire, its `@OnConfigure` DTO checking each instance.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { WireHost, type Frame } from "./support/wire-host";

const SAMPLE = path.join(__dirname, "..", "sample-plugin");
const BINARY = path.join(SAMPLE, "bin", "notes");

test("--print-manifest prints nexo-plugin.toml byte for byte, exit 0, nothing else", () => {
  const result = spawnSync(BINARY, ["--print-manifest"], { stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
  expect(result.status).toBe(0);
  expect(result.stdout.equals(readFileSync(path.join(SAMPLE, "nexo-plugin.toml")))).toBe(true);
});

test("configuration over the wire: a bad instance is named by index, a good list signs receipts", async () => {
  const host = WireHost.spawn(path.join(SAMPLE, "dist", "main.js"));
  await host.request("initialize", { nexo_version: "0.1.0" }, { timeoutMs: 10_000 });
  const bad = await host.request("plugin.configure", { value: [{ channel: "default", signature: "s" }, { channel: "default", signature: "s", colour: "red" }] });
  expect(bad["error"]).toEqual({
    code: -32603,
    message: "invalid configuration: [1].colour: property colour should not exist",
    data: { problems: [{ path: "[1].colour", message: "property colour should not exist" }] },
  });
  expect((await host.request("plugin.configure", { value: [{ channel: "default", signature: "— desk" }] }))["result"]).toEqual({ ok: true });
  host.sendEvent("plugin.outbound.notes", { to: "kate", text: "hi" });
  const published = await host.waitFor((f) => f["method"] === "broker.publish");
  expect(((published["params"] as Frame)["event"] as Frame)["payload"]).toEqual({ kind: "receipt", channel: "default", to: "kate", chars: 2, signed: "— desk" });
  await host.request("shutdown", {});
  expect(await host.exited()).toEqual({ code: 0, signal: null });
  expect(host.violations).toEqual([]);
});
