/**
 * Runs the built `nexo-plugin` command line as a user would, and makes small plugin folders for
 * it to work on.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { tempDir } from "./wire-host";

/** The repository root. */
export const ROOT = path.join(__dirname, "..", "..");
/** The built command line. */
export const CLI = path.join(ROOT, "dist", "cli", "main.js");

const fileTempDirs: string[] = [];
if (typeof afterAll === "function") afterAll(() => fileTempDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary folder kept for all the tests of a file (start it in `beforeAll`), removed after them. */
export function fileTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "nexoai-cli-"));
  fileTempDirs.push(dir);
  return dir;
}

/** What a command printed and how it exited. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `nexo-plugin <args>` in `cwd` (default: the repository) and waits for it. */
export function nexoPlugin(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: options.timeoutMs ?? 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A plugin folder in a fresh temporary directory with the given files (paths `/`-separated).
 * `link` names packages of this repository's node_modules to make resolvable from it, as an
 * install would (`nexoai` is this repository).
 */
export function pluginFolder(files: Readonly<Record<string, string>>, link: readonly string[] = []): string {
  const dir = tempDir();
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(dir, ...relative.split("/"));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  for (const name of link) {
    const target = name === "nexoai" ? ROOT : path.join(ROOT, "node_modules", name);
    const at = path.join(dir, "node_modules", ...name.split("/"));
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(target, at, "dir");
  }
  return dir;
}

/** A package-lock.json for a project with the given installed packages (location -> entry). */
export function lockfile(name: string, root: Record<string, unknown>, packages: Record<string, Record<string, unknown>> = {}): string {
  return `${JSON.stringify({ name, version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name, version: "1.0.0", ...root }, ...packages } }, null, 2)}\n`;
}
