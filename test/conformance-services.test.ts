/**
 * The conformance fixture's production surfaces (FIXTURE.md, "Production surfaces"):
 * `configure`, `credentials`, `publish_config`, the `config` tool and `--print-manifest`,
 * spawned from another working directory as cross-SDK suites drive it.
 */
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { WireHost, type Frame } from "./support/wire-host";

const FIXTURE = path.join(__dirname, "..", "conformance", "fixture");

function manifest(shape: "object" | "array"): string {
  return `[plugin]
id = "conf"
version = "1.0.0"

[[plugin.channels.register]]
kind = "conf"

[plugin.extends]
tools = ["conf_config"]

[plugin.config_schema]
shape = "${shape}"
schema = '{"type": "object"}'

[plugin.credentials_schema]
enabled = true
`;
}

async function fixture(config: Record<string, unknown>): Promise<WireHost> {
  const host = WireHost.spawn(FIXTURE, ["--config", JSON.stringify({ manifest: manifest("array"), ...config })], { cwd: tmpdir() });
  expect((await host.request("initialize", {}, { timeoutMs: 10_000 }))["result"]).toBeDefined();
  return host;
}

async function stop(host: WireHost): Promise<void> {
  await host.request("shutdown", {});
  expect(await host.exited()).toEqual({ code: 0, signal: null });
  expect(host.violations).toEqual([]);
}

const payloadOf = (frame: Frame): unknown => ((frame["params"] as Frame)["event"] as Frame)["payload"];

test("configure accept keeps any value, and publish_config and the config tool report it", async () => {
  const host = await fixture({ configure: "accept", event_handler: "publish_config", declare_tools: ["conf_config"], tool_handler: "config" });
  expect((await host.invoke("conf_config", {}))["result"]).toEqual({ config: null });
  const value = [{ token: "a", extra: { nested: [1, 2] } }, { other: true }];
  expect((await host.request("plugin.configure", { value }))["result"]).toEqual({ ok: true });
  host.sendEvent("plugin.outbound.conf", { k: 1 });
  const published = await host.waitFor((f) => f["method"] === "broker.publish");
  expect(payloadOf(published)).toEqual({ config: value });
  expect((await host.invoke("conf_config", {}))["result"]).toEqual({ config: value });
  await stop(host);
});

test("configure required names the first missing name and, for a list, the element index", async () => {
  const host = await fixture({ configure: { required: ["token", "url"] }, declare_tools: ["conf_config"], tool_handler: "config" });
  const bad = await host.request("plugin.configure", { value: [{ token: "a", url: "u" }, { token: "b" }] });
  expect(bad["error"]).toMatchObject({ code: -32603, message: expect.stringContaining("[1].url") });
  const empty = await host.request("plugin.configure", { value: [{ token: "", url: "u" }] });
  expect((empty["error"] as { message: string }).message).toContain("[0].token");
  expect((await host.invoke("conf_config", {}))["result"]).toEqual({ config: null });
  const good = [{ token: "a", url: "u" }];
  expect((await host.request("plugin.configure", { value: good }))["result"]).toEqual({ ok: true });
  expect((await host.invoke("conf_config", {}))["result"]).toEqual({ config: good });
  await stop(host);
});

test("configure required on a single object names the field alone", async () => {
  const host = WireHost.spawn(
    FIXTURE,
    ["--config", JSON.stringify({ manifest: manifest("object"), configure: { required: ["token"] } })],
    { cwd: tmpdir() },
  );
  await host.request("initialize", {});
  const reply = await host.request("plugin.configure", { value: { url: "u" } });
  const message = (reply["error"] as { message: string }).message;
  expect(message).toContain("token");
  expect(message).not.toContain("[");
  await stop(host);
});

test("without configure, plugin.configure still validates against the schema and answers ok", async () => {
  const host = await fixture({});
  expect((await host.request("plugin.configure", { value: [{}] }))["result"]).toEqual({ ok: true });
  expect((await host.request("plugin.configure", { value: ["x"] }))["error"]).toMatchObject({ code: -32603, message: "invalid configuration: [0]: must be object" });
  await stop(host);
});

test("credentials: list, issue, resolve_bytes and reload as FIXTURE.md says", async () => {
  const host = await fixture({ credentials: { accounts: { zeta: "z-secret", alpha: "ä-secret" }, deny_agents: ["eve"] } });
  expect((await host.request("plugin.credentials.list", {}))["result"]).toEqual({ accounts: ["alpha", "zeta"], warnings: [] });
  expect((await host.request("plugin.credentials.issue", { account_id: "alpha", agent_id: "kate" }))["result"]).toEqual({ ok: true });
  const denied = await host.request("plugin.credentials.issue", { account_id: "alpha", agent_id: "eve" });
  expect((denied["error"] as { message: string }).message).toMatch(/^not_permitted/);
  const unknown = await host.request("plugin.credentials.issue", { account_id: "beta", agent_id: "kate" });
  expect((unknown["error"] as { message: string }).message).toMatch(/^not_found/);
  const bytes = await host.request("plugin.credentials.resolve_bytes", { account_id: "alpha", agent_id: "kate", fingerprint: "fp" });
  expect(Buffer.from((bytes["result"] as { bytes_b64: string }).bytes_b64, "base64").toString("utf8")).toBe("ä-secret");
  expect((await host.request("plugin.credentials.reload", {}))["result"]).toEqual({ ok: true });
  await stop(host);
});

test("without credentials the methods answer -32601", async () => {
  const host = await fixture({});
  expect((await host.request("plugin.credentials.list", {}))["error"]).toMatchObject({ code: -32601 });
  await stop(host);
});

test("--print-manifest writes the config's manifest text byte for byte and exits 0", () => {
  const text = manifest("array") + "# ünïcode trailer   \n";
  const result = spawnSync(FIXTURE, ["--config", JSON.stringify({ manifest: text, configure: "accept" }), "--print-manifest"], {
    cwd: tmpdir(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  expect(result.status).toBe(0);
  expect(result.stdout.equals(Buffer.from(text, "utf8"))).toBe(true);
});
