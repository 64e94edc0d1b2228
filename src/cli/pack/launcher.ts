/**
 * The text of `bin/<id>`, the executable the daemon starts: it runs `lib/plugin/<main>` in the
 * same process, with the arguments it was given, so the plugin sees
 * `process.argv = [node, lib/plugin/<main>, ...args]` as if started with `node`, and Node finds
 * its dependencies in `lib/node_modules/`.
 *
 * So `bin/<id> --print-manifest` (the daemon's discovery probe) is the plugin's own answer:
 * `bootstrap()` and `PluginAdapter` print the manifest they found, which, walking up from
 * `lib/plugin/`, is the release's `nexo-plugin.toml`.
 *
 * Where Node has it (22.8 and later), the launcher turns on Node's on-disk compile cache before
 * the plugin loads: compiling the SDK and the plugin's dependencies is a large part of a start,
 * and a plugin starts the same code every time. `NODE_DISABLE_COMPILE_CACHE=1` turns it off,
 * `NODE_COMPILE_CACHE=dir` moves it (the default is a folder under the system's temp folder).
 *
 * The launcher has no `.js` extension, so Node decides from the nearest package.json above the
 * install folder whether it is CommonJS or an ES module; it is written to run as either (no
 * `require`, no `import` statement, only `import()`).
 */

/** What the launcher needs to know about the plugin. */
export interface LauncherOptions {
  readonly id: string;
  readonly version: string;
  /** The entry point under `lib/plugin/`, `/`-separated, such as `main.js`. */
  readonly main: string;
  /** How the entry point loads: `require()` for CommonJS, `import()` for an ES module. */
  readonly moduleType: "commonjs" | "module";
}

/** The launcher's source text. */
export function launcherSource(options: LauncherOptions): string {
  const main = JSON.stringify(options.main.split("/"));
  const load =
    options.moduleType === "module"
      ? "return import(url.pathToFileURL(main).href);"
      : "module.createRequire(main)(main);";
  return `#!/usr/bin/env node
// ${options.id} ${options.version}: starts the plugin in lib/plugin with the dependencies in
// lib/node_modules. Written by nexo-plugin pack.
"use strict";
Promise.all([import("node:fs"), import("node:path"), import("node:url"), import("node:module")]).then(([fs, path, url, module]) => {
  const root = path.dirname(path.dirname(fs.realpathSync(process.argv[1])));
  const main = path.join(root, "lib", "plugin", ...${main});
  process.argv[1] = main;
  if (typeof module.enableCompileCache === "function") module.enableCompileCache();
  ${load}
}).catch((error) => {
  process.stderr.write("${options.id}: cannot start: " + (error && error.stack ? error.stack : String(error)) + "\\n");
  process.exitCode = 1;
});
`;
}
