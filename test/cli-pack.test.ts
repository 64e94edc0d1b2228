/**
 * `nexo-plugin pack`: the sample plugin packed, unpacked outside the repository with no
 * node_modules above it, and driven through its launcher over the wire as the daemon would;
 * the tarball's reproducibility; and each refusal of the installer's rules.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import * as tar from "tar";
import { fileTempDir, lockfile, nexoPlugin, pluginFolder, ROOT } from "./support/cli";
import { tempDir, WireHost, type Frame } from "./support/wire-host";

const SAMPLE = path.join(ROOT, "sample-plugin");
const TARBALL = "notes-0.1.0-noarch.tar.gz";

interface Listed {
  readonly path: string;
  readonly type: string;
  readonly mode: number;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
  readonly uname: string | undefined;
  readonly gname: string | undefined;
  readonly mtime: number | undefined;
}

function list(file: string): Listed[] {
  const entries: Listed[] = [];
  tar.t({
    file,
    sync: true,
    onReadEntry: (e) =>
      entries.push({ path: e.path, type: e.type, mode: e.mode ?? -1, uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, mtime: e.mtime?.getTime() }),
  });
  return entries;
}

/** Whether any folder from `dir` up to the root holds a node_modules. */
function nodeModulesAbove(dir: string): string | undefined {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, "node_modules"))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

let out: string;
let tarball: string;

beforeAll(() => {
  out = fileTempDir();
  const result = nexoPlugin(["pack", SAMPLE, "--out", out], { timeoutMs: 120_000 });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^packed notes 0\.1\.0: .*notes-0\.1\.0-noarch\.tar\.gz\n {2}\d+ entries, [\d.]+ MiB unpacked, [\d.]+ MiB packed\n {2}sha256 [0-9a-f]{64} /);
  tarball = path.join(out, TARBALL);
}, 120_000);

describe("the sample plugin's release", () => {
  test("is named <id>-<version>-noarch.tar.gz, with a .sha256 of one line: 64 hex digits, two spaces, the file name", () => {
    expect(readdirSync(out).sort()).toEqual([TARBALL, `${TARBALL}.sha256`]);
    const digest = createHash("sha256").update(readFileSync(tarball)).digest("hex");
    expect(readFileSync(`${tarball}.sha256`, "utf8")).toBe(`${digest}  ${TARBALL}\n`);
  });

  test("holds the manifest, the launcher, the compiled plugin and production dependencies only, as regular files", () => {
    const entries = list(tarball);
    const paths = entries.map((e) => e.path.replace(/\/$/, ""));
    expect(paths).toEqual([...paths].sort());
    expect(paths.slice(0, 3)).toEqual(["bin", "bin/notes", "lib"]);
    expect(paths).toContain("nexo-plugin.toml");
    expect(paths).toEqual(expect.arrayContaining(["lib/plugin/main.js", "lib/plugin/notes-plugin.js", "lib/plugin/dto.js", "lib/plugin/package.json"]));
    // nexoai as the files npm would publish, not a link to the repository.
    expect(paths).toEqual(expect.arrayContaining(["lib/node_modules/nexoai/package.json", "lib/node_modules/nexoai/dist/index.js"]));
    expect(paths.some((p) => p.startsWith("lib/node_modules/nexoai/src/") || p.startsWith("lib/node_modules/nexoai/test/"))).toBe(false);
    const packages = new Set(paths.filter((p) => p.startsWith("lib/node_modules/")).map((p) => p.split("/").slice(2, p.split("/")[2]!.startsWith("@") ? 4 : 3).join("/")));
    for (const name of ["nexoai", "class-validator", "class-transformer", "reflect-metadata", "smol-toml", "validator", "libphonenumber-js"]) {
      expect(packages).toContain(name);
    }
    // Development dependencies (of the plugin and of nexoai) and optional peers stay out.
    for (const name of ["jest", "typescript", "ts-jest", "tar", "esbuild", "nexo-plugin-notes"]) expect(packages).not.toContain(name);
    expect(new Set(entries.map((e) => e.type))).toEqual(new Set(["Directory", "File"]));
    expect(readFileSync(tarball).length).toBeLessThan(100 * 1024 * 1024);
  });

  test("is reproducible: fixed mtimes, uid/gid 0 with no owner names, fixed modes; packing again gives the same sha256", () => {
    const entries = list(tarball);
    const mtime = Date.UTC(2000, 0, 1);
    for (const entry of entries) {
      expect({ path: entry.path, uid: entry.uid, gid: entry.gid, uname: entry.uname ?? "", gname: entry.gname ?? "", mtime: entry.mtime }).toEqual({
        path: entry.path, uid: 0, gid: 0, uname: "", gname: "", mtime,
      });
      const expected = entry.type === "Directory" || entry.path === "bin/notes" ? 0o755 : 0o644;
      expect([entry.path, entry.mode.toString(8)]).toEqual([entry.path, expected.toString(8)]);
    }
    // The first header's numeric fields, as bytes: uid and gid are written as octal zeros, not left empty.
    const header = gunzipSync(readFileSync(tarball)).subarray(0, 512);
    expect(header.subarray(108, 116).toString("latin1")).toMatch(/^0+[ \0]+$/);
    expect(header.subarray(116, 124).toString("latin1")).toMatch(/^0+[ \0]+$/);
    const again = tempDir();
    expect(nexoPlugin(["pack", SAMPLE, "--out", again], { timeoutMs: 120_000 }).status).toBe(0);
    expect(readFileSync(path.join(again, `${TARBALL}.sha256`), "utf8")).toBe(readFileSync(`${tarball}.sha256`, "utf8"));
  }, 120_000);
});

