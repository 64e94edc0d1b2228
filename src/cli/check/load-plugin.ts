/**
 * Reads the handlers of a compiled plugin by running {@link ./plugin-loader} in a child process,
 * so that whatever the plugin's modules do at load time (write to stdout, start timers, exit)
 * cannot disturb the report.
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import type { PluginShape } from "./plugin-shape";

/** How long loading may take: a plugin's modules load in well under a second. */
const LOAD_TIMEOUT_MS = 15_000;

/** Loads `entry` (a CommonJS file) in a child process started in `cwd`. */
export function loadPluginShape(entry: string, cwd: string): Promise<PluginShape> {
  return new Promise((resolve) => {
    const child = fork(path.join(__dirname, "plugin-loader.js"), [entry], {
      cwd,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      execArgv: [],
    });
    let stderr = "";
    let shape: PluginShape | undefined;
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), LOAD_TIMEOUT_MS);
    child.on("message", (message) => {
      shape = message as PluginShape;
    });
    child.on("error", (error) => {
      shape ??= { status: "unreadable", reason: `the loader could not start: ${error.message}` };
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const lastLine = stderr.trim().split("\n").pop();
      const how = signal === "SIGKILL" ? `did not finish within ${LOAD_TIMEOUT_MS / 1000} s` : `exited with ${signal ?? `code ${code}`}`;
      resolve(shape ?? { status: "unreadable", reason: `loading the entry point ${how}${lastLine ? `: ${lastLine}` : ""}` });
    });
  });
}
