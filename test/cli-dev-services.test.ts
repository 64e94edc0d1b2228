/**
 * The development host's service steps (`http`, `admin`, `metrics`, `pairing`), played against
 * the broker services fixture and against plugins whose manifest would lose the replies.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const SHOP = path.join(__dirname, "fixtures", "broker-services-plugin");
const REQUESTS = path.join(__dirname, "fixtures", "requests-plugin", "main.js");

function dev(...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, "dev", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "nexo-dev-services-"));
}

function session(steps: unknown[]): string {
  const file = path.join(tempDir(), "session.json");
  writeFileSync(file, JSON.stringify(steps));
  return file;
}

/** A plugin folder running the requests fixture with `manifest` (its own manifest too). */
function requestsPlugin(manifest: string): string {
  const dir = tempDir();
  const config = JSON.stringify({ manifest });
  const entrypoint = `\n[plugin.entrypoint]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ${JSON.stringify([REQUESTS, config])}\n`;
  writeFileSync(path.join(dir, "nexo-plugin.toml"), manifest.replace(/\n\[\[plugin\.channels\.register\]\]/, `${entrypoint}\n[[plugin.channels.register]]`));
  return dir;
}

test("plays HTTP, admin, metrics and pairing steps and shows them readably", () => {
  const steps = [
    { http: { method: "POST", path: "/shop/items?dry=1", headers: { "x-trace": "t1" }, body: { name: "lamp" } } },
    { http: { path: "/shop/fail" } },
    { admin: { method: "items/count" } },
    { admin: { method: "nexo/admin/shop/fail", params: {} } },
    { metrics: true },
    { pairing: { normalize_sender: { raw: "+34 600" } } },
    { pairing: { start: { challenge_id: "c1", agent_id: "kate", instance: "main" } } },
  ];
  const { status, stdout } = dev(SHOP, "--session", session(steps));
  expect(stdout).toMatch(/→ HTTP POST \/shop\/items\?dry=1\n.*x-trace: t1\n.*content-type: application\/json\n.*\{"name":"lamp"\}/);
  expect(stdout).toMatch(/← HTTP 201 Created\n.*location: \/shop\/items\/new\n.*content-type: application\/json\n.*\{"created":\{"name":"lamp"\}\}/);
  expect(stdout).toMatch(/← HTTP 500 Internal Server Error\n/);
  expect(stdout).toContain('← admin nexo/admin/shop/items/count ok {"count":3');
  expect(stdout).toContain("← admin nexo/admin/shop/fail error admin failed on purpose");
  expect(stdout).toMatch(/← metrics \d+ samples\n/);
  expect(stdout).toMatch(/nexo_plugin_broker_requests_total\{service="HTTP routes",outcome="ok"\} 2/);
  expect(stdout).not.toMatch(/_bucket\{/);
  expect(stdout).toContain('← pairing normalize_sender {"normalized":"+34600"}');
  expect(stdout).toContain('← pairing start ok {"started":"c1","agent":"kate"}');
  expect(stdout).toContain("← broker.publish plugin.inbound.shop.main.pairing.qr");
  expect(stdout).not.toMatch(/broker\.publish _inbox\./);
  expect(stdout.trimEnd().split("\n").pop()).toMatch(/^✔ contract kept: 8 steps/);
  expect(status).toBe(0);
});

test("fails a plugin whose manifest drops the replies or misses the subscription, saying what to add", () => {
  const manifest = '[plugin]\nid = "svc"\nversion = "1.0.0"\n\n[[plugin.channels.register]]\nkind = "svc"\n\n[plugin.metrics]\nprometheus = true\nbroker_topic_prefix = "svc"\n';
  const { status, stdout } = dev(requestsPlugin(manifest), "--session", session([{ metrics: true }]));
  expect(status).toBe(1);
  expect(stdout).toContain("the daemon would never deliver the metrics scrape: no subscription covers svc.metrics.scrape (add it to [plugin.capabilities.broker].subscribe)");
  expect(stdout).toContain('the daemon would drop the reply to the metrics scrape: add "_inbox.>" to [plugin.capabilities.broker].publish');
  expect(stdout).toMatch(/✘ 2 contract problems/);
});

test("fails a step for a service the manifest does not declare, and refuses a malformed step as bad input", () => {
  const manifest = '[plugin]\nid = "svc"\nversion = "1.0.0"\n\n[[plugin.channels.register]]\nkind = "svc"\n';
  const played = dev(requestsPlugin(manifest), "--session", session([{ admin: { method: "x" } }]));
  expect(played.status).toBe(1);
  expect(played.stdout).toContain("admin step cannot be sent: the manifest has no [plugin.admin]");
  const bad = spawnSync(process.execPath, [CLI, "dev", SHOP, "--session", session([{ pairing: { wave: {} } }])], { encoding: "utf8" });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/step 1: pairing must have exactly one key of normalize_sender, send_reply, send_qr_image, start, cancel/);
});
