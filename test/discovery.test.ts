/**
 * The daemon's discovery probe (SERVICES.md section 6): `<binary> --print-manifest` prints the
 * manifest TOML byte for byte and exits 0, with nothing else on stdout, both through
 * `bootstrap()` (before the class is constructed) and through `PluginAdapter.run()`. Also the
 * schema probe behind `nexo-plugin schema`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "smol-toml";
import { writeTempManifest } from "./support/wire-host";

const PROBE = path.join(__dirname, "fixtures", "discovery", "probe-plugin.js");
const MANIFEST_FILE = path.join(__dirname, "fixtures", "discovery", "nexo-plugin.toml");
const SERVICES = path.join(__dirname, "fixtures", "services-plugin", "main.js");

/** Runs `node <script> [args]` as the daemon's discovery does: stdin discarded, stdout kept whole. */
function probe(script: string, args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString("utf8") };
}

describe("bootstrap()", () => {
  test("prints a manifest file's own bytes and exits 0 before the plugin class is constructed", () => {
    const result = probe(PROBE, ["file", "--print-manifest"]);
    expect(result.status).toBe(0);
    expect(result.stdout.equals(readFileSync(MANIFEST_FILE))).toBe(true);
    expect(result.stderr).not.toContain("[probe] constructed");
  });

  test("prints manifest text given to @Plugin exactly as written", () => {
    const result = probe(PROBE, ["text", "--print-manifest"]);
    expect(result.status).toBe(0);
    expect(result.stdout.toString("utf8")).toBe('[plugin]\nid = "probe"\nversion = "2.0.0"   # inline text\n\n[plugin.config_schema]\nshape = "object"\nschema = \'{"type":"object"}\'\n');
  });

  test("prints a manifest object as TOML that parses back to the same object", () => {
    const result = probe(PROBE, ["object", "--print-manifest"]);
    expect(result.status).toBe(0);
    expect(parse(result.stdout.toString("utf8"))).toEqual({
      plugin: { id: "probe", version: "3.0.0", extends: { tools: ["probe_a"] }, config_schema: { shape: "object", schema: '{"type":"object"}' } },
    });
    expect(result.stdout.toString("utf8")).not.toContain("CONSTRUCTED");
  });

  test("an invalid manifest is not advertised: one stderr line naming the field, exit 1, empty stdout", () => {
    const result = probe(PROBE, ["broken", "--print-manifest"]);
    expect(result.status).toBe(1);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr).toContain("plugin.id: must match");
  });

  test("without the flag the plugin runs as usual (its constructor's stdout diverted to stderr)", () => {
    const result = spawnSync(process.execPath, [PROBE, "file"], { input: "", encoding: "utf8", timeout: 10_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("CONSTRUCTED");
    expect(result.stderr).toContain("[probe] constructed");
  });

  test("--print-config-schema prints the JSON Schema of the @OnConfigure DTO and nothing else", () => {
    const result = probe(PROBE, ["file", "--print-config-schema"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout.toString("utf8"))).toEqual({
      type: "object",
      properties: { token: { type: "string", minLength: 1 }, port: { type: "integer", minimum: 1 } },
      required: ["token"],
      additionalProperties: false,
    });
    expect(result.stderr).not.toContain("[probe] constructed");
  });

  test("--print-config-schema without a DTO says what to add, exit 1", () => {
    const result = probe(PROBE, ["no-dto", "--print-config-schema"]);
    expect(result.status).toBe(1);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr).toContain("declares no configuration DTO: add @OnConfigure({ schema: YourConfigDto })");
  });
});

describe("PluginAdapter.run()", () => {
  test("prints manifest text given to the constructor exactly, and nothing else", () => {
    const manifest = '[plugin]\nid = "demo"\nversion = "1.0.0"\n\n[plugin.extends]\ntools = [ "demo_config" ]   # spaced\n';
    const result = probe(SERVICES, [JSON.stringify({ manifest, configure: "none" }), "--print-manifest"]);
    expect(result.status).toBe(0);
    expect(result.stdout.toString("utf8")).toBe(manifest);
  });

  test("prints a manifest file's own bytes", () => {
    const file = writeTempManifest('# spaced\r\n[plugin]\nid="demo"\nversion =  "1.0.0"\n\n[plugin.extends]\ntools = ["demo_config"]\n# ünïcode – end');
    const result = probe(SERVICES, [JSON.stringify({ manifest: file, configure: "none" }), "--print-manifest"]);
    expect(result.status).toBe(0);
    expect(result.stdout.equals(readFileSync(file))).toBe(true);
  });

  test("prints a manifest object as its TOML serialization", () => {
    const manifestObject = { plugin: { id: "demo", version: "1.0.0", extends: { tools: ["demo_config"] } } };
    const result = probe(SERVICES, [JSON.stringify({ manifestObject, configure: "none" }), "--print-manifest"]);
    expect(result.status).toBe(0);
    expect(parse(result.stdout.toString("utf8"))).toEqual(manifestObject);
  });
});
