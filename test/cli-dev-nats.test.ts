/**
 * `nexo-plugin dev --nats [url]`: the sample plugin's session played in NATS mode, against a
 * nats-server the command starts itself or one it is given.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describeWithNats, NatsServer } from "./support/nats-server";

const ROOT = path.join(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");

/** Runs the command line to its end (asynchronously, so a server in this process keeps serving). */
function dev(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "dev", ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** What the sample session shows once its events went over NATS and its publishes came back on NATS. */
function expectPlayedOverNats(stdout: string): void {
  expect(stdout).toContain("→ nats plugin.outbound.notes ");
  expect(stdout).toContain('← nats plugin.inbound.notes {"kind":"receipt"');
  expect(stdout).toContain("← nats plugin.inbound.notes.team_a ");
  expect(stdout).not.toContain("← broker.publish");
  // The daemon also forwards the events over stdio; the plugin takes them from NATS only.
  expect(stdout).toContain("broker.event on stdin ignored");
  expect(stdout).toContain("✔ contract kept");
}

describeWithNats("nexo-plugin dev --nats", () => {
  test("without a URL it starts nats-server for the session and plays it over NATS", async () => {
    const { status, stdout } = await dev(["sample-plugin", "--nats"]);
    expect(stdout).toMatch(/NATS mode: nats:\/\/127\.0\.0\.1:\d+ \(nats-server started for this session\)/);
    expectPlayedOverNats(stdout);
    expect(status).toBe(0);
  });

  test("with a URL it uses that server", async () => {
    const server = await NatsServer.start();
    try {
      const { status, stdout } = await dev(["sample-plugin", "--nats", server.url]);
      expect(stdout).toContain(`NATS mode: ${server.url}\n`);
      expectPlayedOverNats(stdout);
      expect(status).toBe(0);
    } finally {
      await server.stop();
    }
  });
});

test("--nats without a URL and without nats-server on PATH is bad input (exit 2)", async () => {
  // An empty folder as the whole PATH: the command itself runs from an absolute path.
  const { status, stderr } = await dev(["sample-plugin", "--nats"], { PATH: mkdtempSync(path.join(tmpdir(), "no-nats-")) });
  expect(status).toBe(2);
  expect(stderr).toContain("nexo-plugin dev: --nats: nats-server is not on PATH: install it, or give a server as --nats nats://host:port");
});
