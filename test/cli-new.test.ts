/**
 * `nexo-plugin new`, then what a new author does next: install, build, test, start the
 * development host, check and pack, with no network.
 *
 * How the project is installed: `nexoai` is this repository's `npm pack` tarball, and the other
 * packages come from the local npm cache through `npm ci --offline`, with a lockfile derived
 * from this repository's own (the scaffold's ranges are this package's own, so those are the
 * versions it resolves to). `npm ci` of this repository is what fills that cache.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as tar from "tar";
import { fileTempDir, nexoPlugin } from "./support/cli";
import { cleanEnv, installOffline, packThisPackage } from "./support/offline-install";
import { tempDir } from "./support/wire-host";

const FILES = [
  ".gitignore",
  "README.md",
  "dev-session.json",
  "jest.config.js",
  "nexo-plugin.toml",
  "package.json",
  "src/dto.ts",
  "src/main.ts",
  "src/plugin.ts",
  "test/plugin.test.ts",
  "tsconfig.json",
  "tsconfig.test.json",
];

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

function run(command: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, [...args], { cwd, encoding: "utf8", env: { ...cleanEnv(), NO_COLOR: "1" }, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("nexo-plugin new", () => {
  test("writes the project's files, and tells what to run next", () => {
    const dir = path.join(tempDir(), "weather");
    const result = nexoPlugin(["new", "weather_bot", "--dir", dir, "--description", "Says hello"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("created the weather_bot plugin in");
    expect(result.stdout).toContain("npm install");
    expect(filesUnder(dir).sort()).toEqual(FILES);
    const toml = readFileSync(path.join(dir, "nexo-plugin.toml"), "utf8");
    expect(toml).toContain('id = "weather_bot"');
    expect(toml).toContain('description = "Says hello"');
    expect(toml).toContain('tools = ["weather_bot_greet"]');
    const plugin = readFileSync(path.join(dir, "src", "plugin.ts"), "utf8");
    expect(plugin).toContain("export class WeatherBotPlugin extends NexoPlugin");
    for (const decorator of ['@OnEvent("plugin.outbound.weather_bot"', '@Tool({ name: "weather_bot_greet"', "@OnShutdown()"]) expect(plugin).toContain(decorator);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; scripts: Record<string, string> };
    expect(pkg.name).toBe("nexo-plugin-weather-bot");
    expect(Object.keys(pkg.scripts).sort()).toEqual(["build", "check", "pack", "start", "test"]);
  });

  test("checks the id with the manifest's rule before writing anything", () => {
    const parent = tempDir();
    for (const id of ["Weather", "9lives", "a-b", "x".repeat(33)]) {
      const result = nexoPlugin(["new", id, "--dir", path.join(parent, "p")]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`the plugin id is not valid: plugin.id: must match ^[a-z][a-z0-9_]{0,31}$, got ${JSON.stringify(id)}`);
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  test("refuses a folder that is not empty unless --force, which replaces only the scaffold's files", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    const refused = nexoPlugin(["new", "demo", "--dir", dir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`refused ${dir}: the folder is not empty (--force writes into it)`);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
    expect(nexoPlugin(["new", "demo", "--dir", dir, "--force"]).status).toBe(0);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(path.join(dir, "src", "plugin.ts"))).toBe(true);
  });

  test("defaults the folder to ./<id>", () => {
    const cwd = tempDir();
    expect(nexoPlugin(["new", "hello"], { cwd }).status).toBe(0);
    expect(filesUnder(path.join(cwd, "hello")).sort()).toEqual(FILES);
  });
});

describe("a new project, installed offline against npm pack of this package", () => {
  let project: string;

  beforeAll(() => {
    const work = fileTempDir();
    const tarball = packThisPackage(work);
    project = path.join(work, "greeter");
    expect(nexoPlugin(["new", "greeter", "--dir", project]).status).toBe(0);
    installOffline(project, tarball);
  }, 300_000);

  test("has nexoai installed as the packed files, with its command line", () => {
    const installed = path.join(project, "node_modules", "nexoai");
    expect(JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")).version).toBe("0.1.0");
    expect(existsSync(path.join(installed, "src"))).toBe(false);
    expect(existsSync(path.join(project, "node_modules", ".bin", "nexo-plugin"))).toBe(true);
  });

  test("its test passes", () => {
    const test = run("npm", ["test"], project);
    expect(`${test.stdout}${test.stderr}`).toMatch(/Tests:\s+4 passed, 4 total/);
    expect(test.status).toBe(0);
  }, 180_000);

  test("npm start builds it and shows the lifecycle against the development host", () => {
    const start = run("npm", ["start"], project);
    expect(start.stderr).toBe("");
    expect(start.status).toBe(0);
    expect(start.stdout).toContain("> tsc -p tsconfig.json");
    expect(start.stdout).toContain("handshake ok, 1 tool advertised");
    expect(start.stdout).toContain('← broker.publish plugin.inbound.greeter {"received":"hello"}');
    expect(start.stdout).toContain('{"content":[{"type":"text","text":"Hello, Ada!"}],"is_error":false}');
    expect(start.stdout).toContain("error -33402 invalid argument");
    expect(start.stdout).toContain("→ shutdown");
    expect(start.stdout).toContain("[greeter] info: shutting down {\"notes\":1}");
    expect(start.stdout).toMatch(/✔ contract kept: 4 steps, \d+ frames from the plugin, exit 0/);
  }, 180_000);

  test("check finds no problem, and pack builds a release whose launcher prints the manifest", () => {
    const check = run("npx", ["nexo-plugin", "check"], project);
    expect(check.stdout).toMatch(/^✔ greeter 0\.1\.0 \(\.\): no problems found\n$/);
    expect(check.status).toBe(0);
    const pack = run("npx", ["nexo-plugin", "pack", "--out", "release"], project);
    expect(pack.stderr).toBe("");
    expect(pack.status).toBe(0);
    const installed = path.join(tempDir(), "greeter");
    mkdirSync(installed);
    tar.x({ file: path.join(project, "release", "greeter-0.1.0-noarch.tar.gz"), cwd: installed, sync: true });
    expect(readdirSync(path.join(installed, "lib", "node_modules"))).toEqual(expect.arrayContaining(["nexoai", "class-validator"]));
    expect(readdirSync(path.join(installed, "lib", "node_modules"))).not.toContain("tar");
    const probe = spawnSync(path.join(installed, "bin", "greeter"), ["--print-manifest"], { timeout: 10_000 });
    expect(probe.status).toBe(0);
    expect(probe.stdout.equals(readFileSync(path.join(project, "nexo-plugin.toml")))).toBe(true);
  }, 180_000);
});