describe("the unpacked release, outside the repository with no node_modules above it", () => {
  let installed: string;

  beforeAll(() => {
    installed = path.join(fileTempDir(), "notes");
    mkdirSync(installed);
    tar.x({ file: tarball, cwd: installed, sync: true });
  });

  test("has no node_modules above it", () => {
    expect(nodeModulesAbove(installed)).toBeUndefined();
    expect(path.relative(ROOT, installed).startsWith("..")).toBe(true);
  });

  test("bin/notes --print-manifest writes the manifest byte for byte and exits 0", () => {
    const result = spawnSync(path.join(installed, "bin", "notes"), ["--print-manifest"], { cwd: tempDir(), timeout: 10_000 });
    expect(result.status).toBe(0);
    expect(result.stderr.toString()).toBe("");
    expect(result.stdout.equals(readFileSync(path.join(SAMPLE, "nexo-plugin.toml")))).toBe(true);
  });

  test("bin/notes runs the plugin: handshake, an event, a tool call that asks memory, shutdown", async () => {
    const memory = (request: Frame) => {
      if (request["method"] !== "memory.recall") return undefined;
      return { result: { entries: [{ id: "m1", agent_id: "kate", content: "lunch at noon", tags: [], concept_tags: [], created_at: "2026-01-01T00:00:00Z", memory_type: null }] } };
    };
    // Started in an unrelated folder, as the daemon starts plugins in its own working directory.
    const host = WireHost.spawnExecutable(path.join(installed, "bin", "notes"), [], { cwd: tempDir(), autoRespond: memory });
    const init = await host.request("initialize", { nexo_version: "0.1.0" });
    const result = init["result"] as { manifest: { plugin: { id: string } }; tools: Array<{ name: string }> };
    expect(result.manifest.plugin.id).toBe("notes");
    expect(result.tools.map((t) => t.name)).toEqual(["notes_search", "notes_summarize"]);

    host.sendEvent("plugin.outbound.notes.team_a", { to: "kate", text: "Lunch?" });
    const published = await host.waitFor((f) => f["method"] === "broker.publish");
    expect(published["params"]).toMatchObject({ topic: "plugin.inbound.notes", event: { source: "notes", payload: { kind: "receipt", channel: "team_a", to: "kate" } } });

    const reply = await host.invoke("notes_search", { query: "lunch" }, { plugin_id: "notes", agent_id: "kate" });
    expect(reply["result"]).toEqual({ content: [{ type: "text", text: "- lunch at noon" }], is_error: false });

    const shutdown = await host.request("shutdown", { reason: "test" });
    expect(shutdown["result"]).toEqual({ ok: true });
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
    expect(host.violations).toEqual([]);
    expect(host.stderrLines.some((line) => line.includes("notes channel closing"))).toBe(true);
  });
});

