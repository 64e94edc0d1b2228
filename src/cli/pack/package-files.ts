/**
 * The files of one package as they go into the release, each with its size. Anything that is
 * not a regular file (a symlink, a socket, a device) is refused with its path: the installer
 * refuses such entries, and a symlink could point anywhere on the packing machine.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { CommandFailure } from "../command";

/** One file to copy: its path relative to the package folder (`/`-separated) and its size. */
export interface PackageFile {
  readonly relative: string;
  readonly size: number;
}

/**
 * Every file under `dir`, skipping `node_modules` folders (their packages are placed from the
 * lockfile on their own). Used for installed packages, which hold what their tarball held, and
 * for the plugin's build folder.
 */
export function walkFiles(dir: string): PackageFile[] {
  const files: PackageFile[] = [];
  const visit = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") visit(child);
      } else {
        files.push(regularFile(dir, child));
      }
    }
  };
  visit("");
  return files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

/**
 * The files npm would publish from a project folder (a workspace or a `file:` dependency, such
 * as `nexoai` itself in its own repository): its `files` list, `.npmignore` and npm's fixed
 * rules, exactly as `npm pack` reads them. Scripts are not run.
 */
export function publishedFiles(dir: string): PackageFile[] {
  let output: string;
  try {
    output = execFileSync(npmCommand(), [...npmArgs(), "pack", "--dry-run", "--json", "--ignore-scripts", "--workspaces=false"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n").pop();
    throw new CommandFailure(`${dir}: npm pack --dry-run failed listing the files to bundle: ${stderr || (error as Error).message}`);
  }
  const listed = (JSON.parse(output) as Array<{ files: Array<{ path: string }> }>)[0]?.files ?? [];
  return listed.map((file) => regularFile(dir, file.path)).sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

/**
 * `relative` under `dir`, with its size.
 *
 * @throws {CommandFailure} naming the path when it is a symlink or anything but a regular file.
 */
export function regularFile(dir: string, relative: string): PackageFile {
  const full = path.join(dir, relative);
  const stat = lstatSync(full);
  if (stat.isSymbolicLink()) throw new CommandFailure(`refused ${full}: a symlink; the installer accepts regular files only`);
  if (!stat.isFile()) throw new CommandFailure(`refused ${full}: not a regular file; the installer accepts regular files only`);
  return { relative, size: stat.size };
}

/** The npm that runs the current npm script (`npm run pack`), else the one on PATH. */
function npmCommand(): string {
  return npmScript() ? process.execPath : process.platform === "win32" ? "npm.cmd" : "npm";
}

function npmArgs(): string[] {
  const script = npmScript();
  return script ? [script] : [];
}

/** `npm_execpath` when it is npm's own script (yarn and pnpm set it to theirs). */
function npmScript(): string | undefined {
  const execPath = process.env["npm_execpath"];
  return execPath && /^npm(-cli)?\.c?js$/.test(path.basename(execPath)) ? execPath : undefined;
}
