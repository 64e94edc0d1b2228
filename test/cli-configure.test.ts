/**
 * The command line and operator configuration: the development host plays `plugin.configure`
 * as the daemon does (at start from the answers file, on hot reload from a session step), and
 * `nexo-plugin schema` prints the JSON Schema of a configuration DTO.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const CONFIGURED = path.join(__dirname, "fixtures", "dev-plugins", "configured");
const GOOD = path.join(__dirname, "fixtures", "dev-plugins", "good");

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempJson(name: string, content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "nexo-cfg-")), name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const EVENT = { event: { topic: "plugin.outbound.devconf", payload: {} } };

describe("nexo-plugin dev and plugin.configure", () => {
  test("sends the answers file's config right after initialize, and a configure step as a hot reload", () => {
    const answers = tempJson("answers.json", { config: [{ name: "primary" }, { name: "backup" }] });
    const session = tempJson("session.json", [EVENT, { configure: [{ name: "primary" }] }, EVENT]);
    const { status, stdout } = cli("dev", CONFIGURED, "--answers", answers, "--session", session);
    expect(status).toBe(0);
    expect(stdout).toContain('→ plugin.configure [{"name":"primary"},{"name":"backup"}]');
    expect(stdout).toContain("configuration accepted");
    expect(stdout).toContain('← broker.publish plugin.inbound.devconf {"instances":["primary","backup"]}');
    expect(stdout).toContain('→ plugin.configure (hot reload) [{"name":"primary"}]');
    expect(stdout).toContain("configuration reloaded");
    expect(stdout).toContain('← broker.publish plugin.inbound.devconf {"instances":["primary"]}');
    expect(stdout).toMatch(/✔ contract kept/);
  });

  test("a configuration refused at start fails the run, as the daemon would refuse to load the plugin", () => {
    const answers = tempJson("answers.json", { config: [{ name: "primary" }, { nom: "typo" }] });
    const { status, stdout } = cli("dev", CONFIGURED, "--answers", answers);
    expect(status).toBe(1);
    expect(stdout).toContain(
      "configuration refused (plugin.configure answered -32603: invalid configuration: [1].name: is required): the daemon would refuse to load the plugin",
    );
    expect(stdout).toContain("killing the plugin");
  });

  test("without an answers config the daemon's null is sent", () => {
    const { status, stdout } = cli("dev", CONFIGURED, "--session", tempJson("session.json", [EVENT]));
    expect(status).toBe(0);
    expect(stdout).toContain("→ plugin.configure null");
    expect(stdout).toContain('{"instances":[]}');
  });

  test("a refused hot reload is reported and the previous configuration stays, without failing the run", () => {
    const answers = tempJson("answers.json", { config: [{ name: "primary" }] });
    const session = tempJson("session.json", [{ configure: [{ name: "other" }] }, EVENT]);
    const { status, stdout } = cli("dev", CONFIGURED, "--answers", answers, "--session", session);
    expect(status).toBe(0);
    expect(stdout).toContain("hot reload refused (plugin.configure answered -32603: configuration refused: the primary instance cannot be removed while running)");
    expect(stdout).toContain('{"instances":["primary"]}');
  });

  test("a plugin without [plugin.config_schema] is sent no configuration", () => {
    const answers = tempJson("answers.json", { config: { a: 1 } });
    const { status, stdout } = cli("dev", GOOD, "--answers", answers, "--session", tempJson("session.json", [{ configure: null }]));
    expect(status).toBe(0);
    expect(stdout).not.toContain("→ plugin.configure");
    expect(stdout).toContain("configuration not sent: the manifest has no [plugin.config_schema]");
  });
});

describe("nexo-plugin schema", () => {
  test("prints the JSON Schema of the sample plugin's configuration DTO", () => {
    const { status, stdout, stderr } = cli("schema", "sample-plugin");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const schema = JSON.parse(stdout) as { type: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(["channel", "signature"]);
    expect(Object.keys(schema.properties)).toEqual(["channel", "signature", "maxChars"]);
  });

  test("--toml prints the section that the sample plugin's manifest holds", () => {
    const { status, stdout } = cli("schema", "sample-plugin", "--toml");
    expect(status).toBe(0);
    const manifest = readFileSync(path.join(ROOT, "sample-plugin", "nexo-plugin.toml"), "utf8");
    expect(manifest).toContain(stdout.trimEnd());
  });

  test("a plugin without a configuration DTO says what to add, exit 1", () => {
    const { status, stderr } = cli("schema", CONFIGURED);
    expect(status).toBe(1);
    expect(stderr).toContain("nexo-plugin schema: devconf (package.json main) printed no schema");
  });

  test("a folder without a manifest is bad input, exit 2", () => {
    const { status, stderr } = cli("schema", mkdtempSync(path.join(tmpdir(), "nexo-empty-")));
    expect(status).toBe(2);
    expect(stderr).toContain("nexo-plugin schema: cannot read manifest");
  });
});