/** A built plugin with no dependencies, whose lockfile says so; `files` are added to it. */
function minimalPlugin(files: Record<string, string> = {}, id = "tiny"): string {
  return pluginFolder({
    "nexo-plugin.toml": `[plugin]\nid = "${id}"\nversion = "1.0.0"\n\n[plugin.entrypoint]\ncommand = "bin/${id}"\n`,
    "package.json": JSON.stringify({ name: id, version: "1.0.0", main: "dist/main.js" }),
    "package-lock.json": lockfile(id, {}),
    "dist/main.js": "// the plugin\n",
    ...files,
  });
}

function packRefused(dir: string, out = tempDir()): string {
  const result = nexoPlugin(["pack", dir, "--out", out]);
  expect(result.status).toBe(1);
  expect(readdirSync(out)).toEqual([]);
  return result.stderr;
}

describe("pack lays dependencies out as the lockfile resolved them", () => {
  const pkg = (name: string, version: string, main = "module.exports = require(\"./package.json\").version;"): Record<string, string> => ({
    [`package.json`]: JSON.stringify({ name, version, main: "index.js" }),
    [`index.js`]: main,
  });
  const under = (prefix: string, files: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(files).map(([file, text]) => [`${prefix}/${file}`, text]));

  test("two versions of one package, the one a dependency needs nested under it; the plugin's own at the top", () => {
    const dir = minimalPlugin({
      "dist/main.js": 'process.stdout.write(JSON.stringify({ a: require("a"), bSeesA: require("b") }));\n',
      "package-lock.json": lockfile(
        "tiny",
        { dependencies: { a: "^1.0.0", b: "^1.0.0" }, devDependencies: { dev: "^1.0.0" } },
        {
          "node_modules/a": { version: "1.0.0" },
          "node_modules/b": { version: "1.0.0", dependencies: { a: "^2.0.0" } },
          "node_modules/b/node_modules/a": { version: "2.0.0" },
          "node_modules/dev": { version: "1.0.0", dev: true },
        },
      ),
      ...under("node_modules/a", pkg("a", "1.0.0")),
      ...under("node_modules/b", pkg("b", "1.0.0", 'module.exports = require("a");')),
      ...under("node_modules/b/node_modules/a", pkg("a", "2.0.0")),
      ...under("node_modules/dev", pkg("dev", "1.0.0")),
    });
    const out = tempDir();
    expect(nexoPlugin(["pack", dir, "--out", out]).status).toBe(0);
    const paths = list(path.join(out, "tiny-1.0.0-noarch.tar.gz")).map((e) => e.path);
    expect(paths.filter((p) => p.endsWith("package.json") && p.startsWith("lib/node_modules/"))).toEqual([
      "lib/node_modules/a/package.json",
      "lib/node_modules/b/node_modules/a/package.json",
      "lib/node_modules/b/package.json",
    ]);
    const installed = tempDir();
    tar.x({ file: path.join(out, "tiny-1.0.0-noarch.tar.gz"), cwd: installed, sync: true });
    const run = spawnSync(path.join(installed, "bin", "tiny"), [], { encoding: "utf8", timeout: 10_000 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ a: "1.0.0", bSeesA: "2.0.0" });
  });

  test("a workspace plugin whose own version of a package differs from the root's, which another dependency uses", () => {
    const root = tempDir();
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "root", version: "1.0.0", workspaces: ["plug"] }),
      "package-lock.json": JSON.stringify({
        name: "root",
        lockfileVersion: 3,
        packages: {
          "": { name: "root", version: "1.0.0", workspaces: ["plug"] },
          plug: { name: "plug", version: "1.0.0", dependencies: { a: "^2.0.0", c: "^1.0.0" } },
          "plug/node_modules/a": { version: "2.0.0" },
          "node_modules/a": { version: "1.0.0" },
          "node_modules/c": { version: "1.0.0", dependencies: { a: "^1.0.0" } },
          "node_modules/plug": { resolved: "plug", link: true },
        },
      }),
      "plug/nexo-plugin.toml": '[plugin]\nid = "plug"\nversion = "1.0.0"\n',
      "plug/package.json": JSON.stringify({ name: "plug", version: "1.0.0", main: "dist/main.js" }),
      "plug/dist/main.js": 'process.stdout.write(JSON.stringify({ a: require("a"), cSeesA: require("c") }));\n',
      ...under("plug/node_modules/a", pkg("a", "2.0.0")),
      ...under("node_modules/a", pkg("a", "1.0.0")),
      ...under("node_modules/c", pkg("c", "1.0.0", 'module.exports = require("a");')),
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    const out = tempDir();
    const result = nexoPlugin(["pack", path.join(root, "plug"), "--out", out]);
    expect(result.status).toBe(0);
    const installed = tempDir();
    tar.x({ file: path.join(out, "plug-1.0.0-noarch.tar.gz"), cwd: installed, sync: true });
    const run = spawnSync(path.join(installed, "bin", "plug"), [], { encoding: "utf8", timeout: 10_000 });
    expect(JSON.parse(run.stdout)).toEqual({ a: "2.0.0", cSeesA: "1.0.0" });
  });
});

