/**
 * `plugin.credentials.*` over the wire (SERVICES.md section 2), driven against a
 * PluginAdapter plugin in a child process: the exact result shapes, the typed failures the
 * daemon maps by message prefix, bad params, and the daemon's 1 s budget.
 */
import * as path from "node:path";
import { WireHost, type Frame } from "./support/wire-host";

const SCRIPT = path.join(__dirname, "fixtures", "services-plugin", "main.js");

const ACCOUNTS = { work: "s3cret-work", home: "pässword" };

async function start(config: Record<string, unknown> = {}): Promise<WireHost> {
  const host = WireHost.spawn(SCRIPT, [JSON.stringify({ configure: "none", ...config })]);
  const init = await host.request("initialize", { nexo_version: "0.1.0" }, { timeoutMs: 10_000 });
  expect(init["result"]).toBeDefined();
  return host;
}

async function stop(host: WireHost): Promise<void> {
  await host.request("shutdown", {});
  expect(await host.exited()).toEqual({ code: 0, signal: null });
  expect(host.violations).toEqual([]);
}

const errorOf = (reply: Frame): { code: number; message: string } => reply["error"] as { code: number; message: string };

test("list answers the account ids, sorted, with an empty warnings list", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS } });
  const reply = await host.request("plugin.credentials.list", {});
  expect(reply["result"]).toEqual({ accounts: ["home", "work"], warnings: [] });
  await stop(host);
});

test("list passes the provider's warnings on, and reload runs the provider's reload", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS, list: "object" } });
  expect((await host.request("plugin.credentials.list", {}))["result"]).toEqual({ accounts: ["home", "work"], warnings: ["reloaded 0 times"] });
  expect((await host.request("plugin.credentials.reload", {}))["result"]).toEqual({ ok: true });
  expect((await host.request("plugin.credentials.list", {}))["result"]).toEqual({ accounts: ["home", "work"], warnings: ["reloaded 1 times"] });
  await stop(host);
});

test("reload without a reload function is ok", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS, reload: false } });
  expect((await host.request("plugin.credentials.reload", {}))["result"]).toEqual({ ok: true });
  await stop(host);
});

test("issue answers ok, not_permitted for a denied agent and not_found for an unknown account", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS, deny: ["mallory"] } });
  const ok = await host.request("plugin.credentials.issue", { account_id: "work", agent_id: "kate" });
  expect(ok["result"]).toEqual({ ok: true });
  const denied = await host.request("plugin.credentials.issue", { account_id: "work", agent_id: "mallory" });
  expect(errorOf(denied)).toEqual({ code: -32603, message: 'not_permitted: agent "mallory" may not use "work"' });
  const missing = await host.request("plugin.credentials.issue", { account_id: "gone", agent_id: "kate" });
  expect(errorOf(missing)).toEqual({ code: -32603, message: 'not_found: account "gone"' });
  await stop(host);
});

test("resolve_bytes answers a string secret as the standard base64 of its UTF-8 bytes", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS } });
  const reply = await host.request("plugin.credentials.resolve_bytes", { account_id: "home", agent_id: "kate", fingerprint: "fp1" });
  expect(reply["result"]).toEqual({ bytes_b64: Buffer.from("pässword", "utf8").toString("base64") });
  expect(Object.keys(reply["result"] as object)).toEqual(["bytes_b64"]);
  const missing = await host.request("plugin.credentials.resolve_bytes", { account_id: "gone", agent_id: "kate", fingerprint: "fp1" });
  expect(errorOf(missing).message).toMatch(/^not_found/);
  await stop(host);
});

test("resolve_bytes sends a Buffer, and a Uint8Array view, byte for byte", async () => {
  // Bytes that are not UTF-8, with padding, so a text round trip would change them.
  const raw = Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x41]);
  const accounts = { bin: raw.toString("base64") };
  for (const bytes of ["buffer", "slice"]) {
    const host = await start({ credentials: { accounts, bytes } });
    const reply = await host.request("plugin.credentials.resolve_bytes", { account_id: "bin", agent_id: "kate", fingerprint: "f" });
    const encoded = (reply["result"] as { bytes_b64: string }).bytes_b64;
    expect(encoded).toBe("/wD+gEE=");
    expect(Buffer.from(encoded, "base64").equals(raw)).toBe(true);
    await stop(host);
  }
});

