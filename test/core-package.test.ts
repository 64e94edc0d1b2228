/**
 * The built package as a plugin author's code loads it: `require` and ESM `import`, by path and
 * by name through package.json's `exports` map, exporting the core runtime's public names.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

import { tempDir } from "./support/wire-host";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..");
const DIST_CJS = path.join(ROOT, "dist", "index.js");

const CORE_EXPORTS = [
  "PluginAdapter",
  "BrokerSender",
  "Event",
  "PluginError",
  "ManifestError",
  "WireError",
  "readManifest",
  "installStdoutGuard",
  "uninstallStdoutGuard",
  "isStdoutGuardInstalled",
  "STDOUT_GUARD_MARKER",
  "MAX_FRAME_BYTES",
  "JSONRPC_VERSION",
  "serializeFrame",
  "buildResponse",
  "buildErrorResponse",
  "buildNotification",
  "textResult",
  "DEFAULT_RPC_TIMEOUT_MS",
  "ToolNotFoundError",
  "ToolArgumentInvalidError",
  "ToolExecutionFailedError",
  "ToolUnavailableError",
  "ToolDeniedError",
  "RpcServerError",
  "RpcTimeoutError",
  "RpcTransportError",
  "RpcDecodeError",
];

/** Prints the facts a test checks about the loaded module `m`, as one JSON line. */
const REPORT = `JSON.stringify({
  keys: Object.keys(m).filter((k) => k !== "default" && k !== "__esModule").sort(),
  adapterIsClass: typeof m.PluginAdapter === "function",
  wireIsPluginError: new m.WireError("x") instanceof m.PluginError,
  marker: m.STDOUT_GUARD_MARKER,
  max: m.MAX_FRAME_BYTES,
  version: m.JSONRPC_VERSION,
  frame: m.serializeFrame(m.buildResponse(1, m.textResult("hi"))),
  notification: m.serializeFrame(m.buildNotification("broker.publish", { a: 1 })),
  error: m.serializeFrame(m.buildErrorResponse(2, -32601, "method not found: x")),
})`;

interface Report {
  keys: string[];
  adapterIsClass: boolean;
  wireIsPluginError: boolean;
  marker: string;
  max: number;
  version: string;
  frame: string;
  notification: string;
  error: string;
}

async function node(args: string[], cwd: string): Promise<Report> {
  const { stdout } = await run(process.execPath, args, { cwd, timeout: 20_000 });
  return JSON.parse(stdout) as Report;
}

/** A project directory with `node_modules/nexoai` pointing at this repository, as after an install. */
function projectWithPackage(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(ROOT, path.join(dir, "node_modules", "nexoai"), "dir");
  return dir;
}

function expectCoreApi(report: Report): void {
  expect(report.keys).toEqual(expect.arrayContaining(CORE_EXPORTS));
  expect(report.adapterIsClass).toBe(true);
  expect(report.wireIsPluginError).toBe(true);
  expect(report.marker).toBe("[stdout-guard]");
  expect(report.max).toBe(1_048_576);
  expect(report.version).toBe("2.0");
  expect(report.frame).toBe('{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hi"}],"is_error":false}}\n');
  expect(report.notification).toBe('{"jsonrpc":"2.0","method":"broker.publish","params":{"a":1}}\n');
  expect(report.error).toBe('{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"method not found: x"}}\n');
}

describe("the built package", () => {
  it("has a CommonJS entry, an ESM facade and type declarations", () => {
    for (const file of ["index.js", "index.mjs", "index.d.ts"]) expect(existsSync(path.join(ROOT, "dist", file))).toBe(true);
  });

  it("loads with require() by path", async () => {
    const report = await node(["-e", `const m = require(${JSON.stringify(DIST_CJS)}); console.log(${REPORT});`], tempDir());
    expectCoreApi(report);
  });

  it("loads with require() by name through the exports map", async () => {
    const report = await node(["-e", `const m = require("nexoai"); console.log(${REPORT});`], projectWithPackage());
    expectCoreApi(report);
  });

  it("loads with ESM import by name, with the same names and the same module instance as require()", async () => {
    const script = `
      import * as m from "nexoai";
      import { createRequire } from "node:module";
      const cjs = createRequire(import.meta.url)("nexoai");
      if (m.PluginAdapter !== cjs.PluginAdapter) throw new Error("import and require loaded two copies");
      const { PluginAdapter, WireError, readManifest } = m;
      if (!PluginAdapter || !WireError || !readManifest) throw new Error("missing named exports");
      console.log(${REPORT});`;
    const report = await node(["--input-type=module", "-e", script], projectWithPackage());
    expectCoreApi(report);
    const cjsKeys = (await node(["-e", `const m = require("nexoai"); console.log(${REPORT});`], projectWithPackage())).keys;
    expect(report.keys).toEqual(cjsKeys);
  });

  it("loads with ESM import by path of the facade", async () => {
    const url = new URL(`file://${path.join(ROOT, "dist", "index.mjs")}`).href;
    const report = await node(["--input-type=module", "-e", `import * as m from ${JSON.stringify(url)}; console.log(${REPORT});`], tempDir());
    expectCoreApi(report);
  });
});