describe("the launcher", () => {
  test("starts an ES module plugin, and runs under a package.json with \"type\": \"module\" above the install folder", () => {
    const esm = minimalPlugin({
      "package.json": JSON.stringify({ name: "tiny", version: "1.0.0", type: "module", main: "dist/main.js" }),
      "dist/main.js": 'import { helper } from "./helper.js";\nprocess.stdout.write(JSON.stringify({ helper, argv: process.argv.slice(1) }));\n',
      "dist/helper.js": 'export const helper = "esm";\n',
    });
    const out = tempDir();
    expect(nexoPlugin(["pack", esm, "--out", out]).status).toBe(0);
    const parent = tempDir();
    writeFileSync(path.join(parent, "package.json"), JSON.stringify({ type: "module" }));
    const installed = path.join(parent, "tiny");
    mkdirSync(installed);
    tar.x({ file: path.join(out, "tiny-1.0.0-noarch.tar.gz"), cwd: installed, sync: true });
    const run = spawnSync(path.join(installed, "bin", "tiny"), ["--flag", "value"], { encoding: "utf8", timeout: 10_000 });
    expect(run.stderr).toBe("");
    // The plugin sees itself started as `node lib/plugin/main.js --flag value`.
    expect(JSON.parse(run.stdout)).toEqual({ helper: "esm", argv: [path.join(installed, "lib", "plugin", "main.js"), "--flag", "value"] });

    const cjs = minimalPlugin({ "dist/main.js": 'process.stdout.write(typeof require + " " + require("node:path").basename(__filename));\n' });
    const cjsOut = tempDir();
    expect(nexoPlugin(["pack", cjs, "--out", cjsOut]).status).toBe(0);
    const cjsInstalled = path.join(parent, "tiny-cjs");
    mkdirSync(cjsInstalled);
    tar.x({ file: path.join(cjsOut, "tiny-1.0.0-noarch.tar.gz"), cwd: cjsInstalled, sync: true });
    const cjsRun = spawnSync(path.join(cjsInstalled, "bin", "tiny"), [], { encoding: "utf8", timeout: 10_000 });
    expect(cjsRun.stderr).toBe("");
    expect(cjsRun.stdout).toBe("function main.js");
  });

  test("turns Node's compile cache on before the plugin loads, where Node has one, unless NODE_DISABLE_COMPILE_CACHE is set", () => {
    // The probe reports what the Node that runs the launcher offers, and where its cache went.
    const probe = minimalPlugin({
      "dist/main.js":
        'const m = require("node:module");\n' +
        "process.stdout.write(JSON.stringify({ hasCache: typeof m.enableCompileCache === \"function\", dir: m.getCompileCacheDir ? m.getCompileCacheDir() ?? null : null }));\n",
    });
    const out = tempDir();
    expect(nexoPlugin(["pack", probe, "--out", out]).status).toBe(0);
    const installed = tempDir();
    tar.x({ file: path.join(out, "tiny-1.0.0-noarch.tar.gz"), cwd: installed, sync: true });
    // Without NODE_COMPILE_CACHE, the cache goes under the temp folder, which TMPDIR moves.
    const tmp = tempDir();
    const cacheDir = path.join(tmp, "node-compile-cache");
    const launch = (env: NodeJS.ProcessEnv): { hasCache: boolean; dir: string | null } => {
      const base = { ...process.env };
      delete base["NODE_COMPILE_CACHE"];
      delete base["NODE_DISABLE_COMPILE_CACHE"];
      const run = spawnSync(path.join(installed, "bin", "tiny"), [], { encoding: "utf8", timeout: 10_000, env: { ...base, ...env } });
      expect(run.stderr).toBe("");
      return JSON.parse(run.stdout) as { hasCache: boolean; dir: string | null };
    };

    const enabled = launch({ TMPDIR: tmp });
    if (enabled.hasCache) {
      // Node keeps the cache of each version in a folder of its own under the one given.
      expect(enabled.dir?.startsWith(cacheDir + path.sep)).toBe(true);
      expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
    } else {
      expect(enabled.dir).toBeNull();
    }
    expect(launch({ TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: "1" }).dir).toBeNull();
  });
});

