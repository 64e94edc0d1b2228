/**
 * Jest global setup: the wire tests spawn plugins that load the built package, so make sure
 * dist/ is current. Builds only when dist/index.js (or the ESM facade) is missing or older than
 * some file under src/, so repeated runs stay fast.
 */
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** Newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** The build output's age: the older of the CommonJS entry and the ESM facade, 0 when either is missing. */
function builtMtime(): number {
  const outputs = ["index.js", "index.mjs"].map((file) => path.join(ROOT, "dist", file));
  if (!outputs.every((file) => existsSync(file))) return 0;
  return Math.min(...outputs.map((file) => statSync(file).mtimeMs));
}

export default function buildOnce(): void {
  if (builtMtime() >= newestMtime(path.join(ROOT, "src"))) return;
  process.stderr.write("[build-once] dist/ is missing or stale: running npm run build\n");
  execSync("npm run build", { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
}