test("bad params are -32602 naming the field, and the provider is not called", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS, crash: true } });
  const cases: Array<[string, unknown, string]> = [
    ["plugin.credentials.issue", { agent_id: "kate" }, "invalid params: params.account_id is required"],
    ["plugin.credentials.issue", { account_id: 7, agent_id: "kate" }, "invalid params: params.account_id must be a non-empty string, got 7"],
    ["plugin.credentials.issue", { account_id: "work", agent_id: "" }, 'invalid params: params.agent_id must be a non-empty string, got ""'],
    ["plugin.credentials.resolve_bytes", { account_id: "work", agent_id: "kate" }, "invalid params: params.fingerprint is required"],
    ["plugin.credentials.resolve_bytes", "work", 'invalid params: params must be an object, got "work"'],
    ["plugin.credentials.list", [1], "invalid params: params must be an object"],
    ["plugin.credentials.reload", 3, "invalid params: params must be an object"],
  ];
  for (const [method, params, message] of cases) {
    expect(errorOf(await host.request(method, params))).toEqual({ code: -32602, message });
  }
  await host.stderrBarrier();
  expect(host.stderrLines.some((l) => l.includes("key store"))).toBe(false);
  await stop(host);
});

test("any other failure is a -32603 naming the method and account, never read as not_found or not_permitted", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS, crash: true } });
  const reply = await host.request("plugin.credentials.issue", { account_id: "work", agent_id: "kate" });
  expect(errorOf(reply)).toEqual({
    code: -32603,
    message: 'plugin.credentials.issue (account "work", agent "kate") failed: the key store is unreachable',
  });
  await host.stderrBarrier();
  expect(host.stderrLines.some((l) => l.includes("plugin.credentials.issue") && l.includes("the key store is unreachable"))).toBe(true);
  await stop(host);
});

test("a list result of the wrong shape is an error naming the element, not a reply the daemon cannot decode", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS, list: "bad" } });
  const reply = await host.request("plugin.credentials.list", {});
  expect(errorOf(reply)).toEqual({
    code: -32603,
    message: "plugin.credentials.list returned an invalid result: accounts[2] must be a string, got 7",
  });
  await stop(host);
});

test("a provider past the daemon's 1 s budget still answers, and says on stderr that the daemon gave up", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS, slowMs: 1200 } });
  const reply = await host.request("plugin.credentials.issue", { account_id: "work", agent_id: "kate" });
  expect(reply["result"]).toEqual({ ok: true });
  const line = await host.waitForStderr(/budget/);
  expect(line).toContain('plugin.credentials.issue (account "work", agent "kate") is still running after the daemon\'s 1000 ms budget');
  await stop(host);
});

test("a provider within its budget logs nothing about it", async () => {
  const host = await start({ credentials: { accounts: ACCOUNTS } });
  await host.request("plugin.credentials.resolve_bytes", { account_id: "work", agent_id: "kate", fingerprint: "f" });
  await host.stderrBarrier();
  expect(host.stderrLines.filter((l) => l.includes("budget"))).toEqual([]);
  await stop(host);
});

test("with credentials enabled and no provider, every method is -32601 saying so", async () => {
  const host = await start();
  for (const method of ["list", "issue", "resolve_bytes", "reload"]) {
    expect(errorOf(await host.request(`plugin.credentials.${method}`, {}))).toEqual({
      code: -32601,
      message: `method not found: plugin.credentials.${method} (the plugin registered no credentials provider)`,
    });
  }
  await stop(host);
});

test("without [plugin.credentials_schema] the methods are -32601 naming the section, and a provider fails the start", async () => {
  const manifest = `[plugin]
id = "demo"
version = "1.0.0"

[plugin.extends]
tools = ["demo_config"]
`;
  const host = await start({ manifest });
  expect(errorOf(await host.request("plugin.credentials.list", {}))).toEqual({
    code: -32601,
    message: "method not found: plugin.credentials.list (the manifest has no [plugin.credentials_schema] with enabled = true)",
  });
  await stop(host);
  const refused = WireHost.spawn(SCRIPT, [JSON.stringify({ manifest, configure: "none", credentials: { accounts: {} } })]);
  expect((await refused.exited()).code).not.toBe(0);
  expect(refused.stderrLines.join("\n")).toContain("plugin.credentials_schema.enabled: must be true to serve credentials");
  expect(refused.stdoutText()).toBe("");
});