describe("pack refuses, naming the path", () => {
  test("a symlink", () => {
    const dir = minimalPlugin();
    symlinkSync("/etc/hostname", path.join(dir, "dist", "link.txt"));
    expect(packRefused(dir)).toContain(`refused ${path.join(dir, "dist", "link.txt")}: a symlink`);
  });

  test("a non-regular file (a FIFO)", () => {
    const dir = minimalPlugin();
    const fifo = path.join(dir, "dist", "queue");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(packRefused(dir)).toContain(`refused ${fifo}: not a regular file`);
  });

  test.each(["addon.node", "lib/x.so", "lib/x.so.1", "x.dylib", "x.dll"])("a native addon (%s) in the build", (file) => {
    const dir = minimalPlugin({ [`dist/${file}`]: "binary" });
    expect(packRefused(dir)).toContain(`refused ${path.join(dir, "dist", ...file.split("/"))}: a native addon`);
  });

  test("a native addon in a dependency", () => {
    const dir = minimalPlugin({
      "package-lock.json": lockfile("tiny", { dependencies: { fast: "^1.0.0" } }, { "node_modules/fast": { version: "1.0.0" } }),
      "node_modules/fast/package.json": JSON.stringify({ name: "fast", version: "1.0.0" }),
      "node_modules/fast/build/Release/fast.node": "binary",
    });
    expect(packRefused(dir)).toContain(`refused ${path.join(dir, "node_modules", "fast", "build", "Release", "fast.node")}: a native addon`);
  });

  test("a '..' path, from a lockfile naming a dependency outside the tree", () => {
    const root = tempDir();
    const dir = path.join(root, "a", "plugin");
    // Where the lockfile's "node_modules/../../escape" is: two folders up from the plugin's node_modules.
    mkdirSync(path.join(root, "a", "escape"), { recursive: true });
    writeFileSync(path.join(root, "a", "escape", "package.json"), JSON.stringify({ name: "escape", version: "1.0.0" }));
    for (const [file, text] of Object.entries({
      "nexo-plugin.toml": '[plugin]\nid = "tiny"\nversion = "1.0.0"\n',
      "package.json": JSON.stringify({ name: "tiny", version: "1.0.0", main: "dist/main.js" }),
      "package-lock.json": lockfile("tiny", { dependencies: { "../../escape": "*" } }, { "node_modules/../../escape": { version: "1.0.0" } }),
      "dist/main.js": "",
    })) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    expect(packRefused(dir)).toContain('refused lib/node_modules/../../escape/package.json: a path with an empty, "." or ".." segment');
  });

  test("more than 10,000 entries", () => {
    const dir = minimalPlugin();
    mkdirSync(path.join(dir, "dist", "many"));
    for (let i = 0; i < 10_000; i++) writeFileSync(path.join(dir, "dist", "many", `${i}.js`), "");
    expect(packRefused(dir)).toMatch(/refused: 100\d\d entries, more than the installer's 10000 \(largest folders: lib\/plugin 1000\d/);
  });

  test("more than 250 MiB unpacked", () => {
    const dir = minimalPlugin();
    // Sparse files: the sizes count, and nothing is read before the refusal.
    for (const name of ["a.bin", "b.bin", "c.bin"]) truncateSync(writeEmpty(path.join(dir, "dist", name)), 90 * 1024 * 1024);
    expect(packRefused(dir)).toMatch(/refused: 270\.0 MiB unpacked, more than the installer's 250\.0 MiB/);
  });

  test("one entry over 100 MiB", () => {
    const dir = minimalPlugin();
    const big = writeEmpty(path.join(dir, "dist", "big.bin"));
    truncateSync(big, 101 * 1024 * 1024);
    expect(packRefused(dir)).toContain(`refused ${big}: 101.0 MiB, more than the installer's 100.0 MiB for one entry`);
  });

  test("more than 100 MiB packed, leaving no partial tarball", () => {
    const dir = minimalPlugin();
    // Incompressible: 2 x 51 MiB of pseudo-random bytes gzip to more than 100 MiB.
    let state = 0x12345678;
    for (const name of ["r1.bin", "r2.bin"]) {
      const data = Buffer.alloc(51 * 1024 * 1024);
      for (let i = 0; i < data.length; i += 4) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        data.writeInt32LE(state | 0, i);
      }
      writeFileSync(path.join(dir, "dist", name), data);
    }
    const out = tempDir();
    expect(packRefused(dir, out)).toContain(`refused ${path.join(out, "tiny-1.0.0-noarch.tar.gz")}: more than 100.0 MiB packed`);
  }, 120_000);

  test("an --out file name that disagrees with the manifest's id or version", () => {
    const dir = minimalPlugin();
    const out = tempDir();
    for (const name of ["tiny-2.0.0-noarch.tar.gz", "other-1.0.0-noarch.tar.gz"]) {
      const result = nexoPlugin(["pack", dir, "--out", path.join(out, name)]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`refused ${path.join(out, name)}: the installer expects tiny-1.0.0-noarch.tar.gz for the id and version in ${path.join(dir, "nexo-plugin.toml")}`);
    }
    expect(readdirSync(out)).toEqual([]);
    const ok = nexoPlugin(["pack", dir, "--out", path.join(out, "tiny-1.0.0-noarch.tar.gz")]);
    expect(ok.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["tiny-1.0.0-noarch.tar.gz", "tiny-1.0.0-noarch.tar.gz.sha256"]);
  });

  test("a dependency the lockfile lists but that is not installed", () => {
    const dir = minimalPlugin({ "package-lock.json": lockfile("tiny", { dependencies: { gone: "^1.0.0" } }, { "node_modules/gone": { version: "1.0.0" } }) });
    expect(packRefused(dir)).toContain(`the project depends on gone, which is not installed at ${path.join(dir, "node_modules", "gone")}`);
  });

  test("a plugin without a lockfile, or not built", () => {
    const noLock = pluginFolder({
      "nexo-plugin.toml": '[plugin]\nid = "tiny"\nversion = "1.0.0"\n',
      "package.json": JSON.stringify({ name: "tiny", main: "dist/main.js" }),
      "dist/main.js": "",
    });
    expect(packRefused(noLock)).toContain(`no package-lock.json in ${noLock} or above: run npm install`);
    const unbuilt = minimalPlugin();
    const main = path.join(unbuilt, "dist", "main.js");
    rmSync(main);
    expect(packRefused(unbuilt)).toContain(`${main}: the compiled entry point does not exist; build the plugin first (npm run build)`);
  });
});

function writeEmpty(file: string): string {
  writeFileSync(file, "");
  return file;
}
