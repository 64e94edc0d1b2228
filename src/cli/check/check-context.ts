/**
 * Everything the check rules look at, read once from the plugin folder: the manifest (with its
 * unknown-key warnings, or the error that stopped it), the build, the handlers of the compiled
 * plugin class, and the TypeScript options. Nothing is run: the plugin's modules are loaded in
 * a separate process with `bootstrap()` replaced.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { ManifestError, readManifestFile, type Manifest } from "../../core";
import { isBuild, readBuild, type Build, type BuildProblem } from "../plugin-build";
import { loadPluginShape } from "./load-plugin";
import type { PluginShape } from "./plugin-shape";

/** The compiler options `check` looks at, as TypeScript resolved them (`extends` followed). */
export interface CompilerFlags {
  readonly experimentalDecorators?: boolean;
  readonly emitDecoratorMetadata?: boolean;
  readonly useDefineForClassFields?: boolean;
  /** The `target` name in lower case, such as `es2022`. */
  readonly target?: string;
}

/** What the rules are given. */
export interface CheckContext {
  /** The plugin folder, absolute. */
  readonly dir: string;
  /** The manifest's file name relative to `dir`. */
  readonly manifestFile: string;
  /** The manifest, when it is valid. */
  readonly manifest: Manifest | undefined;
  /** Why it is not. */
  readonly manifestError: ManifestError | undefined;
  /** Warnings while reading it, such as unknown keys. */
  readonly manifestWarnings: readonly string[];
  /** The build, when package.json names a built entry point. */
  readonly build: Build | undefined;
  /** Why there is none. */
  readonly buildProblem: BuildProblem | undefined;
  /** The entry point relative to `dir`, for findings about the plugin class. */
  readonly entryFile: string;
  /** The handlers of the classes the entry passes to `bootstrap()`; undefined without a build. */
  readonly plugin: PluginShape | undefined;
  /** The tsconfig file relative to `dir`, when there is one. */
  readonly tsconfigFile: string | undefined;
  readonly compilerFlags: CompilerFlags | undefined;
  /** Why the tsconfig could not be read. */
  readonly tsconfigProblem: string | undefined;
}

/** Reads the plugin folder for the rules. `tsconfig` is relative to `dir`. */
export async function readCheckContext(dir: string, tsconfig: string): Promise<CheckContext> {
  const manifestFile = "nexo-plugin.toml";
  const manifestWarnings: string[] = [];
  let manifest: Manifest | undefined;
  let manifestError: ManifestError | undefined;
  try {
    manifest = readManifestFile(path.join(dir, manifestFile), { warn: (message) => manifestWarnings.push(message) });
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    manifestError = error;
  }
  const read = readBuild(dir);
  const build = isBuild(read) ? read : undefined;
  const buildProblem = isBuild(read) ? undefined : read;
  const entry = build?.entry;
  const plugin = !build
    ? undefined
    : build.moduleType === "module"
      ? ({ status: "unreadable", reason: "the entry point is an ES module; the class checks read CommonJS builds only" } as const)
      : await loadPluginShape(build.entry, dir);
  return {
    dir,
    manifestFile,
    manifest,
    manifestError,
    manifestWarnings,
    build,
    buildProblem,
    entryFile: entry ? relative(dir, entry) : "package.json",
    plugin,
    ...readCompilerFlags(dir, tsconfig),
  };
}

type TsconfigPart = Pick<CheckContext, "tsconfigFile" | "compilerFlags" | "tsconfigProblem">;

/**
 * The options as TypeScript itself resolves them, with the `typescript` package the plugin
 * builds with (loaded from the plugin folder, only here): tsconfig files are JSON with comments
 * and may extend others.
 */
function readCompilerFlags(dir: string, tsconfig: string): TsconfigPart {
  const file = path.resolve(dir, tsconfig);
  const shown = relative(dir, file);
  if (!existsSync(file)) return { tsconfigFile: undefined, compilerFlags: undefined, tsconfigProblem: undefined };
  let ts: typeof import("typescript");
  try {
    ts = createRequire(path.join(dir, "package.json"))("typescript") as typeof import("typescript");
  } catch {
    return { tsconfigFile: shown, compilerFlags: undefined, tsconfigProblem: "cannot read it without the typescript package installed in the plugin folder" };
  }
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) return { tsconfigFile: shown, compilerFlags: undefined, tsconfigProblem: flatten(ts, read.error.messageText) };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
  const fatal = parsed.errors.find((e) => e.code !== 18003); // 18003: no inputs found, irrelevant here
  if (fatal) return { tsconfigFile: shown, compilerFlags: undefined, tsconfigProblem: flatten(ts, fatal.messageText) };
  const options = parsed.options;
  const target = options.target === undefined ? undefined : String(ts.ScriptTarget[options.target]).toLowerCase();
  return {
    tsconfigFile: shown,
    tsconfigProblem: undefined,
    compilerFlags: {
      ...(options.experimentalDecorators === undefined ? {} : { experimentalDecorators: options.experimentalDecorators }),
      ...(options.emitDecoratorMetadata === undefined ? {} : { emitDecoratorMetadata: options.emitDecoratorMetadata }),
      ...(options.useDefineForClassFields === undefined ? {} : { useDefineForClassFields: options.useDefineForClassFields }),
      ...(target === undefined ? {} : { target }),
    },
  };
}

function flatten(ts: typeof import("typescript"), message: string | import("typescript").DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, " ");
}

function relative(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join("/") || ".";
}
