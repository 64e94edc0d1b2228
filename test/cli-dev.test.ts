/**
 * The development host, run as its command line against the sample plugin and against plugins
 * that break the contract in one way each.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const PLUGINS = path.join(__dirname, "fixtures", "dev-plugins");

function dev(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, "dev", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "nexo-dev-")), name);
  writeFileSync(file, content);
  return file;
}

const session = (steps: unknown[]): string => tempFile("session.json", JSON.stringify(steps));

describe("nexo-plugin dev", () => {
  test("plays the sample plugin's demo session and reports the contract kept", () => {
    const { status, stdout } = dev("sample-plugin");
    expect(status).toBe(0);
    expect(stdout).not.toMatch(/\x1b\[/);
    expect(stdout).toContain("→ initialize");
    expect(stdout).toContain("handshake ok, 2 tools advertised");
    expect(stdout).toContain("← broker.publish plugin.inbound.notes ");
    expect(stdout).toContain("← memory.recall");
    expect(stdout).toContain("→ llm.complete.delta");
    expect(stdout).toContain("error -33402 invalid argument");
    expect(stdout).toContain(`do not satisfy SummarizeArgs {"details":[{"property":"topic"`);
    expect(stdout).toContain("configuration accepted");
    expect(stdout).toContain('"signed":"— the notes desk"');
    expect(stdout).toContain("hot reload refused (plugin.configure answered -32603: configuration refused: channel \"team_a\" is configured twice)");
    expect(stdout).toContain('"signed":"— team A, reloaded"');
    expect(stdout).toContain("← reply #7 {\"ok\":true}");
    expect(stdout).toContain("exit code 0");
    expect(stdout).toMatch(/skipped by NotesPlugin\.deliver: invalid payload: to: isNotEmpty \(to should not be empty\)/);
    expect(stdout.trimEnd().split("\n").pop()).toMatch(/^✔ contract kept: 9 steps, \d+ frames from the plugin, exit 0/);
  });

  test("flags a publish the daemon would drop without failing the run", () => {
    const steps = [{ event: { topic: "plugin.outbound.devcheck", payload: { n: 1 } } }, { tool: { name: "devcheck_echo", args: { a: 1 } } }];
    const { status, stdout } = dev(path.join(PLUGINS, "good"), "--session", session(steps));
    expect(status).toBe(0);
    expect(stdout).toContain("← broker.publish plugin.inbound.devcheck {\"n\":1}");
    expect(stdout).toContain("the daemon would drop this publish: somewhere.else is outside the allowlist (plugin.inbound.devcheck, plugin.inbound.devcheck.>)");
    expect(stdout).toContain("← reply #2 {\"a\":1}");
    expect(stdout).toContain("[nexoai] publish to \"somewhere.else\" is outside the manifest's publish allowlist");
  });

  test("fails a plugin that writes a raw line to stdout", () => {
    const { status, stdout } = dev(path.join(PLUGINS, "stdout-writer"), "--session", session([{ event: { topic: "plugin.outbound.devcheck", payload: {} } }]));
    expect(status).toBe(1);
    expect(stdout).toContain('✘ stdout line not JSON: debug: got an event');
    expect(stdout).toMatch(/✘ 1 contract problem/);
  });

  test("fails and kills a plugin that answers initialize with the wrong plugin id", () => {
    const { status, stdout } = dev(path.join(PLUGINS, "wrong-id"));
    expect(status).toBe(1);
    expect(stdout).toContain('initialize reported plugin id "someone_else", the daemon registered "devcheck"');
    expect(stdout).toContain("killing the plugin");
  });

  test("fails a plugin that exits non-zero mid-session", () => {
    const steps = [{ event: { topic: "plugin.outbound.devcheck", payload: {} } }, { pause: 50 }, { tool: { name: "devcheck_echo" } }];
    const { status, stdout } = dev(path.join(PLUGINS, "crasher"), "--session", session(steps));
    expect(status).toBe(1);
    expect(stdout).toContain("the plugin exited before the session finished");
    expect(stdout).toContain("the plugin exited with code 3");
  });

  test.each([
    ["exits during a tool call", "exit", ["no reply to tool.invoke: the plugin is gone (its stdout ended)", "the plugin exited with code 4"]],
    ["dies by a signal during a tool call", "signal", ["no reply to tool.invoke: the plugin is gone", "the plugin was killed by SIGKILL"]],
    ["writes a reply to an id it was never sent", "stray", ['a reply to id 777 answers no waiting request']],
  ])("fails a plugin that %s, and does not hang", (_what, how, messages) => {
    const steps = [{ tool: { name: "devcheck_echo", args: { how } } }, { shutdown: "done" }];
    const started = Date.now();
    const { status, stdout } = dev(path.join(PLUGINS, "unruly"), "--session", session(steps));
    expect(status).toBe(1);
    for (const message of messages) expect(stdout).toContain(message);
    expect(stdout).not.toContain("contract kept");
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test("lists the advertised tools after the handshake", () => {
    const { status, stdout } = dev(path.join(PLUGINS, "unruly"), "--session", session([{ shutdown: "done" }]));
    expect(status).toBe(0);
    expect(stdout).toContain("handshake ok, 1 tool advertised");
    expect(stdout).toContain("devcheck_echo: misbehaves on request {}");
  });

  test("reports a plugin folder it cannot start as bad input, exit 2", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "nexo-dev-empty-"));
    writeFileSync(path.join(empty, "nexo-plugin.toml"), '[plugin]\nid = "devcheck"\nversion = "1.0.0"\n');
    const { status, stderr } = dev(empty);
    expect(status).toBe(2);
    expect(stderr).toContain(`${empty}: cannot start the plugin: no [plugin.entrypoint].command and no built package.json "main"`);
    writeFileSync(path.join(empty, "package.json"), "{ not json");
    const broken = dev(empty);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(`${path.join(empty, "package.json")}: is not valid JSON`);
  });

  test("reports a plugin that never answers initialize within 5 s, kills it, and exits non-zero", () => {
    const started = Date.now();
    const { status, stdout } = dev(path.join(PLUGINS, "silent"));
    expect(status).toBe(1);
    expect(stdout).toContain("✘ no reply to initialize within 5 s");
    expect(stdout).toContain("killing the plugin");
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test("rejects a malformed session file naming the file, the step and the problem", () => {
    const file = session([{ event: { topic: "plugin.outbound.devcheck" } }, { tool: { args: {} } }]);
    const { status, stderr } = dev(path.join(PLUGINS, "good"), "--session", file);
    expect(status).toBe(2);
    expect(stderr).toContain(`${file} step 2: tool.name must be a non-empty string`);
  });

  test.each<[string, unknown[], string]>([
    ["a misspelt event field", [{ event: { topic: "plugin.outbound.devcheck", paylod: { a: 1 } } }], 'step 1: unknown event field "paylod" (known: topic, payload, session_id, source)'],
    ["a misspelt tool field", [{ pause: 1 }, { tool: { name: "devcheck_echo", arg: {} } }], 'step 2: unknown tool field "arg" (known: name, args, agent_id)'],
    ["an invalid topic", [{ event: { topic: "plugin..devcheck" } }], "step 1: event.topic must be a topic"],
  ])("rejects a session step with %s, naming the file, the step and the field", (_what, steps, message) => {
    const file = session(steps);
    const { status, stderr } = dev(path.join(PLUGINS, "good"), "--session", file);
    expect(status).toBe(2);
    expect(stderr).toContain(`${file} ${message}`);
  });

  test.each<[string, unknown, string]>([
    ["a misspelt section field", { llm: { replay: "x" } }, 'llm: unknown field "replay" (known: reply, chunk_size, error)'],
    ["a misspelt memory field", { memory: { entrys: [] } }, 'memory: unknown field "entrys"'],
    ["a mistyped entry field", { memory: { entries: [{ content: "c", tags: "food" }] } }, "memory.entries[0].tags: must be a list of strings"],
    ["a non-string agent id", { memory: { entries: [{ content: "c", agent_id: 5 }] } }, "memory.entries[0].agent_id: must be a string"],
  ])("rejects an answers file with %s, naming the file and the place", (_what, answers, message) => {
    const file = tempFile("answers.json", JSON.stringify(answers));
    const { status, stderr } = dev(path.join(PLUGINS, "good"), "--answers", file);
    expect(status).toBe(2);
    expect(stderr).toContain(`${file} ${message}`);
  });

  test("rejects a session file that is not JSON", () => {
    const file = tempFile("session.json", "[{ nope");
    const { status, stderr } = dev(path.join(PLUGINS, "good"), "--session", file);
    expect(status).toBe(2);
    expect(stderr).toContain(`${file}: not valid JSON`);
  });

  test("rejects a malformed answers file naming the file and the section", () => {
    const file = tempFile("answers.json", JSON.stringify({ memory: { entries: [{ text: "no content key" }] } }));
    const { status, stderr } = dev(path.join(PLUGINS, "good"), "--answers", file);
    expect(status).toBe(2);
    expect(stderr).toContain(`${file} memory.entries[0]: must be an object with a string "content"`);
  });

  test("answers host calls from an answers file, errors included", () => {
    const answers = tempFile("answers.json", JSON.stringify({ memory: { error: { code: -32603, message: "memory not configured" } } }));
    const { status, stdout } = dev("sample-plugin", "--answers", answers, "--session", session([{ tool: { name: "notes_search", args: { query: "x" } } }]));
    expect(status).toBe(0);
    expect(stdout).toContain("→ memory.recall error memory not configured");
    expect(stdout).toContain("error -33403 execution failed: rpc error -32603: memory not configured");
  });

  test("explains its usage on a bad command line", () => {
    const result = spawnSync(process.execPath, [CLI, "deploy"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "deploy"');
    expect(result.stderr).toContain("usage: nexo-plugin dev");
  });
});
