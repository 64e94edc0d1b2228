/**
 * What the built package loads, checked in child processes: class-validator only when a
 * handler declares a DTO, and a clear BootstrapError when reflect-metadata is missing.
 */
import { execFile, execSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

import { OnEvent, type Event } from "../src";
import { startHost, stopHost, stopHosts } from "./fixtures/decorators/helpers";

const ROOT = path.join(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures", "decorators");

beforeAll(() => {
  // The jest global setup normally builds dist/; build here too when it is missing.
  if (!existsSync(path.join(ROOT, "dist", "index.js")) || !existsSync(path.join(ROOT, "dist", "bootstrap", "index.js"))) {
    execSync("npm run build", { cwd: ROOT, stdio: "ignore" });
  }
}, 120_000);

afterEach(stopHosts);

interface ChildRun {
  code: number | null;
  frames: Array<Record<string, unknown>>;
  stdout: string;
  stderr: string;
}

/** Runs the lazy-loading fixture, feeds it `lines` then a shutdown request, and collects its output. */
function runLazyPlugin(mode: string, lines: object[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(FIXTURES, "lazy-plugin.js"), mode], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`fixture ${mode} did not exit; stderr: ${stderr}`));
    }, 15_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const frames = stdout
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, frames, stdout, stderr });
    });
    const all = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: { nexo_version: "0.1.0" } },
      ...lines,
      { jsonrpc: "2.0", id: 2, method: "shutdown", params: {} },
    ];
    child.stdin.write(all.map((frame) => JSON.stringify(frame) + "\n").join(""));
  });
}

function brokerEvent(topic: string, payload: unknown): object {
  return {
    jsonrpc: "2.0",
    method: "broker.event",
    params: { topic, event: { topic, source: "test", session_id: null, payload } },
  };
}

/** The `classValidatorLoaded` flags the fixture's probe handler published, in order. */
function probes(run: ChildRun): boolean[] {
  return run.frames
    .filter((f) => f["method"] === "broker.publish")
    .map((f) => ((f["params"] as { event: { payload: { classValidatorLoaded: boolean } } }).event.payload.classValidatorLoaded));
}

function expectCleanExit(run: ChildRun): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  expect(run.frames.at(-1)).toEqual({ jsonrpc: "2.0", id: 2, result: { ok: true } });
}

describe("lazy loading of class-validator", () => {
  it("does not load class-validator for a plugin without any DTO", async () => {
    const run = await runLazyPlugin("plain", [brokerEvent("probe", null)]);
    expectCleanExit(run);
    expect(probes(run)).toEqual([false]);
    expect(run.stderr).toBe("");
  });

  it("loads it once an event handler with a payload DTO validates an event", async () => {
    const run = await runLazyPlugin("event-dto", [brokerEvent("dto", { any: "thing" }), brokerEvent("probe", null)]);
    expectCleanExit(run);
    expect(probes(run)).toEqual([true]);
  });

  it("loads it at bootstrap for a tool with an input DTO (its schema is generated from it)", async () => {
    const run = await runLazyPlugin("tool-dto", [brokerEvent("probe", null)]);
    expectCleanExit(run);
    expect(probes(run)).toEqual([true]);
    const init = run.frames.find((f) => f["id"] === 1) as { result: { tools: unknown[] } };
    expect(init.result.tools).toEqual([{ name: "lazy_tool", description: "t", input_schema: { type: "object", properties: {} } }]);
  });
});

describe("reflect-metadata check", () => {
  function runNoReflect(mode: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [path.join(FIXTURES, "no-reflect.js"), mode], { timeout: 15_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim()) as Record<string, unknown>);
      });
    });
  }

  it("rejects bootstrap() with a BootstrapError naming reflect-metadata when it is not loaded", async () => {
    const result = await runNoReflect("without-reflect");
    expect(result).toEqual({
      getMetadataBefore: "undefined",
      reflectMetadataLoaded: false,
      outcome: "rejected",
      isBootstrapError: true,
      className: "NoReflect",
      message: expect.stringContaining("reflect-metadata"),
    });
  });

  it("runs the same class once reflect-metadata is loaded", async () => {
    const result = await runNoReflect("with-reflect");
    expect(result).toEqual({ getMetadataBefore: "function", reflectMetadataLoaded: true, outcome: "resolved", code: 0 });
  });
});

describe("two copies of the package", () => {
  it("share one metadata store: a class decorated by the built copy runs under the source copy", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require(path.join(ROOT, "dist", "index.js")) as typeof import("../src");
    expect(built.OnEvent).not.toBe(OnEvent);

    const calls: string[] = [];
    class Mixed {
      fromBuilt(event: Event): void {
        calls.push(`built:${event.topic}`);
      }

      fromSource(event: Event): void {
        calls.push(`source:${event.topic}`);
      }
    }
    const decorate = (decorator: MethodDecorator, key: keyof Mixed): void => {
      decorator(Mixed.prototype, key, Object.getOwnPropertyDescriptor(Mixed.prototype, key)!);
    };
    decorate(built.OnEvent("mixed.*"), "fromBuilt");
    decorate(OnEvent("mixed.>"), "fromSource");
    built.Plugin()(Mixed);

    const host = startHost(Mixed);
    host.event("mixed.one", null);
    await host.idle();
    expect(calls).toEqual(["built:mixed.one", "source:mixed.one"]);
    await stopHost(host);
  });
});
